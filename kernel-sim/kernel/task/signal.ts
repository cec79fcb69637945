// Signal delivery (signal(7)). Delivery happens at once: the receiver is not
// running (one JS thread), so "pending until return to user mode" collapses to
// acting now. A caught signal interrupts a sleeping syscall with EINTR and is
// queued for sigtake() (our stand-in for running a handler).
import { hasReport, reportChanged } from './wait-report.ts'
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E, SI_KERNEL_INFO, SIG, signalDefault, W_STOPCODE, type SigInfo } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { exitTask, notifyParent } from './exit.ts'
import { isPidNsInit } from '../ns/pid.ts'
import { credUserns } from '../ns/user.ts'
import { capableIn } from '../security/capable.ts'
import { lsmSignal } from '../security/lsm.ts'
import { ptraceGroupStop, ptraceSignal } from './ptrace.ts'

/** Is this task the init of its pid namespace? */
export function isNsInit(k: Kernel, kpid: Kpid): boolean {
  const t = k.task(kpid)
  return t !== undefined && isPidNsInit(t)
}

/** The siginfo of a signal a task sends (kill(2), a write's SIGPIPE): SI_USER with its tgid and real uid. */
export function userSigInfo(k: Kernel, from: Kpid): SigInfo {
  const s = k.taskOrOops(from)
  return { code: 'SI_USER', pid: s.tgid, uid: s.cred.ruid }
}

/**
 * `force`: a kernel-generated signal (the OOM killer's SEND_SIG_PRIV): SIGKILL
 * and SIGSTOP then reach even a pid namespace's init (sig_task_ignored()).
 * `info`: the siginfo a tracer sees (strace's "--- SIGTERM {si_signo=...} ---").
 */
export function sendSignal(k: Kernel, kpid: Kpid, sig: number, force = false, info: SigInfo = SI_KERNEL_INFO): void {
  const t = k.task(kpid)
  if (!t || t.state === 'Z' || sig === 0) return
  const disp = t.sigDisp[sig] ?? 'default'
  // pid_namespaces(7): init receives only signals it has a handler for;
  // SIGKILL/SIGSTOP only from an ancestor namespace (the host init has none) or the kernel.
  const forced = force && kpid !== 1 && (sig === SIG.SIGKILL || sig === SIG.SIGSTOP)
  if (isNsInit(k, kpid) && disp !== 'catch' && !forced) return
  // A traced task stops for its tracer even for an ignored signal; SIGKILL has no such stop (sig_ignored()).
  if (t.ptrace !== undefined && sig !== SIG.SIGKILL) ptraceSignal(k, t, sig, info)

  if (sig === SIG.SIGKILL) return exitTask(k, kpid, SIG.SIGKILL)
  if (sig === SIG.SIGCONT) continueTask(k, kpid)
  if (sig === SIG.SIGSTOP) return stopTask(k, kpid, sig)

  if (disp === 'ignore') return
  if (disp === 'catch') {
    const w = k.mutTask(kpid)
    w.sigCaught = [...w.sigCaught, sig]
    interrupt(k, kpid)
    return
  }
  switch (signalDefault(sig)) {
    case 'term':
    case 'core':
      return exitTask(k, kpid, sig)
    case 'stop':
      return stopTask(k, kpid, sig)
    default:
      return
  }
}

/** A sleeping task's syscall returns EINTR. */
export function interrupt(k: Kernel, kpid: Kpid): void {
  const c = k.sched.conts.get(kpid)
  const t = k.task(kpid)
  if (!c || !t || t.state !== 'S') return
  if (t.wchan === 'ptrace_stop') return // a stopped tracee's call is done; the signal waits (task/ptrace.ts)
  k.sched.makeRunnable(kpid, -E.EINTR)
}

function stopTask(k: Kernel, kpid: Kpid, sig: number): void {
  const t = k.taskOrOops(kpid)
  if (t.state === 'T') return
  if (t.ptrace !== undefined) ptraceGroupStop(k, t, sig) // before the state changes: a running tracee's report waits for its call
  const before = hasReport(t)
  const w = k.mutTask(kpid)
  const c = k.sched.conts.get(kpid)
  // A sleeping syscall is restarted after SIGCONT (ERESTARTSYS).
  w.state = 'T'
  w.wchan = 'do_signal_stop'
  w.exitStatus = W_STOPCODE(sig)
  w.waitReport = 'stopped'
  reportChanged(k, w, before)
  if (c) c.chan = ''
  notifyParent(k, kpid)
}

function continueTask(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  if (t.state !== 'T') return
  const before = hasReport(t)
  const w = k.mutTask(kpid)
  w.state = 'S'
  w.waitReport = 'continued'
  reportChanged(k, w, before)
  k.sched.makeRunnable(kpid)
  notifyParent(k, kpid)
}

/** kill(2) permission: "the real or effective user ID of the sending process must equal the real or saved set-user-ID of the target", or CAP_KILL. */
export function maySignal(k: Kernel, from: Kpid, to: Kpid, sig = 0): boolean {
  return killPermission(k, from, to, sig) === 0
}

/**
 * check_kill_permission(): a sender whose real or effective uid is the
 * target's real or saved uid, or with CAP_KILL over the target's user
 * namespace (else EPERM); then the LSM (security_task_kill: EACCES).
 */
export function killPermission(k: Kernel, from: Kpid, to: Kpid, sig: number): number {
  const s = k.taskOrOops(from)
  const t = k.taskOrOops(to)
  const a = s.cred
  const b = t.cred
  const ids = a.ruid === b.ruid || a.ruid === b.suid || a.euid === b.ruid || a.euid === b.suid
  if (!ids && !capableIn(k, s, CAP.KILL, credUserns(b))) return -E.EPERM
  return lsmSignal(k, s, t, sig)
}
