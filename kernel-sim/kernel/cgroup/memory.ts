// The memory controller (mm/memcontrol.c, mm/page_counter.c; cgroup-v2.rst
// "Memory"). Every charge walks the cgroup and its ancestors (a page_counter
// per level); the first level that would go over memory.max records a "max"
// event, tries to reclaim, and then runs the OOM killer inside that cgroup:
// "If a cgroup's memory usage reaches this limit and can't be reduced, the
// OOM killer is invoked in the cgroup."
//
// SIMPLIFICATION: only the clean page cache is reclaimable (no swap); memory.high counts events but does not throttle;
// memory.low/min are stored and shown but protect nothing.
// Charged: process memory, kernel objects (tasks, open files, sockets), the
// page cache and tmpfs data (Shmem, which without swap is never reclaimed).
import type { Kpid } from '../../abi/pid.ts'
import { E, PAGE_SIZE, SIG } from '../../abi/index.ts'
import { GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import { oomKill } from '../oom-kill.ts'
import { sendSignal } from '../task/signal.ts'
import type { Task } from '../state.ts'
import { cg, inSubtree } from './table.ts'
import { MAX, type Cgroup, type MemKind } from './types.ts'
import { chargePath, memCharge, memChargePath, memEvent, pathOverLimit } from './charge.ts'
import { pageCacheReclaim } from '../fs/pagecache.ts'

export { memCharge } from './charge.ts'


/**
 * try_charge(): charges `n` bytes for task `kpid`, running the cgroup OOM killer
 * while a level is over memory.max. Returns 0, -ENOMEM (no victim left), or
 * GONE when the OOM killer chose the caller itself.
 */
export function memTryCharge(k: Kernel, kpid: Kpid, cgroup: number, n: number, kind: MemKind): 0 | number | typeof GONE {
  // The common case, again in this tick and under every limit: the rows already at hand (charge.ts chargePath).
  const p = chargePath(k, cgroup)
  if (p && !pathOverLimit(p, n)) {
    memChargePath(k, p, n, kind)
    return 0
  }
  for (let tries = 0; ; tries++) {
    const over = overLimit(k, cgroup, n)
    if (!over) break
    memEvent(k, over.id, 'max')
    // try_to_free_mem_cgroup_pages(): the cgroup's clean page cache goes before the OOM killer runs.
    if (pageCacheReclaim(k, over.memCurrent + n - over.memMax, over.id) > 0 && !overLimit(k, cgroup, n)) break
    memEvent(k, over.id, 'oom')
    const killed = memcgOom(k, kpid, over)
    if (killed === 0 || tries > 1000) return -E.ENOMEM
    if (killed === GONE) return GONE
  }
  memCharge(k, cgroup, n, kind)
  return 0
}

function overLimit(k: Kernel, cgroup: number, n: number): Cgroup | undefined {
  for (let c = cg(k, cgroup); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) {
    if (c.memCurrent + n > c.memMax) return c
  }
  return undefined
}

/** oom_badness() inside the cgroup: the task with the most memory; a tie goes to the later task, as select_bad_process() iterates. */
function memcgVictim(k: Kernel, over: Cgroup): Task | undefined {
  let best: Task | undefined
  for (const t of k.s.tasks.values()) {
    if (t.kpid === 1 || t.state === 'Z' || !inSubtree(k, t.cgroup, over.id)) continue
    if (!best || t.rssBytes >= best.rssBytes) best = t
  }
  return best
}

/** mem_cgroup_out_of_memory(): kills one victim (or its whole memory.oom.group). Returns 0 if none, GONE if the caller died, else 1. */
function memcgOom(k: Kernel, kpid: Kpid, over: Cgroup): 0 | 1 | typeof GONE {
  const victim = memcgVictim(k, over)
  if (!victim) return 0
  const caller = k.task(kpid)
  const kb = (b: number) => Math.floor(b / 1024)
  printk(k, `${caller?.comm ?? 'kworker'} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`)
  printk(k, `memory: usage ${kb(over.memCurrent)}kB, limit ${kb(over.memMax)}kB, failcnt ${over.memEventsLocal.max}`)
  const vcg = cg(k, victim.cgroup)!
  printk(k, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=${over.path},task_memcg=${vcg.path},task=${victim.comm},pid=${victim.kpid},uid=${victim.cred.ruid}`)
  // mem_cgroup_get_oom_group(): the outermost cgroup between the victim's and the OOM domain with memory.oom.group set.
  let group: Cgroup | undefined
  for (let c: Cgroup | undefined = vcg; c; c = c.id === over.id || c.parent < 0 ? undefined : cg(k, c.parent)) if (c.memOomGroup) group = c
  const victims = [victim.kpid]
  if (group) {
    for (const t of k.s.tasks.values()) if (t.kpid !== victim.kpid && t.kpid !== 1 && t.state !== 'Z' && inSubtree(k, t.cgroup, group.id)) victims.push(t.kpid)
  }
  for (const v of victims) {
    memEvent(k, k.taskOrOops(v).cgroup, 'oomKill')
    if (v === victim.kpid) oomKill(k, v, 'Memory cgroup out of memory')
    else sendSignal(k, v, SIG.SIGKILL, true)
  }
  if (group) {
    memEvent(k, group.id, 'oomGroupKill')
    printk(k, `Tasks in ${group.path} are going to be killed due to memory.oom.group set`)
  }
  return victims.includes(kpid) || k.task(kpid)?.state === 'Z' ? GONE : 1
}

/** page_counter_memparse(): "max" or memparse() with K/M/G/T/P/E; rounded down to whole pages. */
export function memparseLimit(s: string): number {
  const v = s.trim()
  if (v === 'max') return MAX
  const m = /^(\d+)([KMGTPEkmgtpe]?)$/.exec(v)
  if (!m) return -E.EINVAL
  const shift = { '': 0, k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 }[m[2]!.toLowerCase()]!
  const bytes = Number(m[1]) * 2 ** shift
  if (!Number.isFinite(bytes) || bytes >= MAX) return MAX
  return Math.floor(bytes / PAGE_SIZE) * PAGE_SIZE
}

export function fmtMax(n: number): string {
  return n >= MAX ? 'max' : String(n)
}

/** memory_max_write(): after lowering the limit, the cgroup is brought under it, by the OOM killer if need be. */
export function memShrinkToMax(k: Kernel, writer: Kpid, id: number): void {
  for (let i = 0; i < 10000; i++) {
    const c = cg(k, id)
    if (!c || c.memCurrent <= c.memMax) return
    memEvent(k, id, 'oom')
    if (memcgOom(k, writer, c) === 0) return
  }
}
