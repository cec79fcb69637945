// Helpers every builtin uses: output with bash's write-error message, and
// "bash: NAME: message" errors.
import type { Shell } from '../shell.ts'
import { err, writeAll, type Sys } from '../../libc/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'

export type Builtin = (sh: Shell, argv: string[]) => Sys<number>

/** Writes to stdout; on failure prints `bash: echo: write error: <strerror>` and returns 1. */
export function* print(sh: Shell, text: string): Sys<number> {
  return yield* chkwrite(sh, yield* put(text), 0)
}

/**
 * Writes to stdout as a builtin's printf does: a failure (-errno) is only returned,
 * as stdio's error flag keeps it. bash looks at it in sh_chkwrite (the builtins that
 * call it: echo, printf, pwd, cd, type, set, declare, export, trap, umask, ulimit,
 * hash, shopt), or nobody does: execute_builtin_or_function purges and clears it
 * after any builtin (jobs, fg, bg, kill -l, command -v say nothing).
 */
export function* put(text: string): Sys<number> {
  if (text === '') return 0
  const r = yield* writeAll(1, text)
  return r < 0 ? r : 0
}

/** sh_chkwrite: after a failed write (`failed` -errno), `bash: NAME: write error: REASON` and status 1; else `status`. */
export function* chkwrite(sh: Shell, failed: number, status: number): Sys<number> {
  if (failed === 0) return status
  yield* err(`${sh.prefix()}${sh.builtinName}: write error: ${strerror(-failed)}\n`)
  return 1
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

/**
 * bash's internal_getopt over a builtin's words: option clusters up to the first
 * operand or `--`; `spec` names the letters, a ':' after one takes an argument
 * ("dlp:rt"). The letters seen (with their argument, else ''), and the operands;
 * a bad option or a missing argument is reported with the usage line (status 2).
 */
export function* builtinOpts(sh: Shell, argv: readonly string[], spec: string, usageText: string): Sys<{ opts: Map<string, string>; operands: string[] } | number> {
  const opts = new Map<string, string>()
  let k = 1
  for (; k < argv.length; k++) {
    const a = argv[k]!
    if (a === '--') {
      k++
      break
    }
    if (!a.startsWith('-') || a === '-') break
    for (let i = 1; i < a.length; i++) {
      const f = a[i]!
      const at = spec.indexOf(f)
      if (f === ':' || at < 0) {
        yield* fail(sh, `-${f}: invalid option`, 2)
        return yield* usage(sh, usageText)
      }
      if (spec[at + 1] !== ':') {
        opts.set(f, '')
        continue
      }
      const arg = i + 1 < a.length ? a.slice(i + 1) : argv[++k]
      if (arg === undefined) {
        yield* fail(sh, `-${f}: option requires an argument`, 2)
        return yield* usage(sh, usageText)
      }
      opts.set(f, arg)
      break
    }
  }
  return { opts, operands: argv.slice(k) }
}
