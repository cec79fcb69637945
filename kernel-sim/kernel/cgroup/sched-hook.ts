// What the scheduler asks the cgroup tree (task/sched.ts calls these):
//  - may this task run now? Not while its cgroup is frozen (cgroup.freeze) or
//    throttled (cpu.max quota used up for this period): it is parked, off the
//    run queue (state S when frozen, still R when throttled, as on Linux);
//  - how long may its slice be? Scaled by cpu.weight, cut at the quota left;
//  - charge the CPU time it used (cpu.stat, cpu.max accounting).
// Parked tasks are kept beside the state (like the run queue itself).
//
// SIMPLIFICATION: cpu.weight scales each task's round-robin slice (weight
// 200 → slices twice as long) instead of CFS's per-group virtual runtime;
// with one task per group the shares come out as CFS gives them.
import type { Kpid } from '../../abi/pid.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { cpuCharge, cpuRuntimeLeft, cpuWeightFactor } from './cpu.ts'
import { cg, frozen, mutCg } from './table.ts'

interface Parked {
  /** kpid → the time it may run again (Infinity while frozen). */
  until: Map<Kpid, number>
  /** Earliest `until` among them. */
  next: number
  /** Sleepers woken on their channel at a time (disk requests): kpid → [time, channel]. */
  timed: Map<Kpid, [number, string]>
  nextTimed: number
}

const PARKED = new WeakMap<Kernel, Parked>()

function parked(k: Kernel): Parked {
  let p = PARKED.get(k)
  if (!p) PARKED.set(k, (p = { until: new Map(), next: Infinity, timed: new Map(), nextTimed: Infinity }))
  return p
}

/** After dequeue: false if the task must wait (it is parked until its cgroup may run). */
export function cgroupMayRun(k: Kernel, kpid: Kpid): boolean {
  const t = k.task(kpid)
  if (!t || t.cgroup === 0) return true
  let until = -1
  if (frozen(k, t.cgroup)) {
    until = Infinity
    // A frozen task sleeps in do_freezer_trap (kernel/signal.c: TASK_INTERRUPTIBLE|TASK_FREEZABLE):
    // S in ps even if it was running; a throttled one stays R. makeRunnable sets R again on thaw.
    const w = k.mutTask(kpid)
    w.state = 'S'
    w.wchan = 'do_freezer_trap'
  } else {
    for (let c = cg(k, t.cgroup); c && c.parent >= 0; c = cg(k, c.parent)) {
      if (c.cpuThrottledUntil > k.s.nowNs) until = Math.max(until, c.cpuThrottledUntil)
    }
  }
  if (until < 0) return true
  const p = parked(k)
  p.until.set(kpid, until)
  if (until < p.next) p.next = until
  return false
}

/** Releases parked tasks whose period has been refilled. Cheap when nothing is due. */
export function cgroupUnpark(k: Kernel): void {
  const p = PARKED.get(k)
  if (!p) return
  if (p.nextTimed <= k.s.nowNs) wakeTimed(k, p)
  if (p.next > k.s.nowNs) return
  let next = Infinity
  for (const [kpid, until] of p.until) {
    if (until <= k.s.nowNs) {
      p.until.delete(kpid)
      unthrottle(k, kpid)
      k.sched.makeRunnable(kpid)
    } else if (until < next) next = until
  }
  p.next = next
}

function unthrottle(k: Kernel, kpid: Kpid): void {
  const t = k.task(kpid)
  for (let c = t && cg(k, t.cgroup); c && c.parent >= 0; c = cg(k, c.parent)) {
    if (c.cpuThrottledUntil >= 0 && c.cpuThrottledUntil <= k.s.nowNs) mutCg(k, c.id).cpuThrottledUntil = -1
  }
}

/** When the next parked task may run (for the idle clock jump), or undefined. */
export function cgroupNextEvent(k: Kernel): number | undefined {
  const p = PARKED.get(k)
  const next = p ? Math.min(p.next, p.nextTimed) : Infinity
  return next < Infinity ? next : undefined
}

/**
 * Sleeps on `chan` until virtual time `at`; the syscall is then retried (unlike
 * nanosleep's timer, which completes the call). `state` D: disk sleep, not
 * interrupted by signals.
 */
export function sleepTimed(k: Kernel, kpid: Kpid, at: number, chan: string, wchan: string): typeof BLOCK {
  k.sched.sleepOn(kpid, chan, wchan)
  k.mutTask(kpid).state = 'D'
  const p = parked(k)
  p.timed.set(kpid, [at, chan])
  if (at < p.nextTimed) p.nextTimed = at
  return BLOCK
}

function wakeTimed(k: Kernel, p: Parked): void {
  let next = Infinity
  for (const [kpid, [at, chan]] of p.timed) {
    if (at <= k.s.nowNs) {
      p.timed.delete(kpid)
      k.sched.wake(chan)
    } else if (at < next) next = at
  }
  p.nextTimed = next
}

/** cgroup.freeze cleared or a task moved out of a frozen cgroup: parked tasks look again. */
export function wakeFrozen(k: Kernel): void {
  const p = PARKED.get(k)
  if (!p) return
  for (const [kpid, until] of p.until) {
    if (until !== Infinity) continue
    p.until.delete(kpid)
    k.sched.makeRunnable(kpid)
  }
}

/** The slice a task may use now: SLICE_NS scaled by cpu.weight, at most the quota left. */
export function cgroupSliceNs(k: Kernel, kpid: Kpid, sliceNs: number): number {
  const t = k.task(kpid)
  if (!t || t.cgroup === 0) return sliceNs
  const scaled = Math.min(100_000_000, Math.max(50_000, sliceNs * cpuWeightFactor(k, t.cgroup)))
  return Math.max(1000, Math.min(scaled, cpuRuntimeLeft(k, t.cgroup)))
}

/** Accounts a slice's CPU time (cpu.stat; cpu.max throttling). */
export function cgroupChargeCpu(k: Kernel, kpid: Kpid, userNs: number, sysNs: number): void {
  const t = k.task(kpid)
  if (!t || userNs + sysNs === 0) return
  cpuCharge(k, t.cgroup, userNs, sysNs)
}

/** The earlier of the kernel's next timer and the next cgroup event (for the idle clock jump). */
export function cgroupEarliest(k: Kernel, nextTimer: number | undefined): number | undefined {
  const mine = cgroupNextEvent(k)
  if (mine === undefined) return nextTimer
  return nextTimer === undefined ? mine : Math.min(nextTimer, mine)
}

/** A task exited: it is no longer parked or waiting on the disk. */
export function schedForget(k: Kernel, kpid: Kpid): void {
  const p = PARKED.get(k)
  p?.until.delete(kpid)
  p?.timed.delete(kpid)
}
