// Character devices (devices.txt): /dev/null, zero, full, random, urandom, tty, pts/N.
import { E, makedev } from '../../abi/index.ts'
import { nextU32 } from '../../base/rng.ts'
import type { Kernel } from '../kernel.ts'

export { major, makedev, minor } from '../../abi/dev.ts'

export const DEV_NULL = makedev(1, 3)
export const DEV_ZERO = makedev(1, 5)
export const DEV_FULL = makedev(1, 7)
export const DEV_RANDOM = makedev(1, 8)
export const DEV_URANDOM = makedev(1, 9)
export const DEV_TTY = makedev(5, 0)
export const DEV_CONSOLE = makedev(5, 1)
export const PTS_MAJOR = 136

export function devRead(k: Kernel, rdev: number, count: number): string | number {
  switch (rdev) {
    case DEV_NULL:
      return ''
    case DEV_ZERO:
    case DEV_FULL:
      return '\0'.repeat(Math.min(count, 65536))
    case DEV_RANDOM:
    case DEV_URANDOM:
      return randomBytes(k, Math.min(count, 65536))
    default:
      return -E.ENXIO
  }
}

export function devWrite(rdev: number, data: string): number {
  switch (rdev) {
    case DEV_NULL:
    case DEV_ZERO:
    case DEV_RANDOM:
    case DEV_URANDOM:
      return data.length
    case DEV_FULL:
      return -E.ENOSPC
    default:
      return -E.ENXIO
  }
}

/** Bytes from the kernel's seeded generator (so `head -c 8 /dev/urandom` is replayable). */
export function randomBytes(k: Kernel, n: number): string {
  void k.edit // opens the tick: k.s is then this tick's copy
  const rng = [...k.s.rng] as typeof k.s.rng // snapshots share the old array
  const codes = new Array<number>(n)
  for (let i = 0; i < n; i += 4) {
    const v = nextU32(rng)
    for (let j = 0; j < 4 && i + j < n; j++) codes[i + j] = (v >>> (8 * j)) & 0xff
  }
  let out = ''
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192))
  k.s.rng = rng
  return out
}
