// exit, return, break, continue, true, false, :, eval, source/., exec.
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, type Shell } from '../shell.ts'
import { err, type Sys } from '../../libc/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { fail } from './util.ts'
import { execExternal, readFile } from '../command.ts'
import { findInPath, searchForCommand } from '../findcmd.ts'

function* numArg(sh: Shell, a: string | undefined, dflt: number): Sys<number | null> {
  if (a === undefined) return dflt
  if (!/^\s*[-+]?\d+\s*$/.test(a)) {
    yield* fail(sh, `${a}: numeric argument required`, 2)
    return null
  }
  return Number(a) & 0xff
}

export function* exitB(sh: Shell, argv: string[]): Sys<number> {
  if (sh.interactive) yield* err(sh.login ? 'logout\n' : 'exit\n')
  const n = yield* numArg(sh, argv[1], sh.status)
  throw new ExitSignal(n === null ? 2 : n)
}

export function* returnB(sh: Shell, argv: string[]): Sys<number> {
  const n = yield* numArg(sh, argv[1], sh.status)
  if (sh.locals.length === 0 && !sh.sourcing) return yield* fail(sh, "can only `return' from a function or sourced script")
  throw new ReturnSignal(n === null ? 2 : n)
}

function* loopCtl(sh: Shell, argv: string[], Sig: typeof BreakSignal): Sys<number> {
  const n = argv[1] === undefined ? 1 : Number(argv[1])
  if (!Number.isInteger(n) || n < 1) return yield* fail(sh, `${argv[1]}: loop count out of range`)
  if (sh.loopDepth === 0) {
    yield* err(`${sh.prefix()}${argv[0]}: only meaningful in a \`for', \`while', or \`until' loop\n`)
    return 0
  }
  throw new Sig(Math.min(n, sh.loopDepth))
}
export const breakB = (sh: Shell, argv: string[]) => loopCtl(sh, argv, BreakSignal)
export const continueB = (sh: Shell, argv: string[]) => loopCtl(sh, argv, ContinueSignal)

export function* trueB(): Sys<number> {
  return 0
}
export function* falseB(): Sys<number> {
  return 1
}

export function* evalB(sh: Shell, argv: string[]): Sys<number> {
  const text = argv.slice(1).join(' ')
  if (!text.trim()) return 0
  return yield* sh.interp.runScriptText(sh, text, 'eval')
}

export function* source(sh: Shell, argv: string[]): Sys<number> {
  const name = argv[1]
  if (name === undefined) {
    yield* fail(sh, 'filename argument required', 2)
    yield* err(`${sh.builtinName}: usage: ${sh.builtinName} filename [arguments]\n`)
    return 2
  }
  const path = name.includes('/') ? name : (yield* findInPath(sh, name)) ?? name
  const text = yield* readFile(path)
  if (typeof text === 'number') return yield* fail(sh, `${name}: ${strerror(-text)}`.replace(/^/, ''), 1)
  const savedArgs = sh.positional
  if (argv.length > 2) sh.positional = argv.slice(2)
  sh.sourcing++
  try {
    return yield* sh.interp.runScriptText(sh, text, null)
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status
    throw e
  } finally {
    sh.sourcing--
    if (argv.length > 2) sh.positional = savedArgs
  }
}

/** exec: with a command, replace the shell; without, the redirections (already applied) stay. */
export function* execB(sh: Shell, argv: string[]): Sys<number> {
  let args = argv.slice(1)
  while (args[0] === '-c' || args[0] === '-l' || args[0] === '--') args = args.slice(1)
  if (args.length === 0) {
    sh.keepRedirs = true
    return 0
  }
  // exec.def: search_for_command(args[0], 1), the hash table too
  const path = yield* searchForCommand(sh, args[0]!)
  if (path === null) {
    yield* fail(sh, `${args[0]}: not found`, 127)
    if (!sh.interactive) throw new ExitSignal(127)
    return 127
  }
  const st = yield* execExternal(sh, args, [], path)
  // bash: a non-interactive shell exits when exec fails (execfail unset)
  if (!sh.interactive) throw new ExitSignal(st)
  return st
}
