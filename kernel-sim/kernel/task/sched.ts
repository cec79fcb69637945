// The scheduler: runs tasks' programs in virtual time. A task runs until it
// blocks, exits, or uses its time slice; then the next runnable task runs
// (round robin). Each syscall is charged its cost (syscalls/table.ts) as
// system time; cpu(ns) is charged as user time. When nothing is runnable the
// clock jumps to the next timer, so `sleep 60` takes no wall time.
//
// SIMPLIFICATION: CPUs are modelled by dividing elapsed time among runnable
// tasks (the clock advances by cost / min(cpus, runnable)), not by separate
// per-CPU run queues.
import type { Kpid } from '../../abi/pid.ts'
import { E, SIG, type RawSyscallReq, type SyscallReq, W_EXITCODE } from '../../abi/index.ts'
import { BLOCK, EXECED, GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import { syscallSpec } from '../syscalls/table.ts'
import { exitTask } from './exit.ts'
import { ptraceSyscall } from './ptrace.ts'
import { cgroupChargeCpu, cgroupEarliest, cgroupMayRun, cgroupSliceNs, cgroupUnpark } from '../cgroup/index.ts'
import { personalityGate } from '../personality.ts'
import { seccompGate } from '../security/seccomp.ts'

/** A time slice: sched_min_granularity-like, in virtual ns. */
const SLICE_NS = 3_000_000
/** At most this many syscalls per slice, so cheap-syscall loops also rotate. */
const SLICE_CALLS = 256
/** Commit a snapshot at least this often (docs/architecture.md "How state changes": one produce per tick of ~1000 syscalls). */
const TICK_CALLS = 1024

export type SliceResult = 'busy' | 'idle' | 'panic'

/**
 * Runs up to `maxSyscalls` syscalls; 'idle' when every task sleeps on something
 * the host must provide, or on a timer later than `idleCeilingNs` (an
 * interactive host lets idle virtual time pass only as fast as real time, so
 * `sleep 100 &` at a prompt lasts 100 s; scripts jump straight to the timer).
 */
/**
 * When the next sleeper wakes by itself: the earlier of the timers (nanosleep)
 * and the cgroup events (a cpu.max period refill, a disk request done). A
 * caller that idles until then must use this, not the timers alone: a task in
 * D state on the disk has no timer, and waiting only for timers leaves it asleep.
 */
export function nextWakeNs(k: Kernel): number | undefined {
  return cgroupEarliest(k, k.sched.nextTimer())
}

export function runSlice(k: Kernel, maxSyscalls: number, idleCeilingNs = Infinity): SliceResult {
  let budget = maxSyscalls
  const sched = k.sched // read once: the loop runs per task, runTask per syscall
  while (budget > 0) {
    if (k.panicked) {
      k.commit()
      return 'panic'
    }
    sched.fireTimers()
    cgroupUnpark(k) // cpu.max periods refilled, disk requests done
    const kpid = sched.dequeue()
    if (kpid === undefined) {
      const next = nextWakeNs(k)
      if (next === undefined || next > idleCeilingNs) {
        if (next !== undefined && idleCeilingNs > k.s.nowNs) k.advanceClock(idleCeilingNs - k.s.nowNs)
        k.commit()
        return 'idle'
      }
      k.advanceClock(next - k.s.nowNs)
      continue
    }
    if (!cgroupMayRun(k, kpid)) continue // frozen or throttled: parked until it may run
    const before = k.syscalls
    const n = runTask(k, kpid, Math.min(SLICE_CALLS, budget))
    // Work done on a task's behalf elsewhere counts too (a vCPU's KVM_RUN runs guest syscalls).
    budget -= Math.max(n, k.syscalls - before)
    if (k.callsSinceCommit >= TICK_CALLS) k.commit()
  }
  // A tick outlasts the slice: a host that drives the kernel in short slices (256 calls per prompt check)
  // would otherwise pay each tick's copies (rows, PMap paths, cgroup rows) four times as often.
  // Reading k.s needs no commit; whoever keeps a state calls k.snapshot(), which commits.
  if (k.callsSinceCommit >= TICK_CALLS) k.commit()
  return 'busy'
}

/** Runs one task for a slice; returns the syscalls it made. */
function runTask(k: Kernel, kpid: Kpid, maxCalls: number): number {
  const sched = k.sched
  const conts = sched.conts
  const cont = conts.get(kpid)!
  let calls = 0
  let used = 0
  // CPU time is added to the task record once per slice, not per call (one copy-on-write, not hundreds).
  let userNs = 0
  let sysNs = 0
  const sliceNs = cgroupSliceNs(k, kpid, SLICE_NS) // cpu.weight; no more than the cpu.max quota left
  while (calls < maxCalls && used < sliceNs) {
    let req: RawSyscallReq
    const retried = cont.retry !== undefined
    if (cont.retry) {
      req = cont.retry as RawSyscallReq
      cont.retry = undefined
    } else {
      let r: IteratorResult<SyscallReq, number>
      try {
        r = cont.gen.next(cont.resume)
      } catch (e) {
        flushSlice(k, kpid, userNs, sysNs)
        k.programEnds++
        crashed(k, kpid, e)
        return calls + 1
      }
      cont.resume = undefined
      if (r.done) {
        flushSlice(k, kpid, userNs, sysNs)
        k.programEnds++
        exitTask(k, kpid, W_EXITCODE(r.value ?? 0, 0))
        return calls + 1
      }
      req = r.value
    }
    calls++
    k.syscalls++
    const spec = syscallSpec(req)
    // Charge first, so a call that sleeps or exits is still accounted.
    const cost = req.nr === 'cpu' ? Number(req.args[0]) || 0 : spec?.cost ?? 100
    used += cost
    if (req.nr === 'cpu') userNs += cost
    else sysNs += cost
    k.advanceClock(cost / Math.min(k.s.machine.cpus, sched.runnable + 1))
    // a call the kernel's personality lacks (NT); then seccomp(2): undefined = the filters let the call run
    let ret: unknown = personalityGate(k, req.nr) ?? seccompGate(k, kpid, req)
    const filtered = ret !== undefined
    if (ret !== undefined || !spec) ret ??= -E.ENOSYS
    else {
      try {
        ret = spec.impl(k, kpid, req.args)
      } catch (e) {
        flushSlice(k, kpid, userNs, sysNs)
        kernelOops(k, kpid, req.nr, e)
        return calls
      }
    }
    if (k.draftOpen) k.settleCoarse()
    if (typeof ret === 'number' && ret < 0) k.host.syscallFailed?.(kpid, req.nr, -ret, filtered)
    ptraceSyscall(k, kpid, req, ret, filtered, retried, cost) // strace's view of the call (task/ptrace.ts)
    if (ret === BLOCK) {
      cont.retry = req
      flushSlice(k, kpid, userNs, sysNs)
      return calls
    }
    if (ret === GONE || conts.get(kpid) !== cont) {
      if (k.task(kpid)?.state === 'Z') { userNs = 0; sysNs = 0 } // the zombie keeps what it had
      flushSlice(k, kpid, userNs, sysNs)
      return calls
    }
    if (ret === EXECED) continue
    cont.resume = ret
    if (k.taskOrOops(kpid).state !== 'R') {
      flushSlice(k, kpid, userNs, sysNs)
      return calls // stopped by its own syscall
    }
  }
  // Slice used up: back of the queue.
  flushSlice(k, kpid, userNs, sysNs)
  sched.makeRunnable(kpid)
  return calls
}

/** The end of a task's slice: its CPU time goes to the task record and its cgroups (a function, not a closure per slice). */
function flushSlice(k: Kernel, kpid: Kpid, userNs: number, sysNs: number): void {
  if ((userNs || sysNs) && k.task(kpid)) {
    const w = k.mutTask(kpid)
    w.utimeNs += userNs
    w.stimeNs += sysNs
  }
  cgroupChargeCpu(k, kpid, userNs, sysNs) // cpu.stat, cpu.max
  updateLoad(k)
}

/** calc_load(): every 5 s, exponentially decayed averages of runnable tasks. */
function updateLoad(k: Kernel): void {
  const c = k.coarse
  if (k.s.nowNs - c.lastLoadNs < 5e9) return
  const active = k.sched.runnable + 1
  const w = k.mutCoarse()
  const decay = [Math.exp(-5 / 60), Math.exp(-5 / 300), Math.exp(-5 / 900)]
  w.loadavg = w.loadavg.map((l, i) => l * decay[i]! + active * (1 - decay[i]!)) as [number, number, number]
  w.lastLoadNs = k.s.nowNs
}

/** A program threw: like a segfault in user space, only that process dies. */
function crashed(k: Kernel, kpid: Kpid, e: unknown): void {
  const t = k.task(kpid)
  printk(k, `traps: ${t?.comm ?? '?'}[${kpid}] crashed: ${String(e instanceof Error ? e.stack ?? e.message : e).split('\n').slice(0, 3).join(' | ')}`)
  exitTask(k, kpid, SIG.SIGSEGV)
}

/** A handler threw: a kernel bug. Log it as Linux logs an oops, kill the task, keep the machine up. */
function kernelOops(k: Kernel, kpid: Kpid, nr: string, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e)
  printk(k, `BUG: isolab kernel exception in ${nr}(): ${msg}`)
  k.host.notice?.(`isolab: kernel bug in ${nr}(): ${msg} (the process was killed; please report it)`)
  exitTask(k, kpid, SIG.SIGSEGV)
}
