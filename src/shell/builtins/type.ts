// type and command -v.
import type { Shell } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { execExternal } from '../command.ts'
import { findInPath, searchForCommand } from '../findcmd.ts'
import { chkwrite, fail, put } from './util.ts'
import { forkChild } from '../fork.ts'
import { shellStatus, waitForeground } from '../jobs.ts'

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'])

function* describe(sh: Shell, name: string, mode: 'type' | 't' | 'p' | 'v'): Sys<string | null> {
  if (KEYWORDS.has(name) && mode !== 'p') return mode === 'type' ? `${name} is a shell keyword` : mode === 't' ? 'keyword' : name
  const fn = sh.funcs.get(name)
  if (fn && mode !== 'p') return mode === 'type' ? `${name} is a function\n${fn.text}` : mode === 't' ? 'function' : name
  if (sh.interp.builtins.has(name) && mode !== 'p') return mode === 'type' ? `${name} is a shell builtin` : mode === 't' ? 'builtin' : name
  // type.def describe_command: a remembered path first (a lookup: it counts a hit), then $PATH, which it does not remember
  const hashed = name.includes('/') ? undefined : sh.hash.search(name)
  if (hashed !== undefined) return mode === 'type' ? `${name} is hashed (${hashed})` : mode === 't' ? 'file' : hashed
  const path = name.includes('/') ? name : yield* findInPath(sh, name)
  if (path === null) return null
  return mode === 'type' ? `${name} is ${path}` : mode === 't' ? 'file' : path
}

export function* type(sh: Shell, argv: string[]): Sys<number> {
  let mode: 'type' | 't' | 'p' = 'type'
  let status = 0
  let failed = 0
  for (const a of argv.slice(1)) {
    if (a === '-t') mode = 't'
    else if (a === '-p' || a === '-P') mode = 'p'
    else if (a === '-a' || a === '-f') continue
    else {
      const d = yield* describe(sh, a, mode)
      if (d === null) {
        if (mode === 'type') yield* fail(sh, `${a}: not found`)
        status = 1
      } else failed ||= yield* put(d + '\n')
    }
  }
  return yield* chkwrite(sh, failed, status) // type.def: sh_chkwrite (any_failed ? EXECUTION_FAILURE : EXECUTION_SUCCESS)
}

export function* command(sh: Shell, argv: string[]): Sys<number> {
  let k = 1
  let mode: 'v' | 'type' | null = null
  for (; k < argv.length && argv[k]!.startsWith('-'); k++) {
    if (argv[k] === '-v') mode = 'v'
    else if (argv[k] === '-V') mode = 'type'
    else if (argv[k] === '--') { k++; break }
  }
  const args = argv.slice(k)
  if (args.length === 0) return 0
  if (mode) {
    let status = 0
    for (const a of args) {
      const d = yield* describe(sh, a, mode)
      if (d === null) {
        if (mode === 'type') yield* fail(sh, `${a}: not found`)
        status = 1
      } else yield* put(d + '\n') // command.def does not call sh_chkwrite
    }
    return status
  }
  // `command name args`: skip functions
  const b = sh.interp.builtins.get(args[0]!)
  if (b) {
    sh.builtinName = args[0]!
    return yield* b(sh, args)
  }
  const path = yield* searchForCommand(sh, args[0]!)
  const pid = yield* forkChild(sh, (c) => execExternal(c, args, [], path), { pgid: 0, foreground: true })
  return shellStatus(yield* waitForeground(sh, [pid], pid, args.join(' ')), false)
}

