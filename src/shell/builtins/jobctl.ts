// wait, jobs, kill, fg, bg.
import type { Shell } from '../shell.ts'
import { err, ioctl, kill, wait4, statusToShell, type Sys } from '../../libc/index.ts'
import { NSIG, SIG, SIGNALS, TIOCSPGRP, WUNTRACED, parseSignal, signalName, strerror, E } from '../../../kernel-sim/abi/index.ts'
import { jobDone, jobLine, waitForeground, shellStatus, type Job } from '../jobs.ts'
import { fail, put, usage } from './util.ts'

function findJob(sh: Shell, spec: string): Job | undefined {
  const s = spec.slice(1)
  if (s === '' || s === '%' || s === '+') return sh.jobs[sh.jobs.length - 1]
  if (s === '-') return sh.jobs[sh.jobs.length - 2]
  if (/^\d+$/.test(s)) return sh.jobs.find((j) => j.id === Number(s))
  return sh.jobs.find((j) => j.text.startsWith(s))
}

function* waitPid(sh: Shell, pid: number): Sys<number> {
  const job = sh.jobs.find((j) => j.pids.includes(pid))
  if (job?.status.has(pid)) return statusToShell(job.status.get(pid)!)
  for (;;) {
    const r = yield* wait4(pid, 0)
    if (typeof r === 'number') {
      if (r === -E.EINTR) continue
      return 127
    }
    if (job) job.status.set(pid, r.status)
    return statusToShell(r.status)
  }
}

export function* wait(sh: Shell, argv: string[]): Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '-f')
  if (args.length === 0) {
    for (const j of sh.jobs) for (const p of j.pids) if (!j.status.has(p)) yield* waitPid(sh, p)
    sh.jobs = sh.jobs.filter((j) => !jobDone(j))
    return 0
  }
  let status = 0
  for (const a of args) {
    if (a.startsWith('%')) {
      const j = findJob(sh, a)
      if (!j) {
        status = yield* fail(sh, `${a}: no such job`, 127)
        continue
      }
      for (const p of j.pids) status = yield* waitPid(sh, p)
      sh.jobs = sh.jobs.filter((x) => x !== j)
      continue
    }
    if (!/^\d+$/.test(a)) {
      status = yield* fail(sh, `\`${a}': not a pid or valid job spec`, 2)
      continue
    }
    const pid = Number(a)
    if (!sh.jobs.some((j) => j.pids.includes(pid))) {
      status = yield* fail(sh, `pid ${pid} is not a child of this shell`, 127)
      continue
    }
    status = yield* waitPid(sh, pid)
    sh.jobs = sh.jobs.filter((j) => !jobDone(j))
  }
  return status
}

export function* jobs(sh: Shell, argv: string[]): Sys<number> {
  const long = argv.includes('-l')
  const pidsOnly = argv.includes('-p')
  let out = ''
  for (const j of sh.jobs) out += pidsOnly ? `${j.pgid}\n` : jobLine(sh, j, long) + '\n'
  yield* put(out) // jobs.def does not call sh_chkwrite: a failed write is purged unseen
  for (const j of [...sh.jobs]) if (jobDone(j)) sh.jobs = sh.jobs.filter((x) => x !== j)
  return 0
}

function killList(): string {
  let out = ''
  SIGNALS.forEach(([n, name], k) => {
    out += `${String(n).padStart(2)}) ${name}` + ((k + 1) % 5 === 0 ? '\n' : '\t')
  })
  return out.endsWith('\n') ? out : out + '\n'
}

const KILL_USAGE = 'kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]'

export function* killB(sh: Shell, argv: string[]): Sys<number> {
  let args = argv.slice(1)
  let sig = SIG.SIGTERM
  if (args.length === 0) return yield* usage(sh, KILL_USAGE)
  const a0 = args[0]!
  if (a0 === '-l' || a0 === '-L') {
    // kill.def does not call sh_chkwrite (nor does display_signal_list): a failed write is purged unseen
    let out = args.length === 1 ? killList() : ''
    for (const s of args.slice(1)) {
      if (/^\d+$/.test(s)) {
        const n = Number(s) > 128 ? Number(s) - 128 : Number(s)
        const name = signalName(n)
        if (!name) return yield* fail(sh, `${s}: invalid signal specification`)
        out += name.slice(3) + '\n'
      } else {
        const n = parseSignal(s)
        if (n === undefined) return yield* fail(sh, `${s}: invalid signal specification`)
        out += n + '\n'
      }
    }
    yield* put(out)
    return 0
  }
  if (a0 === '-s' || a0 === '-n') {
    const n = parseSignal(args[1] ?? '')
    if (n === undefined) return yield* fail(sh, `${args[1] ?? ''}: invalid signal specification`)
    sig = n
    args = args.slice(2)
  } else if (a0.startsWith('-') && a0 !== '--' && a0.length > 1) {
    const n = parseSignal(a0.slice(1))
    if (n === undefined || n > NSIG) return yield* fail(sh, `${a0.slice(1)}: invalid signal specification`)
    sig = n
    args = args.slice(1)
  }
  if (args[0] === '--') args = args.slice(1)
  if (args.length === 0) return yield* usage(sh, KILL_USAGE)
  let status = 0
  for (const t of args) {
    let pid: number
    if (t.startsWith('%')) {
      const j = findJob(sh, t)
      if (!j) {
        status = yield* fail(sh, `${t}: no such job`)
        continue
      }
      pid = sh.jobControl ? -j.pgid : j.pids[j.pids.length - 1]!
    } else if (/^-?\d+$/.test(t)) pid = Number(t)
    else {
      status = yield* fail(sh, `${t}: arguments must be process or job IDs`)
      continue
    }
    const r = yield* kill(pid, sig)
    if (r < 0) status = yield* fail(sh, `(${t}) - ${strerror(-r)}`)
  }
  return status
}

export function* fg(sh: Shell, argv: string[]): Sys<number> {
  if (!sh.jobControl) return yield* fail(sh, 'no job control')
  const j = findJob(sh, argv[1] ?? '%')
  if (!j) return yield* fail(sh, `${argv[1] ?? 'current'}: no such job`)
  yield* put(j.text + '\n')
  yield* ioctl(0, TIOCSPGRP, j.pgid)
  if (j.stopped) yield* kill(-j.pgid, SIG.SIGCONT)
  sh.jobs = sh.jobs.filter((x) => x !== j)
  const pending = j.pids.filter((p) => !j.status.has(p))
  const st = yield* waitForeground(sh, pending, j.pgid, j.text)
  return shellStatus(st, false)
}

export function* bg(sh: Shell, argv: string[]): Sys<number> {
  if (!sh.jobControl) return yield* fail(sh, 'no job control')
  const j = findJob(sh, argv[1] ?? '%')
  if (!j) return yield* fail(sh, `${argv[1] ?? 'current'}: no such job`)
  j.stopped = false
  yield* kill(-j.pgid, SIG.SIGCONT)
  yield* put(`[${j.id}]+ ${j.text} &\n`)
  return 0
}

void err
void WUNTRACED
