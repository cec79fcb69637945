// Simple commands: expansion, assignments, then lookup in bash's order —
// functions, builtins, then the hash table and $PATH (findcmd.ts) — and
// execution: builtins in the shell itself, everything else in a forked child
// that execve()s.
import { mark, release, setVar, trim } from './memory.ts'
import type * as A from './ast.ts'
import { ExitSignal, InterruptSignal, ReturnSignal, type Shell } from './shell.ts'
import { applyRedirs, undoRedirs } from './redirect.ts'
import { forkChild } from './fork.ts'
import { shellStatus, waitForeground, reapJobs } from './jobs.ts'
import { expandString, expandWords, ExpandError } from './expand.ts'
import { searchForCommand } from './findcmd.ts'
import { err, execve, open, close, readAll, sigtake, stat, type Sys } from '../libc/index.ts'
import { E, O_RDONLY, S_IFDIR, S_IFMT, SIG, strerror, type SyscallReq } from '../../kernel-sim/abi/index.ts'

/**
 * SIMPLIFICATION: bash has no default nesting limit (it recurses until the C
 * stack overflows). Our calls are nested generators on the JS stack, so
 * in-process recursion stops here with an isolab message.
 */
export const JS_FUNC_DEPTH_MAX = 150

/** The CPU a simple command costs, as a ready request (the kernel only reads it): no wrapper frame per command. */
const CPU_TICK: SyscallReq = Object.freeze({ nr: 'cpu', args: Object.freeze([1000]) }) as SyscallReq

/** After every simple command: let the kernel preempt us, and notice signals. */
export function* afterCommand(sh: Shell): Sys<void> {
  sh.commands++
  yield CPU_TICK
  if (sh.interactive || sh.caught.size || sh.jobs.length) yield* signalsAndJobs(sh)
}

/**
 * Runs the traps of signals that arrived and reaps finished jobs. Only when
 * there can be any: the common command (no traps, no jobs, not interactive)
 * makes no generator for it.
 */
function* signalsAndJobs(sh: Shell): Sys<void> {
  if (sh.interactive || sh.caught.size) {
    const sigs = yield* sigtake()
    for (const s of sigs) {
      const trap = sh.traps.get(String(s))
      if (trap && sh.runningTraps.has(s)) sh.pendingTraps.add(s) // bash's run_pending_traps: a trap never interrupts itself
      else if (trap) {
        const saved = sh.status
        sh.runningTraps.add(s)
        try {
          // the signal arriving again while its trap ran: the trap runs again after it (a loop, not a recursion)
          do {
            sh.pendingTraps.delete(s)
            yield* sh.interp.runScriptText(sh, trap, 'trap')
          } while (sh.pendingTraps.has(s))
        } finally {
          sh.runningTraps.delete(s)
        }
        sh.status = saved
      } else if (s === SIG.SIGINT && sh.interactive) throw new InterruptSignal()
    }
  }
  if (sh.jobs.length) yield* reapJobs(sh)
}

/** set -e: exit on failure, outside conditions and && || lists. */
export function errexitCheck(sh: Shell): void {
  if (sh.opts.errexit && sh.status !== 0 && sh.noErrexit === 0) throw new ExitSignal(sh.status)
}

function* assignAll(sh: Shell, assigns: readonly string[], exportThem: boolean): Sys<string[]> {
  const env: string[] = []
  for (const a of assigns) {
    const eq = a.indexOf('=')
    const append = a[eq - 1] === '+'
    const name = a.slice(0, append ? eq - 1 : eq)
    let value = yield* expandString(sh, a.slice(eq + 1))
    if (append) value = (sh.get(name) ?? '') + value
    if (exportThem) env.push(`${name}=${value}`)
    else if (!(yield* setVar(sh, name, value))) {
      yield* err(`${sh.prefix()}${name}: readonly variable\n`)
      throw new ExpandError('', false)
    }
  }
  return env
}

export function* execSimple(sh: Shell, cmd: A.Simple, tail: boolean): Sys<number> {
  sh.lineno = cmd.line
  sh.substStatus = null
  // the words, their expansions and a here-document are freed when the command is done
  const m = mark(sh)
  let status: number
  try {
    let argv: string[]
    try {
      argv = yield* expandWords(sh, cmd.words)
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e
      yield* err(`${sh.prefix()}${e.message}\n`)
      // bash: any word-expansion error ends a non-interactive shell
      if (!sh.interactive) throw new ExitSignal(e.exitStatus)
      sh.status = 1
      release(sh, m)
      yield* afterCommand(sh)
      return 1
    }
    try {
      status = yield* dispatch(sh, cmd, argv, tail)
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e
      if (e.message) yield* err(`${sh.prefix()}${e.message}\n`)
      if (e.fatal && !sh.interactive) throw new ExitSignal(e.exitStatus)
      status = 1
    }
  } finally {
    release(sh, m)
  }
  sh.status = status
  if (sh.trimDue) yield* trim(sh)
  // afterCommand() inlined: one generator less on the hottest path
  sh.commands++
  yield CPU_TICK
  if (sh.interactive || sh.caught.size || sh.jobs.length) yield* signalsAndJobs(sh)
  errexitCheck(sh)
  return status
}

function* dispatch(sh: Shell, cmd: A.Simple, argv: string[], tail: boolean): Sys<number> {
  if (argv.length === 0) {
    try {
      yield* assignAll(sh, cmd.assigns, false)
    } catch (e) {
      // a failed assignment statement (readonly, $((1/0))) ends a non-interactive shell
      if (e instanceof ExpandError) e.fatal = true
      throw e
    }
    const st = sh.substStatus ?? 0
    if (cmd.redirs.length) {
      const undo = yield* applyRedirs(sh, cmd.redirs, !tail)
      if (!undo) return 1
      yield* undoRedirs(undo)
    }
    return st
  }
  if (sh.opts.xtrace) yield* err(`${sh.get('PS4') ?? '+ '}${[...cmd.assigns, ...argv].join(' ')}\n`)
  const name = argv[0]!
  const fn = sh.funcs.get(name)
  const builtin = fn ? undefined : sh.interp.builtins.get(name)
  if (fn || builtin) {
    if (cmd.assigns.length === 0 && cmd.redirs.length === 0) {
      // the hot path (`[ $i -lt 10 ]`, `:`): nothing to save or restore
      if (fn) return yield* callFunction(sh, fn, argv)
      sh.builtinName = name
      const st = yield* builtin!(sh, argv)
      sh.keepRedirs = false // a bare `exec`: nothing to keep
      return st
    }
    // SIMPLIFICATION: prefix assignments to builtins/functions last for the command
    // only (bash keeps them for POSIX special builtins).
    const saved = cmd.assigns.map((a) => a.slice(0, a.indexOf('=')).replace(/\+$/, '')).map((k) => [k, sh.vars.get(k)] as const)
    yield* assignAll(sh, cmd.assigns, false)
    const undo = yield* applyRedirs(sh, cmd.redirs, !tail)
    if (!undo) return 1
    try {
      if (fn) return yield* callFunction(sh, fn, argv)
      sh.builtinName = name
      return yield* builtin!(sh, argv)
    } finally {
      if (sh.keepRedirs) {
        sh.keepRedirs = false
        for (const u of undo) if (u.saved !== null) yield* close(u.saved)
      } else yield* undoRedirs(undo)
      for (const [k, v] of saved) if (v) sh.vars.set(k, v)
      else sh.vars.delete(k)
    }
  }
  const env = yield* assignAll(sh, cmd.assigns, true)
  // bash's execute_disk_command: the search, and the hash table, are the shell's, before it forks
  const path = yield* searchForCommand(sh, name, env)
  if (tail) {
    const undo = yield* applyRedirs(sh, cmd.redirs, false)
    if (!undo) return 1
    return yield* execExternal(sh, argv, env, path)
  }
  const text = [...cmd.assigns, ...cmd.words].join(' ')
  const pid = yield* forkChild(sh, function* (c) {
    const undo = yield* applyRedirs(c, cmd.redirs, false)
    if (!undo) return 1
    return yield* execExternal(c, argv, env, path)
  }, { pgid: 0, foreground: true })
  const st = yield* waitForeground(sh, [pid], pid, text)
  return shellStatus(st, false)
}

export function* callFunction(sh: Shell, fn: A.FuncDef, argv: string[]): Sys<number> {
  yield* checkNesting(sh, fn.name)
  const savedArgs = sh.positional
  sh.positional = argv.slice(1)
  sh.locals.push()
  sh.funcDepth++
  try {
    return yield* sh.interp.execCommand(sh, fn.body, false)
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status
    throw e
  } finally {
    sh.funcDepth--
    sh.popLocals()
    sh.positional = savedArgs
  }
}

/**
 * FUNCNEST (bash's funcnest limit, off unless set) and our JS-stack guard.
 * Exceeding either abandons the command line like bash's jump_to_top_level:
 * a non-interactive shell exits 1.
 */
function* checkNesting(sh: Shell, name: string): Sys<void> {
  const limit = Number(sh.get('FUNCNEST') ?? 0) | 0
  let msg: string | null = null
  if (limit > 0 && sh.funcDepth >= limit) msg = `${name}: maximum function nesting level exceeded (${limit})`
  else if (sh.funcDepth >= JS_FUNC_DEPTH_MAX) {
    msg = `${name}: isolab: function recursion deeper than ${JS_FUNC_DEPTH_MAX} calls in one process is not simulated (set FUNCNEST to limit it)`
  }
  if (msg === null) return
  yield* err(`${sh.prefix()}${msg}\n`)
  if (!sh.interactive) throw new ExitSignal(1)
  throw new ExpandError('', false)
}

/**
 * execve()s argv in this process; returns only on failure, with bash's
 * status. `path` is what searchForCommand() found for argv[0] (null: nothing).
 */
export function* execExternal(sh: Shell, argv: string[], env: string[], path: string | null): Sys<number> {
  const name = argv[0]!
  if (path === null) {
    yield* err(`${sh.prefix()}${name}: command not found\n`)
    return 127
  }
  const envp = mergeEnv(sh.envp(), env)
  const r = yield* execve(path, argv, envp)
  if (r === -E.ENOEXEC) {
    // bash runs a file the kernel cannot execute as a shell script, in this process
    const text = yield* readFile(path)
    if (typeof text === 'string') {
      sh.positional = argv.slice(1)
      sh.arg0 = path
      sh.source = null
      sh.funcs = new Map()
      return yield* sh.interp.runScriptText(sh, text, null)
    }
  }
  const st = yield* stat(path)
  if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) {
    yield* err(`${sh.prefix()}${name}: Is a directory\n`)
    return 126
  }
  // bash's shell_execve: file_error(command), the path it tried (a remembered one that is gone, too)
  yield* err(`${sh.prefix()}${path}: ${strerror(-r)}\n`)
  return r === -E.ENOENT ? 127 : 126
}

function mergeEnv(base: string[], extra: string[]): string[] {
  if (!extra.length) return base
  const keys = new Set(extra.map((e) => e.slice(0, e.indexOf('='))))
  return [...base.filter((e) => !keys.has(e.slice(0, e.indexOf('=')))), ...extra]
}

export function* readFile(path: string): Sys<string | number> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return fd
  const text = yield* readAll(fd)
  yield* close(fd)
  return text
}
