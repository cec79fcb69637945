// Which cgroup each task is in (cgroups(7): "every process is a member of
// exactly one cgroup"; "a child created via fork(2) inherits its parent's
// cgroup memberships"), and the hooks fork, exec, exit and wait call.
//
// A task's own memory (its image, anonymous mappings, kernel stack) is charged
// to its cgroup. SIMPLIFICATION: on migration that charge moves with the task
// (cgroup v1's memory.move_charge_at_immigrate; v2 leaves old pages charged to
// the old cgroup), so memory.current always equals what its members hold plus
// the kernel objects (files, sockets) opened from inside it.
import type { Kpid } from '../../abi/pid.ts'
import { SLAB } from '../slab-sizes.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { memCharge, memTryCharge } from './memory.ts'
import { memStatMove } from './charge.ts'
import { GONE } from '../block.ts'
import { pidsCanFork, pidsCharge } from './pids.ts'
import { cg, mutCg, removeCg } from './table.ts'
import { E } from '../../abi/index.ts'
import { ioForget } from './io.ts'
import { schedForget } from './sched-hook.ts'

/** copy_process → cgroup_can_fork: pids.max up the tree (EAGAIN), then the child's memory (task struct + a copy of the parent's pages). */
export function cgroupCanFork(k: Kernel, parent: Task): number {
  const e = pidsCanFork(k, parent.cgroup)
  if (e) return e
  const r = memTryCharge(k, parent.kpid, parent.cgroup, parent.rssBytes + SLAB.task, 'anon')
  if (r === GONE) return -E.ENOMEM
  if (r < 0) return r
  // memTryCharge booked it all as anon; the kernel stack part belongs to kernel_stack (one charge: one memory.high check).
  memStatMove(k, parent.cgroup, SLAB.task, 'anon', 'kernelStack')
  return 0
}

/** cgroup_post_fork: the child (already charged by cgroupCanFork) joins its parent's cgroup. */
export function cgroupForked(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  pidsCharge(k, t.cgroup, 1)
  populate(k, t.cgroup, 1)
}

/** A task made without fork (init, a spawned login shell): charged without limits. */
export function cgroupAttachNew(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  memCharge(k, t.cgroup, t.rssBytes, 'anon')
  memCharge(k, t.cgroup, SLAB.task, 'kernelStack')
  cgroupForked(k, kpid)
}

/** The task's resident memory changed by `delta` without a limit check (execve's new image). */
export function cgroupRssChanged(k: Kernel, kpid: Kpid, delta: number): void {
  const t = k.task(kpid)
  if (t) memCharge(k, t.cgroup, delta, 'anon')
}

/** cgroup_exit: the task leaves the populated count and gives back its pages; pids stay charged until it is reaped. */
export function cgroupExit(k: Kernel, kpid: Kpid): void {
  const t = k.task(kpid)
  if (!t || t.state === 'Z') return
  ioForget(k, kpid)
  schedForget(k, kpid)
  populate(k, t.cgroup, -1)
  memCharge(k, t.cgroup, -t.rssBytes, 'anon')
}

/** release_task → cgroup_release: pids.current and the task struct are given back. */
export function cgroupRelease(k: Kernel, t: Task): void {
  pidsCharge(k, t.cgroup, -1)
  memCharge(k, t.cgroup, -SLAB.task, 'kernelStack')
  reapDead(k, t.cgroup)
}

/** Moves a live task (cgroup.procs write): counts, pids and its own memory go along (organisational: may exceed limits). */
export function migrateTask(k: Kernel, kpid: Kpid, dst: number): void {
  const t = k.taskOrOops(kpid)
  const src = t.cgroup
  if (src === dst) return
  populate(k, src, -1)
  pidsCharge(k, src, -1)
  memCharge(k, src, -t.rssBytes, 'anon')
  memCharge(k, src, -SLAB.task, 'kernelStack')
  k.mutTask(kpid).cgroup = dst
  populate(k, dst, 1)
  pidsCharge(k, dst, 1)
  memCharge(k, dst, t.rssBytes, 'anon')
  memCharge(k, dst, SLAB.task, 'kernelStack')
  reapDead(k, src)
}

function populate(k: Kernel, cgroup: number, n: number): void {
  mutCg(k, cgroup).nrProcs += n
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    w.nrPopulated += n
    id = w.parent
  }
}

/** A removed cgroup is freed once nothing is charged to it any more (the "dying" state ends). */
export function reapDead(k: Kernel, id: number): void {
  const c = cg(k, id)
  if (!c || !c.dead || c.pidsCurrent > 0 || c.memCurrent > 0) return
  for (let p = cg(k, c.parent); p; p = p.parent < 0 ? undefined : cg(k, p.parent)) mutCg(k, p.id).nrDying--
  removeCg(k, id)
}
