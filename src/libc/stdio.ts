// Small stdio helpers every program uses: write all of a string, read a whole
// fd, print an error in coreutils style ("cat: /x: No such file or directory").
import { strerror } from '../../kernel-sim/abi/index.ts'
import { read, write, type Sys } from './syscalls.ts'

/** Writes all of `data`; returns 0 or -errno (EPIPE when the reader is gone). */
export function* writeAll(fd: number, data: string): Sys<number> {
  let off = 0
  while (off < data.length) {
    const n = yield* write(fd, off === 0 ? data : data.slice(off))
    if (n < 0) return n
    if (n === 0) return 0
    off += n
  }
  return 0
}

export const out = (data: string) => writeAll(1, data)
export const err = (data: string) => writeAll(2, data)

/** Reads to end of file; -errno on failure. */
export function* readAll(fd: number): Sys<string | number> {
  let acc = ''
  for (;;) {
    const r = yield* read(fd, 65536)
    if (typeof r === 'number') return r
    if (r === '') return acc
    acc += r
  }
}

/** `prog: what: strerror` on stderr, as coreutils' error() prints it. */
export function* perror(prog: string, what: string, errno: number): Sys<void> {
  yield* err(`${prog}: ${what}: ${strerror(errno)}\n`)
}

/** An environment ("K=V" strings) as a lookup. */
export function getenv(envp: readonly string[], key: string): string | undefined {
  const prefix = key + '='
  for (let i = envp.length - 1; i >= 0; i--) if (envp[i]!.startsWith(prefix)) return envp[i]!.slice(prefix.length)
  return undefined
}
