// Helpers every builtin uses: output with bash's write-error message, and
// "bash: NAME: message" errors.
import type { Shell } from '../shell.ts'
import { err, writeAll, type Sys } from '../../libc/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'

export type Builtin = (sh: Shell, argv: string[]) => Sys<number>

/** Writes to stdout; on failure prints `bash: echo: write error: <strerror>` and returns 1. */
export function* print(sh: Shell, text: string): Sys<number> {
  if (text === '') return 0
  const r = yield* writeAll(1, text)
  if (r < 0) {
    yield* err(`${sh.prefix()}${sh.builtinName}: write error: ${strerror(-r)}\n`)
    return 1
  }
  return 0
}

/** `bash: line 1: NAME: msg` (bash's builtin_error). */
export function* fail(sh: Shell, msg: string, status = 1): Sys<number> {
  yield* err(`${sh.prefix()}${sh.builtinName}: ${msg}\n`)
  return status
}

/** `NAME: usage: ...` (bash's builtin_usage prints no shell name). */
export function* usage(sh: Shell, text: string, status = 2): Sys<number> {
  yield* err(`${sh.builtinName}: usage: ${text}\n`)
  return status
}

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)
}
