// Process exit (exit(2), do_exit): release files and memory, reparent children
// to init, become a zombie until the parent reaps it with wait4, and tell the
// parent (SIGCHLD). If init itself dies the kernel panics, as Linux does.
// The files, cgroup, namespace and terminal steps are other subsystems'
// (Kernel.exitOps, filled in by the composition root).
import { hasReport, reportChanged } from './wait-report.ts'
import type { Kpid } from '../../abi/pid.ts'
import { SIG, WCOREDUMP, WEXITSTATUS, WIFEXITED, WSTOPSIG, WTERMSIG, type SigInfo } from '../../abi/index.ts'
import { releaseUnlinked } from '../fs/unlinked.ts'
import { forgetMappings } from '../vma.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { printk } from '../log.ts'
import { sendSignal } from './signal.ts'
import { childReaper } from '../ns/pid.ts'
import { ptraceExit } from './ptrace.ts'

/** Ends a task. `status` is a wait status: exit code << 8, or the killing signal. */
export function exitTask(k: Kernel, kpid: Kpid, status: number): void {
  const t = k.task(kpid)
  if (!t || t.state === 'Z') return
  k.exitOps.exiting(k, t)
  const c = k.ctr()
  forgetMappings(k, t)
  c.zombies = (c.zombies ?? 0) + 1 // exit_mm(): a zombie holds no memory
  c.procsByUid = k.own(c.procsByUid)
  c.procsByUid[t.cred.ruid] = (c.procsByUid[t.cred.ruid] ?? 1) - 1
  k.sched.conts.delete(kpid)
  k.host.exited?.(kpid, status)

  const before = hasReport(t)
  const w = k.mutTask(kpid)
  w.state = 'Z'
  w.wchan = ''
  w.exitStatus = status
  w.waitReport = ''
  reportChanged(k, w, before)
  w.mmaps = {}
  w.rssBytes = 0
  w.fdTable = -1
  for (const notify of k.exitNotifiers) notify(kpid)
  ptraceExit(k, t, status)
  releaseUnlinked(k, t.exeIno) // the memfd it ran from, if nothing else holds it

  if (kpid === 1) {
    const code = status.toString(16).padStart(8, '0')
    printk(k, `Kernel panic - not syncing: Attempted to kill init! exitcode=0x${code}`)
    k.panic(`Kernel panic - not syncing: Attempted to kill init! exitcode=0x${code}`)
    return
  }
  k.exitOps.namespaces(k, t)
  reparentChildren(k, kpid)
  k.exitOps.hangup(k, t)
  const parent = k.task(t.ppid)
  if (parent && parent.sigDisp[SIG.SIGCHLD] === 'ignore') {
    // "If the disposition of SIGCHLD is set to SIG_IGN ... children do not become zombies" (wait(2)).
    reap(k, kpid)
    return
  }
  notifyParent(k, kpid)
}

/** Wake a parent in wait4 and send it SIGCHLD. */
export function notifyParent(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  k.sched.wake(`wait:${t.ppid}`)
  sendSignal(k, t.ppid, SIG.SIGCHLD, false, childSigInfo(t))
}

/** USER_HZ: clock_t ticks a second (times(2), siginfo's si_utime). */
const NS_PER_TICK = 10_000_000

/**
 * do_notify_parent() and do_notify_parent_cldstop(): SIGCHLD's siginfo says
 * which child, how it ended (CLD_EXITED with its code, CLD_KILLED or CLD_DUMPED
 * with the signal) or that it stopped or went on, and its CPU time.
 */
function childSigInfo(t: Task): SigInfo {
  const st = t.exitStatus
  const code = t.state === 'Z'
    ? WIFEXITED(st) ? 'CLD_EXITED' : WCOREDUMP(st) ? 'CLD_DUMPED' : 'CLD_KILLED'
    : t.waitReport === 'continued' ? 'CLD_CONTINUED' : 'CLD_STOPPED'
  const status = code === 'CLD_EXITED' ? WEXITSTATUS(st) : code === 'CLD_CONTINUED' ? SIG.SIGCONT : code === 'CLD_STOPPED' ? WSTOPSIG(st) : WTERMSIG(st)
  const utime = Math.floor(t.utimeNs / NS_PER_TICK)
  const stime = Math.floor(t.stimeNs / NS_PER_TICK)
  return { code, pid: t.tgid, uid: t.cred.ruid, status, utime, stime }
}

/** Orphans go to init (pid_namespaces(7): "the init process of the namespace"). */
function reparentChildren(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  if (t.children.length === 0) return
  const initKpid = childReaper(k, t)
  const init = k.mutTask(initKpid)
  init.children = init.children.concat(t.children)
  let zombie: Task | undefined
  let reports = 0
  for (const ch of t.children) {
    const cw = k.mutTask(ch)
    cw.ppid = initKpid
    if (cw.state === 'Z') zombie ??= cw
    if (hasReport(cw)) reports++
  }
  if (reports) init.reportable = (init.reportable ?? 0) + reports
  const dw = k.mutTask(kpid)
  dw.children = []
  dw.reportable = 0
  // A reparented zombie is announced to its new parent (forget_original_parent → do_notify_parent).
  if (zombie) {
    k.sched.wake(`wait:${initKpid}`)
    sendSignal(k, initKpid, SIG.SIGCHLD, false, childSigInfo(zombie))
  }
}

/** Removes a zombie for good (after wait4 collected it). */
export function reap(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  const p = k.task(t.ppid)
  if (p) {
    const pw = k.mutTask(t.ppid)
    pw.children = pw.children.filter((c) => c !== kpid)
    if (hasReport(t)) pw.reportable = (pw.reportable ?? 1) - 1
  }
  k.exitOps.release(k, t)
  if (t.state === 'Z') k.ctr().zombies = (k.s.counters.zombies ?? 1) - 1
  k.remove('tasks', kpid)
}
