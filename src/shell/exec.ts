// Executes lists, and-or lists, pipelines and compound commands.
import { mark, release, setVar, trim } from './memory.ts'
import type * as A from './ast.ts'
import { BreakSignal, ContinueSignal, ExitSignal, type Shell } from './shell.ts'
import { applyRedirs, undoRedirs } from './redirect.ts'
import { forkChild } from './fork.ts'
import { addJob, shellStatus, waitForeground } from './jobs.ts'
import { execSimple, errexitCheck } from './command.ts'
import { arith, expandPattern, expandString, expandWords, ExpandError } from './expand.ts'
import { matchPattern } from './glob.ts'
import { evalCond } from './cond.ts'
import { clockGettime, close, cpu, dup2, err, pipe2, times, type Sys } from '../libc/index.ts'
import { CLOCK_MONOTONIC, strerror } from '../../kernel-sim/abi/index.ts'

export function* execList(sh: Shell, list: A.List): Sys<number> {
  const items = list.items
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!
    if (item.bg) yield* runBackground(sh, item.cmd, item.text)
    // a lone pipeline needs no and-or frame (each frame costs on every resume)
    else if (item.cmd.rest.length === 0) yield* execPipeline(sh, item.cmd.first)
    else yield* execAndOr(sh, item.cmd)
  }
  return sh.status
}

export function* execAndOr(sh: Shell, ao: A.AndOr): Sys<number> {
  // errexit ignores failures of all but the last command of an && / || list
  const n = ao.rest.length
  if (n === 0) return yield* execPipeline(sh, ao.first)
  yield* quiet(sh, true, execPipeline(sh, ao.first))
  for (let k = 0; k < n; k++) {
    const { op, pipe } = ao.rest[k]!
    if ((op === '&&') === (sh.status === 0)) yield* quiet(sh, k < n - 1, execPipeline(sh, pipe))
  }
  return sh.status
}

function* quiet<T>(sh: Shell, on: boolean, g: Sys<T>): Sys<T> {
  if (on) sh.noErrexit++
  try {
    return yield* g
  } finally {
    if (on) sh.noErrexit--
  }
}

function* runBackground(sh: Shell, ao: A.AndOr, text: string): Sys<void> {
  let pids: number[]
  if (ao.rest.length === 0) pids = yield* startPipeline(sh, ao.first, false, text)
  else {
    const pid = yield* forkChild(sh, (c) => execAndOr(c, ao), { pgid: 0, nullStdin: !sh.jobControl })
    pids = [pid]
  }
  const job = addJob(sh, pids[0]!, pids, text)
  sh.lastBg = pids[pids.length - 1]!
  if (sh.interactive) yield* err(`[${job.id}] ${sh.lastBg}\n`)
  sh.status = 0
}

export function* execPipeline(sh: Shell, p: A.Pipeline): Sys<number> {
  if (p.timed) return yield* timePipeline(sh, p)
  // the common case, one command without `!`: no extra generator frame
  if (p.cmds.length === 1 && !p.bang) {
    const c = p.cmds[0]!
    return (sh.status = c.type === 'simple' ? yield* execSimple(sh, c, false) : yield* execCommand(sh, c, false))
  }
  if (p.bang) sh.noErrexit++
  let status: number
  try {
    if (p.cmds.length === 1) status = yield* execCommand(sh, p.cmds[0]!, false)
    else {
      const pids = yield* startPipeline(sh, p, true, p.text)
      const statuses = yield* waitForeground(sh, pids, pids[0]!, p.text)
      status = shellStatus(statuses, sh.opts.pipefail)
    }
  } finally {
    if (p.bang) sh.noErrexit--
  }
  if (p.bang) status = status === 0 ? 1 : 0
  sh.status = status
  if (p.cmds.length > 1 || p.bang) errexitCheck(sh)
  return status
}

/** Forks every stage of a pipeline, connected by pipes; returns the pids. */
function* startPipeline(sh: Shell, p: A.Pipeline, foreground: boolean, text: string): Sys<number[]> {
  const pids: number[] = []
  let pgid = 0
  let prevRead = -1
  const n = p.cmds.length
  for (let i = 0; i < n; i++) {
    let pr = -1
    let pw = -1
    if (i < n - 1) {
      const fds = yield* pipe2()
      if (typeof fds === 'number') {
        yield* err(`${sh.prefix(false)}pipe error: ${strerror(-fds)}\n`)
        if (prevRead >= 0) yield* close(prevRead)
        break
      }
      ;[pr, pw] = fds
    }
    const cmd = p.cmds[i]!
    const inFd = prevRead
    let pid: number
    try {
      pid = yield* forkChild(sh, function* (c) {
        if (inFd >= 0) {
          yield* dup2(inFd, 0)
          yield* close(inFd)
        }
        if (pw >= 0) {
          yield* close(pr)
          yield* dup2(pw, 1)
          yield* close(pw)
        }
        return yield* execCommand(c, cmd, true)
      }, { pgid, foreground: foreground && sh.jobControl, nullStdin: !foreground && !sh.jobControl && i === 0 })
    } catch (e) {
      for (const fd of [inFd, pr, pw]) if (fd >= 0) yield* close(fd)
      if (pids.length) yield* waitForeground(sh, pids, pgid, text)
      throw e
    }
    if (pgid === 0) pgid = pid
    pids.push(pid)
    if (inFd >= 0) yield* close(inFd)
    if (pw >= 0) yield* close(pw)
    prevRead = pr
  }
  return pids
}

/** Runs one command; `tail` when this process will exit right after (no fork needed). */
export function* execCommand(sh: Shell, cmd: A.Command, tail: boolean): Sys<number> {
  if (cmd.type === 'simple') return yield* execSimple(sh, cmd, tail)
  if (cmd.type === 'funcdef') {
    sh.funcs.set(cmd.name, cmd)
    return (sh.status = 0)
  }
  if (cmd.type === 'subshell' && !tail) {
    const pid = yield* forkChild(sh, (c) => execCommand(c, cmd, true), { pgid: 0, foreground: true })
    const st = yield* waitForeground(sh, [pid], pid, '( ... )')
    sh.status = shellStatus(st, false)
    errexitCheck(sh)
    return sh.status
  }
  sh.lineno = cmd.line
  // a for loop's word list, a here-document: freed when the command is done
  const m = mark(sh)
  try {
    const undo = yield* applyRedirs(sh, cmd.redirs, !tail)
    if (!undo) return (sh.status = 1)
    try {
      sh.status = yield* execCompound(sh, cmd)
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e
      yield* err(`${sh.prefix()}${e.message}\n`)
      if (e.fatal && !sh.interactive) throw new ExitSignal(e.exitStatus)
      sh.status = 1
    } finally {
      yield* undoRedirs(undo)
    }
  } finally {
    release(sh, m)
  }
  if (sh.trimDue) yield* trim(sh)
  return sh.status
}

function* cond(sh: Shell, list: A.List): Sys<boolean> {
  sh.noErrexit++
  try {
    return (yield* execList(sh, list)) === 0
  } finally {
    sh.noErrexit--
  }
}

function* loopBody(sh: Shell, body: A.List, tick: { last: number }): Sys<'break' | 'continue' | null> {
  // a loop of only (( )) or [[ ]] runs no simple command (whose afterCommand
  // yields): still let the kernel preempt it
  if (tick.last === sh.commands) yield* cpu(1000)
  tick.last = sh.commands
  sh.loopDepth++
  try {
    yield* execList(sh, body)
  } catch (e) {
    if (e instanceof BreakSignal) {
      if (--e.n > 0) throw e
      return 'break'
    }
    if (e instanceof ContinueSignal) {
      if (--e.n > 0) throw e
      return 'continue'
    }
    throw e
  } finally {
    sh.loopDepth--
  }
  return null
}

function* execCompound(sh: Shell, cmd: A.Command): Sys<number> {
  switch (cmd.type) {
    case 'subshell':
    case 'group':
      return yield* execList(sh, cmd.body)
    case 'if':
      for (const c of cmd.clauses) if (yield* cond(sh, c.cond)) return yield* execList(sh, c.body)
      return cmd.else ? yield* execList(sh, cmd.else) : 0
    case 'while': {
      const tick = { last: -1 }
      let status = 0
      for (;;) {
        if ((yield* cond(sh, cmd.cond)) === cmd.until) break
        const r = yield* loopBody(sh, cmd.body, tick)
        status = sh.status
        if (r === 'break') break
      }
      return status
    }
    case 'for': {
      const words = cmd.words === null ? [...sh.positional] : yield* guard(sh, expandWords(sh, cmd.words))
      if (words === null) return 1
      const tick = { last: -1 }
      let status = 0
      for (const w of words) {
        yield* setVar(sh, cmd.name, w)
        const r = yield* loopBody(sh, cmd.body, tick)
        status = sh.status
        if (r === 'break') break
      }
      return status
    }
    case 'arithfor': {
      const tick = { last: -1 }
      let status = 0
      if (cmd.init.trim()) yield* arith(sh, cmd.init)
      for (;;) {
        if (cmd.cond.trim() && (yield* arith(sh, cmd.cond)) === 0) break
        const r = yield* loopBody(sh, cmd.body, tick)
        status = sh.status
        if (r === 'break') break
        if (cmd.step.trim()) yield* arith(sh, cmd.step)
      }
      return status
    }
    case 'case': {
      const word = yield* guard(sh, expandString(sh, cmd.word))
      if (word === null) return 1
      let fall = false
      for (let k = 0; k < cmd.items.length; k++) {
        const item = cmd.items[k]!
        let hit = fall
        for (const p of item.patterns) if (!hit && matchPattern(yield* expandPattern(sh, p), word)) hit = true
        if (!hit) continue
        sh.status = 0
        yield* execList(sh, item.body)
        if (item.term === ';;') return sh.status
        fall = item.term === ';&'
      }
      return fall ? sh.status : 0
    }
    case 'arith': {
      const v = yield* guard(sh, arith(sh, cmd.expr))
      return v === null ? 1 : v !== 0 ? 0 : 1
    }
    case 'cond': {
      const v = yield* guard(sh, evalCond(sh, cmd.tokens))
      return v === null ? 2 : v
    }
  }
  return 0
}

/** Runs an expansion; on ExpandError prints it and returns null (fatal ones exit). */
export function* guard<T>(sh: Shell, g: Sys<T>): Sys<T | null> {
  try {
    return yield* g
  } catch (e) {
    if (e instanceof ExpandError) {
      yield* err(`${sh.prefix()}${e.message}\n`)
      if (e.fatal && !sh.interactive) throw new ExitSignal(e.exitStatus)
      return null
    }
    throw e
  }
}

/**
 * `time pipeline`: runs it, then reports elapsed (virtual) real time and the
 * user and system CPU time of the shell and its children on stderr, in bash's
 * default TIMEFORMAT ($'\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS') or, with -p, POSIX's.
 */
function* timePipeline(sh: Shell, p: A.Pipeline): Sys<number> {
  const t0 = yield* clockGettime(CLOCK_MONOTONIC)
  const c0 = yield* times()
  const status = yield* execPipeline(sh, { ...p, timed: undefined })
  const t1 = yield* clockGettime(CLOCK_MONOTONIC)
  const c1 = yield* times()
  const user = c1.utime + c1.cutime - (c0.utime + c0.cutime)
  const sys = c1.stime + c1.cstime - (c0.stime + c0.cstime)
  const report = p.timed === 'posix'
    ? `real ${posixSecs(t1 - t0)}\nuser ${posixSecs(user)}\nsys ${posixSecs(sys)}\n`
    : `\nreal\t${longSecs(t1 - t0)}\nuser\t${longSecs(user)}\nsys\t${longSecs(sys)}\n`
  yield* err(report)
  sh.status = status
  return status
}

/** %3lR: minutes and seconds with three decimals, "0m1.234s". */
function longSecs(ns: number): string {
  const ms = Math.round(Math.max(0, ns) / 1e6)
  return `${Math.floor(ms / 60000)}m${((ms % 60000) / 1000).toFixed(3)}s`
}

/** time -p: seconds with two decimals. */
function posixSecs(ns: number): string {
  return (Math.max(0, ns) / 1e9).toFixed(2)
}
