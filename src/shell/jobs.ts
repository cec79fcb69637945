// The job table: background and stopped pipelines, their wait statuses, and
// bash's job notices ("[1] 1234", "[1]+  Done   sleep 1", "Killed").
import type { Shell } from './shell.ts'
import { err, ioctl, wait4, type Sys, WIFSIGNALED, WIFSTOPPED, WTERMSIG, WEXITSTATUS, WCOREDUMP, statusToShell } from '../libc/index.ts'
import { SIG, strsignal, TIOCSPGRP, WNOHANG, WUNTRACED, E } from '../../kernel-sim/abi/index.ts'

export interface Job {
  id: number
  pgid: number
  pids: number[]
  /** Wait status per pid, once reaped. */
  status: Map<number, number>
  text: string
  stopped: boolean
  notified: boolean
}

export function addJob(sh: Shell, pgid: number, pids: number[], text: string): Job {
  const id = sh.jobs.reduce((m, j) => Math.max(m, j.id), 0) + 1
  const job: Job = { id, pgid, pids, status: new Map(), text, stopped: false, notified: false }
  sh.jobs.push(job)
  return job
}

export function jobDone(j: Job): boolean {
  return j.pids.every((p) => j.status.has(p))
}

/** bash's printable_job_status: "Done", "Exit 3", "Killed", "Stopped", "Running". */
export function jobState(j: Job): string {
  if (j.stopped) return 'Stopped'
  if (!jobDone(j)) return 'Running'
  const s = j.status.get(j.pids[j.pids.length - 1]!)!
  if (WIFSIGNALED(s)) return strsignal(WTERMSIG(s)) + (WCOREDUMP(s) ? ' (core dumped)' : '')
  const code = WEXITSTATUS(s)
  return code === 0 ? 'Done' : `Exit ${code}`
}

/** "[1]+  Done                    sleep 1" (status padded to 24, bash's LONGEST_SIGNAL_DESC). */
export function jobLine(sh: Shell, j: Job, withPid = false): string {
  const cur = sh.jobs[sh.jobs.length - 1]
  const prev = sh.jobs[sh.jobs.length - 2]
  const mark = j === cur ? '+' : j === prev ? '-' : ' '
  const state = jobState(j)
  const text = state === 'Running' ? j.text + ' &' : j.text
  const pid = withPid ? `${j.pgid} ` : ''
  return `[${j.id}]${mark}  ${pid}${state.padEnd(24)}${text}`
}

function record(sh: Shell, pid: number, status: number): void {
  for (const j of sh.jobs) {
    if (!j.pids.includes(pid)) continue
    if (WIFSTOPPED(status)) j.stopped = true
    else j.status.set(pid, status)
    return
  }
}

/** Reaps finished background children without blocking (bash's SIGCHLD handler). */
export function* reapJobs(sh: Shell): Sys<void> {
  if (sh.jobs.every(jobDone)) return
  for (;;) {
    const r = yield* wait4(-1, WNOHANG | (sh.jobControl ? WUNTRACED : 0))
    if (typeof r === 'number' || r.pid <= 0) return
    record(sh, r.pid, r.status)
  }
}

/** Interactive: report jobs that finished since the last prompt, then forget them. */
export function* notifyJobs(sh: Shell): Sys<void> {
  yield* reapJobs(sh)
  for (const j of [...sh.jobs]) {
    if (!jobDone(j)) continue
    if (sh.interactive) yield* err(jobLine(sh, j) + '\n')
    sh.jobs = sh.jobs.filter((x) => x !== j)
  }
}

/** Waits for a foreground pipeline; returns the last process's wait status. */
export function* waitForeground(sh: Shell, pids: number[], pgid: number, text: string): Sys<number[]> {
  const statuses: number[] = []
  let stopped = false
  for (const pid of pids) {
    for (;;) {
      const r = yield* wait4(pid, sh.jobControl ? WUNTRACED : 0)
      if (typeof r === 'number') {
        if (r === -E.EINTR) continue
        statuses.push(0)
        break
      }
      if (WIFSTOPPED(r.status)) stopped = true
      statuses.push(r.status)
      break
    }
  }
  if (sh.jobControl && sh.shellPgid) yield* ioctl(0, TIOCSPGRP, sh.shellPgid)
  const last = statuses[statuses.length - 1] ?? 0
  if (stopped) {
    const j = addJob(sh, pgid, pids, text)
    j.stopped = true
    for (let k = 0; k < pids.length; k++) if (!WIFSTOPPED(statuses[k]!)) j.status.set(pids[k]!, statuses[k]!)
    yield* err('\n' + jobLine(sh, j) + '\n')
  } else yield* reportSignal(sh, pids[pids.length - 1]!, last, text)
  return statuses
}

/** bash prints the signal that killed a foreground job (not SIGINT or SIGPIPE). */
function* reportSignal(sh: Shell, pid: number, status: number, text: string): Sys<void> {
  if (!WIFSIGNALED(status)) return
  const sig = WTERMSIG(status)
  if (sig === SIG.SIGPIPE) return
  const desc = strsignal(sig) + ((status & 0x80) ? ' (core dumped)' : '')
  if (sh.interactive) {
    yield* err(sig === SIG.SIGINT ? '\n' : desc + '\n')
    return
  }
  if (sig === SIG.SIGINT) return
  // bash 5.2.15, observed: SIGTERM prints just "Terminated"; other signals
  // "bash: line 1:  1234 Killed                  cmd" (-c strings and scripts alike).
  if (sig === SIG.SIGTERM) {
    yield* err(desc + '\n')
    return
  }
  yield* err(`${sh.prefix()}${String(pid).padStart(5)} ${desc.padEnd(23)} ${text}\n`)
}

export function shellStatus(statuses: number[], pipefail: boolean): number {
  if (pipefail) {
    for (let k = statuses.length - 1; k >= 0; k--) if (statuses[k] !== 0) return statusToShell(statuses[k]!)
    return 0
  }
  return statusToShell(statuses[statuses.length - 1] ?? 0)
}

