// ptrace(2) for system-call tracing, as strace(1) uses it: a tracee reports
// every call it makes to its tracer. The scheduler's dispatch path calls
// ptraceSyscall() after each call; fork passes the tracer on under
// PTRACE_O_TRACEFORK (strace -f); exit reports the end ("+++ exited with 0 +++").
//
// Attaching (PTRACE_ATTACH/SEIZE, strace -p) follows ptrace_attach(): EPERM for
// oneself, for a task already traced, when __ptrace_may_access() refuses
// (security/ptrace.ts: ids, CAP_SYS_PTRACE, the LSM), or when Yama's
// kernel.yama.ptrace_scope refuses (Documentation/admin-guide/LSM/Yama.rst:
// 1 = descendants only, 2 = CAP_SYS_PTRACE only, 3 = no attach).
//
// A tracee stops after each call it reports (a syscall-exit-stop, "ptrace_stop")
// until its tracer has collected the report, so the trace interleaves with the
// tracee's own output as on Linux. SIMPLIFICATION: there is no syscall-entry-stop
// (a call that sleeps is reported when it goes to sleep, as 'unfinished'), the
// tracer collects stops with ptrace(PTRACE_GET_SYSCALL_INFO, -1) instead of
// waitpid(2) plus PTRACE_GET_SYSCALL_INFO per stop, and a signal-delivery-stop
// is reported with its siginfo but does not stop the tracee.
// SIMPLIFICATION: a fatal signal acts at once, inside the call that sent it, so
// a tracee that kills itself (`kill $$`) ends inside its kill(2): strace shows
// the signal and "+++ killed by SIGTERM +++" but not the kill(2) line.
import type { Kpid } from '../../abi/pid.ts'
import {
  CAP, E, PTRACE_ATTACH, PTRACE_DETACH, PTRACE_GET_SYSCALL_INFO, PTRACE_O_TRACECLONE, PTRACE_O_TRACEFORK,
  PTRACE_O_TRACEVFORK, PTRACE_SEIZE, PTRACE_TRACEME, type RawSyscallReq, type SigInfo, type TraceEvent,
} from '../../abi/index.ts'
import { BLOCK, EXECED, GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { capableIn } from '../security/capable.ts'
import { ptraceMayAccess } from '../security/ptrace.ts'
import { credUserns, showKid } from '../ns/user.ts'
import { kpidOf, userVpid, vpid } from '../ns/pid.ts'
import type { Task } from '../state.ts'

/** Reports a tracer may hold uncollected before a tracee stops for it: 1, a stop after every call. */
const QUEUE_MAX = 1
const FOLLOW = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE

const queueChan = (tracer: Kpid) => `ptrace:${tracer}`
const stopChan = (tracer: Kpid) => `ptrace-stop:${tracer}`

/** Calls that are not system calls of a Linux program: computation ('cpu') and signal delivery ('sigtake'). */
const NOT_SYSCALLS = new Set(['cpu', 'sigtake'])

/** Sets or clears a task's tracer, keeping the count of traced tasks the dispatch hook checks first. */
function setTracer(k: Kernel, kpid: Kpid, v: Task['ptrace']): void {
  const was = k.taskOrOops(kpid).ptrace !== undefined
  if (!was && v === undefined) return
  k.mutTask(kpid).ptrace = v
  if (was !== (v !== undefined)) {
    const c = k.ctr()
    c.tracees = (c.tracees ?? 0) + (v ? 1 : -1)
  }
}

/** The live tracer of `t`, or undefined (a tracer that died detached it: exit_ptrace()). */
function tracerOf(k: Kernel, t: Task): Task | undefined {
  if (t.ptrace === undefined) return undefined
  const tracer = k.task(t.ptrace.tracer)
  if (tracer && tracer.state !== 'Z') return tracer
  setTracer(k, t.kpid, undefined)
  return undefined
}

function report(k: Kernel, tracer: Task, ev: TraceEvent): number {
  const w = k.mutTask(tracer.kpid)
  const q = k.own(w.traceq ?? [])
  q.push(ev)
  w.traceq = q
  k.sched.wake(queueChan(tracer.kpid))
  return q.length
}

/** The syscall-dispatch hook (sched.ts): `ret` is the handler's answer; `retried`: a call that slept before. */
export function ptraceSyscall(k: Kernel, kpid: Kpid, req: RawSyscallReq, ret: unknown, filtered: boolean, retried: boolean, costNs: number): void {
  if (!k.s.counters.tracees) return // nothing is traced: one read per call
  const t = k.task(kpid)
  if (t?.ptrace === undefined || ret === GONE) return
  if (req.nr === 'ptrace' && req.args[0] === PTRACE_TRACEME) return // tracing starts after it (the tracer has not resumed it yet)
  const tracer = tracerOf(k, t)
  if (!tracer) return
  if (NOT_SYSCALLS.has(req.nr)) {
    if (t.traceSigs) reportHeldSignals(k, t, tracer) // back in user mode: its signals are delivered
    return
  }
  const pid = vpid(k, tracer, kpid)
  const args = req.args.map((a) => (typeof a === 'function' ? undefined : a)) // clone's child code is no argument a tracer sees
  if (ret === BLOCK) {
    if (!retried) report(k, tracer, { kind: 'unfinished', pid, nr: req.nr, args, costNs })
    return
  }
  let n = report(k, tracer, {
    kind: retried ? 'resumed' : 'syscall', pid, nr: req.nr, args, ret: ret === EXECED ? 0 : ret, filtered, costNs,
  })
  if (t.traceSigs) n = reportHeldSignals(k, t, tracer)
  // The tracee waits for its tracer (an exec'd program starts running at once: no stop there).
  if (n >= QUEUE_MAX && ret !== EXECED && k.task(kpid)?.state === 'R') k.sched.sleepOn(kpid, stopChan(tracer.kpid), 'ptrace_stop')
}

/** fork(2) of a tracee: under PTRACE_O_TRACEFORK the child is traced from birth; otherwise not (ptrace(2)). */
export function ptraceFork(k: Kernel, parent: Task, child: Kpid): void {
  const c = k.taskOrOops(child)
  if (c.ptrace === undefined && c.traceq === undefined) return
  const w = k.mutTask(child)
  w.traceq = undefined
  w.traceSigs = undefined
  w.ptrace = undefined // copied from the parent with the rest of its record: not counted yet
  const tracer = tracerOf(k, parent)
  if (!tracer || !parent.ptrace || !(parent.ptrace.options & FOLLOW)) return
  setTracer(k, child, parent.ptrace)
  report(k, tracer, { kind: 'attached', pid: vpid(k, tracer, child) })
}

/**
 * A signal-delivery-stop: the tracer sees the signal and its siginfo, pid and
 * uid as the tracee sees them (sigaction(2)). A running tracee takes the signal
 * on its way back to user mode, after the call it is in: the report waits for
 * that call's (a sleeping tracee's call is reported as 'unfinished' already).
 */
export function ptraceSignal(k: Kernel, t: Task, sig: number, info: SigInfo): void {
  const tracer = tracerOf(k, t)
  if (!tracer) return
  const seen: SigInfo = { ...info }
  if (info.pid !== undefined) seen.pid = vpid(k, t, info.pid as Kpid)
  if (info.uid !== undefined) seen.uid = showKid(k, credUserns(t.cred), info.uid)
  reportOrHold(k, t, tracer, { kind: 'signal', pid: vpid(k, tracer, t.kpid), sig, siginfo: seen })
}

/** A group-stop of a tracee (SIGSTOP, SIGTSTP...): what strace shows as "--- stopped by SIGSTOP ---". */
export function ptraceGroupStop(k: Kernel, t: Task, sig: number): void {
  const tracer = tracerOf(k, t)
  if (tracer) reportOrHold(k, t, tracer, { kind: 'stopped', pid: vpid(k, tracer, t.kpid), sig })
}

function reportOrHold(k: Kernel, t: Task, tracer: Task, ev: TraceEvent): void {
  if (t.state === 'R') k.mutTask(t.kpid).traceSigs = [...t.traceSigs ?? [], ev]
  else report(k, tracer, ev)
}

/** The signal-delivery-stops held while the tracee finished its call. */
function reportHeldSignals(k: Kernel, t: Task, tracer: Task): number {
  let n = 0
  for (const ev of t.traceSigs ?? []) n = report(k, tracer, ev)
  if (t.traceSigs) k.mutTask(t.kpid).traceSigs = undefined
  return n
}

/** do_exit(): a tracee's end is its tracer's last event from it; a tracer's tracees are released. */
export function ptraceExit(k: Kernel, t: Task, status: number): void {
  k.sched.wake(stopChan(t.kpid)) // its stopped tracees go on
  const tracer = tracerOf(k, t)
  if (tracer) {
    reportHeldSignals(k, t, tracer)
    report(k, tracer, { kind: 'exited', pid: vpid(k, tracer, t.kpid), status })
  }
  if (t.ptrace !== undefined) setTracer(k, t.kpid, undefined)
}

/** Yama's ptrace_access_check for an attach (Yama.rst). */
function yamaAllows(k: Kernel, tracer: Task, tracee: Task): boolean {
  const scope = k.coarse.sysctl.ptraceScope ?? 0
  const cap = () => capableIn(k, tracer, CAP.SYS_PTRACE, credUserns(tracee.cred))
  if (scope === 0) return true
  if (scope === 1) return isDescendant(k, tracer.kpid, tracee) || cap()
  if (scope === 2) return cap()
  return false
}

function isDescendant(k: Kernel, ancestor: Kpid, t: Task): boolean {
  for (let p: Task | undefined = t; p && p.kpid !== 0; p = k.task(p.ppid)) {
    if (p.kpid === ancestor) return true
    if (p.ppid === p.kpid) break
  }
  return false
}

/** ptrace(2): TRACEME (data: options), ATTACH/SEIZE (data: options), DETACH, and GET_SYSCALL_INFO on pid -1 (the stops so far). */
export function sysPtrace(k: Kernel, kpid: Kpid, request: number, pid: number, data: number): number | TraceEvent[] | typeof BLOCK {
  const me = k.taskOrOops(kpid)
  switch (request) {
    case PTRACE_TRACEME: {
      if (me.ptrace !== undefined) return -E.EPERM
      const parent = k.task(me.ppid)
      if (!parent || parent.state === 'Z') return -E.EPERM
      const scope = k.coarse.sysctl.ptraceScope ?? 0
      if (scope === 3 || (scope === 2 && !capableIn(k, parent, CAP.SYS_PTRACE, credUserns(me.cred)))) return -E.EPERM
      setTracer(k, kpid, { tracer: parent.kpid, options: data | 0 })
      return 0
    }
    case PTRACE_ATTACH:
    case PTRACE_SEIZE: {
      const target = k.task(kpidOf(k, me, userVpid(pid)))
      if (!target || target.state === 'Z' || pid <= 0) return -E.ESRCH
      if (target.tgid === me.tgid || target.ptrace !== undefined && tracerOf(k, target)) return -E.EPERM
      if (!ptraceMayAccess(k, me, target, 'trace') || !yamaAllows(k, me, target)) return -E.EPERM
      setTracer(k, target.kpid, { tracer: kpid, options: request === PTRACE_SEIZE ? data | 0 : 0 })
      return 0
    }
    case PTRACE_DETACH: {
      const target = k.task(kpidOf(k, me, userVpid(pid)))
      if (!target || target.ptrace?.tracer !== kpid) return -E.ESRCH
      setTracer(k, target.kpid, undefined)
      if (target.traceSigs) k.mutTask(target.kpid).traceSigs = undefined
      k.sched.wake(stopChan(kpid))
      return 0
    }
    case PTRACE_GET_SYSCALL_INFO: {
      if (pid !== -1) return -E.EINVAL
      const q = me.traceq ?? []
      if (q.length > 0) {
        k.mutTask(kpid).traceq = []
        k.sched.wake(stopChan(kpid))
        return q
      }
      // No stop to collect: sleep if some task is still traced by us, else ECHILD (as waitpid(2)).
      for (const t of k.s.tasks.values()) if (t.ptrace?.tracer === kpid && t.state !== 'Z') return k.sched.sleepOn(kpid, queueChan(kpid), 'ptrace_wait')
      return -E.ECHILD
    }
    default:
      return -E.EIO // "request is invalid" (ptrace(2) EIO)
  }
}
