// The scheduler's queues: which tasks may run (the run queue), which sleep on
// what (wait queues, keyed by a channel name), and when timed sleepers wake
// (a timer heap). Like the sched and wait code of kernel/sched/ in Linux it
// only moves tasks between states; task/sched.ts runs the ones it picks.
//
// The queues live beside the state, not in it: a task's state (R, S, T, Z),
// wchan and wakeNs in the Task record are the truth, so a snapshot holds no
// queue, and a queue entry that no longer matches its task is skipped.
import type { Kpid } from '../../abi/pid.ts'
import type { Program } from '../../abi/index.ts'
import { TimerHeap } from '../../base/heap.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'

/** What a running task is, beyond its state record: its JS continuation. */
export interface Cont {
  gen: Program
  /** Value to resume the generator with. */
  resume: unknown
  /** The syscall to retry after a wake-up. */
  retry: { nr: string; args: readonly unknown[] } | undefined
  /** Wait-queue channel while sleeping (POLL_CHAN: the channels in `polls`). */
  chan: string
  queued: boolean
  /** poll(2): the wait queues it sleeps on, and its deadline (-1: none) kept across wake-ups until the call returns. */
  polls?: readonly string[]
  pollAt?: number
}

/** Cont.chan of a task sleeping in poll(2) on several channels at once. */
const POLL_CHAN = '\0poll'
const sleepsOn = (c: Cont, chan: string) => c.chan === chan || (c.chan === POLL_CHAN && c.polls!.includes(chan))

export class Scheduler {
  /** Each live task's continuation, by kpid (deleted when it exits). */
  readonly conts = new Map<Kpid, Cont>()
  private readonly runq: Kpid[] = []
  private runqHead = 0
  private readonly waiters = new Map<string, Kpid[]>()
  private readonly timers = new TimerHeap()

  constructor(private readonly k: Kernel) {}

  /** Gives a new task its program (fork, spawn, init); makeRunnable then queues it. */
  attach(kpid: Kpid, gen: Program): void {
    this.conts.set(kpid, { gen, resume: undefined, retry: undefined, chan: '', queued: false })
  }

  /** Makes a task runnable (from sleep, from creation, after SIGCONT); `resume` replaces the retried call's result. */
  makeRunnable(kpid: Kpid, resume?: unknown): void {
    const c = this.conts.get(kpid)
    const t = this.k.task(kpid)
    if (!c || !t || t.state === 'Z' || t.state === 'T') return
    if (resume !== undefined) {
      c.resume = resume
      c.retry = undefined
      c.pollAt = undefined
    }
    if (t.state !== 'R') {
      const w = this.k.mutTask(kpid)
      w.state = 'R'
      w.wchan = ''
      w.wakeNs = -1
    }
    c.chan = ''
    if (!c.queued) {
      c.queued = true
      this.runq.push(kpid)
    }
  }

  /** Puts the current task to sleep on `chan` (shown as wchan); the handler then returns BLOCK. */
  sleepOn(kpid: Kpid, chan: string, wchan: string): typeof BLOCK {
    const t = this.k.mutTask(kpid)
    t.state = 'S'
    t.wchan = wchan
    const c = this.conts.get(kpid)!
    c.chan = chan
    let q = this.waiters.get(chan)
    if (!q) this.waiters.set(chan, (q = []))
    q.push(kpid)
    return BLOCK
  }

  /**
   * poll(2)'s sleep: on every channel in `chans` at once, until one is woken
   * (the call is retried and looks again) or the deadline `timeoutNs` from the
   * first sleep of this call passes (the call returns 0; -1: no timeout).
   */
  pollWait(kpid: Kpid, chans: readonly string[], timeoutNs: number): typeof BLOCK {
    const c = this.conts.get(kpid)!
    const at = c.pollAt ?? (timeoutNs < 0 ? -1 : this.k.s.nowNs + timeoutNs)
    const t = this.k.mutTask(kpid)
    t.state = 'S'
    t.wchan = 'do_sys_poll'
    c.chan = POLL_CHAN
    c.polls = chans
    c.pollAt = at
    for (const chan of chans) {
      let q = this.waiters.get(chan)
      if (!q) this.waiters.set(chan, (q = []))
      // A channel that stays quiet while the others wake us would otherwise collect one entry per round.
      if (q[q.length - 1] !== kpid) q.push(kpid)
    }
    if (at >= 0) {
      t.wakeNs = at
      this.timers.push(at, kpid)
    }
    return BLOCK
  }

  /** The poll(2) call of `kpid` returned without sleeping: a later call starts a new timeout. */
  pollDone(kpid: Kpid): void {
    const c = this.conts.get(kpid)
    if (c) c.pollAt = undefined
  }

  /** Wakes every task sleeping on `chan`; they retry their syscalls. */
  wake(chan: string): void {
    const q = this.waiters.get(chan)
    if (!q) return
    this.waiters.delete(chan)
    for (const kpid of q) {
      const c = this.conts.get(kpid)
      if (c && sleepsOn(c, chan)) this.makeRunnable(kpid)
    }
  }

  /** True when some task sleeps on `chan` (a terminal waiting for a line). */
  hasSleepers(chan: string): boolean {
    return this.waiters.get(chan)?.some((p) => { const c = this.conts.get(p); return c !== undefined && sleepsOn(c, chan) }) ?? false
  }

  /** Sleeps until virtual time `at` (nanosleep). */
  sleepUntil(kpid: Kpid, at: number): typeof BLOCK {
    const t = this.k.mutTask(kpid)
    t.state = 'S'
    t.wchan = 'hrtimer_nanosleep'
    t.wakeNs = at
    this.conts.get(kpid)!.chan = 'timer'
    this.timers.push(at, kpid)
    return BLOCK
  }

  /** Next runnable task, or undefined. */
  dequeue(): Kpid | undefined {
    while (this.runqHead < this.runq.length) {
      const kpid = this.runq[this.runqHead++]!
      if (this.runqHead > 4096 && this.runqHead * 2 > this.runq.length) {
        this.runq.splice(0, this.runqHead)
        this.runqHead = 0
      }
      const c = this.conts.get(kpid)
      if (!c) continue
      c.queued = false
      if (this.k.task(kpid)?.state === 'R') return kpid
    }
    return undefined
  }

  /** Tasks waiting in the run queue (the one running is not counted). */
  get runnable(): number {
    return this.runq.length - this.runqHead
  }

  /** Wakes sleepers whose time has come; returns true if any woke. */
  fireTimers(): boolean {
    let woke = false
    for (;;) {
      const top = this.timers.peek()
      if (!top || top.at > this.k.s.nowNs) return woke
      this.timers.pop()
      const t = this.k.task(top.id as Kpid) // timers are keyed by kpid (sleepUntil)
      if (t && t.state === 'S' && t.wakeNs === top.at) {
        this.makeRunnable(top.id as Kpid, 0)
        woke = true
      }
    }
  }

  /** Earliest pending timer, skipping stale entries. */
  nextTimer(): number | undefined {
    for (;;) {
      const top = this.timers.peek()
      if (!top) return undefined
      const t = this.k.task(top.id as Kpid)
      if (t && t.state === 'S' && t.wakeNs === top.at) return top.at
      this.timers.pop()
    }
  }
}
