// Shared by the stress programs (memhog, cpuburn, iohog, forkbomb): sizes with
// K/M/G suffixes (as stress-ng and dd read them), durations, a monotonic clock.
import { CLOCK_MONOTONIC } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, type Sys } from '../../libc/index.ts'

/** "512M", "1G", "4k", "100" (bytes) → bytes, or undefined. Binary multiples, like dd's K/M/G. */
export function parseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)(i?[bB])?$/.exec(s.trim())
  if (!m) return undefined
  const mult = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase()]!
  return Math.floor(Number(m[1]) * mult)
}

/** "10", "2.5", "500ms" → seconds, or undefined. */
export function parseSeconds(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(s.trim())
  if (!m) return undefined
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1])
}

export function* monotonic(): Sys<number> {
  return yield* clockGettime(CLOCK_MONOTONIC)
}

export const MiB = 2 ** 20

/** "512 MiB", "1.5 GiB" for reports. */
export function fmtBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${n} B`
}
