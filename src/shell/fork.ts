// fork(2) for the shell. A JS continuation cannot be copied, so the child's
// part of the work is a closure run against a copy of the interpreter state.
import type { Shell } from './shell.ts'
import { ExitSignal, BreakSignal, ContinueSignal, ReturnSignal } from './shell.ts'
import { err, fork, getpid, ioctl, nanosleep, open, dup2, close, setpgid, sigaction, type Sys, type Program } from '../libc/index.ts'
import { E, O_RDONLY, SIG, strerror, TIOCSPGRP } from '../../kernel-sim/abi/index.ts'
import { reapJobs } from './jobs.ts'

/** bash jobs.c: the longest sleep between fork retries is below this many seconds. */
const FORKSLEEP_MAX = 16

export interface ForkOpts {
  /** Job control: the process group to join (0: a new one led by the child). */
  pgid?: number
  /** Job control: give the child's group the terminal. */
  foreground?: boolean
  /** No job control, `cmd &`: stdin from /dev/null (bash does this). */
  nullStdin?: boolean
}

/** Signals an interactive shell ignores or catches; children get them back at default. */
export const SHELL_SIGNALS = [SIG.SIGINT, SIG.SIGQUIT, SIG.SIGTSTP, SIG.SIGTTIN, SIG.SIGTTOU, SIG.SIGTERM]

/**
 * Forks; the child runs `body` on a copy of `sh` and exits with its status.
 * Returns the child's pid. On failure prints bash's message and, as bash's
 * make_child does (throw_to_top_level), aborts: a non-interactive shell exits 254.
 */
export function* forkChild(sh: Shell, body: (child: Shell) => Sys<number>, opts: ForkOpts = {}): Sys<number> {
  const child = sh.clone()
  const jc = sh.jobControl
  const resetSignals = sh.interactive || sh.caught.size > 0
  function* main(): Program {
    if (jc && opts.pgid !== undefined) {
      yield* setpgid(0, opts.pgid)
      if (opts.foreground) yield* ioctl(0, TIOCSPGRP, opts.pgid || (yield* getpid()))
    }
    if (resetSignals) for (const s of SHELL_SIGNALS) yield* sigaction(s, 'default')
    if (opts.nullStdin) {
      const fd = yield* open('/dev/null', O_RDONLY)
      if (fd >= 0 && fd !== 0) {
        yield* dup2(fd, 0)
        yield* close(fd)
      }
    }
    return yield* runChild(child, body)
  }
  let pid = yield* fork(main)
  // bash's make_child: on EAGAIN, reap what has finished, say so and sleep 1, 2, 4, 8 s before each retry
  // (FORKSLEEP_MAX 16); only then give up.
  for (let forksleep = 1; pid === -E.EAGAIN && forksleep < FORKSLEEP_MAX; forksleep <<= 1) {
    yield* reapJobs(sh)
    yield* err(`${sh.arg0}: fork: retry: ${strerror(E.EAGAIN)}\n`)
    if ((yield* nanosleep(forksleep * 1e9)) !== 0) break // a signal cut the sleep short
    pid = yield* fork(main)
  }
  if (pid < 0) {
    yield* err(`${sh.arg0}: fork: ${strerror(-pid)}\n`)
    throw new ForkFailed()
  }
  // both parent and child set the group and hand over the terminal (bash does
  // both, so neither order of running can leave the job outside its group)
  if (jc && opts.pgid !== undefined) {
    yield* setpgid(pid, opts.pgid || pid)
    if (opts.foreground) yield* ioctl(0, TIOCSPGRP, opts.pgid || pid)
  }
  return pid
}

/** Raised when fork fails; exec.ts turns it into bash's throw_to_top_level. */
export class ForkFailed {}

/** Runs a child's body and turns control-flow escapes into its exit status. */
export function* runChild(child: Shell, body: (c: Shell) => Sys<number>): Sys<number> {
  let status: number
  try {
    status = yield* body(child)
  } catch (e) {
    if (e instanceof ExitSignal) status = e.status
    else if (e instanceof ReturnSignal) status = e.status
    else if (e instanceof BreakSignal || e instanceof ContinueSignal) status = child.status
    else if (e instanceof ForkFailed) status = 254
    else throw e
  }
  return status & 0xff
}
