// The pids controller (kernel/cgroup/pids.c; cgroup-v2.rst "PID"): a hard
// limit on the tasks in a subtree. fork()/clone() "will return -EAGAIN if the
// creation of a new process would cause a cgroup policy to be violated".
// pids.current counts a task from fork until it is reaped (pids_release runs
// from release_task), so zombies count.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import { cg, mutCg } from './table.ts'
import { MAX } from './types.ts'

/** PID_MAX_LIMIT on 64-bit: pids.max accepts 0 ... 4194304 (pids_max_write: "limit < 0 || limit >= PIDS_MAX" → EINVAL). */
export const PIDS_MAX_LIMIT = 4194304

/**
 * pids_can_fork → pids_try_charge: fails at the innermost cgroup whose limit
 * the new task would exceed. pids.events "max" counts in that cgroup and its
 * ancestors; the first failure of the forking cgroup is logged.
 */
export function pidsCanFork(k: Kernel, cgroup: number): number {
  let over = -1
  for (let c = cg(k, cgroup); c && c.parent >= 0; c = cg(k, c.parent)) {
    if (c.pidsCurrent + 1 > c.pidsMax) {
      over = c.id
      break
    }
  }
  if (over < 0) return 0
  const forking = mutCg(k, cgroup)
  if (++forking.pidsForkFail === 1 && forking.parent >= 0) printk(k, `cgroup: fork rejected by pids controller in ${forking.path}`)
  for (let c = cg(k, over); c && c.parent >= 0; c = cg(k, c.parent)) mutCg(k, c.id).pidsEvents++
  return -E.EAGAIN
}

/** Charges (n = 1) or uncharges (n = -1) a task on the cgroup and its ancestors. */
export function pidsCharge(k: Kernel, cgroup: number, n: number): void {
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    w.pidsCurrent += n
    if (w.pidsCurrent > w.pidsPeak) w.pidsPeak = w.pidsCurrent
    id = w.parent
  }
}

/** pids_max_write: "max" or 0 ... PID_MAX_LIMIT. SIMPLIFICATION: decimal only (kstrtoll base 0 also takes 0x.. and 0..). */
export function parsePidsMax(s: string): number {
  const v = s.trim()
  if (v === 'max') return MAX
  if (!/^[+-]?\d+$/.test(v)) return -E.EINVAL
  const n = Number(v)
  if (n < 0 || n >= PIDS_MAX_LIMIT + 1) return -E.EINVAL
  return n
}
