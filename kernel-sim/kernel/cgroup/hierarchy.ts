// The cgroup tree's core operations (kernel/cgroup/cgroup.c): mkdir and rmdir,
// cgroup.subtree_control, migration through cgroup.procs with the
// no-internal-process rule, cgroup.type, the hierarchy limits, freeze, kill.
// Every rejected write returns the errno Linux returns (cgroup-v2.rst, and
// linux-semantics.md §3.3/§3.3a for the host-observed cases).
import type { Kpid } from '../../abi/pid.ts'
import { pageCacheReparent } from '../fs/pagecache.ts'
import { shmemReparent } from '../fs/shmem.ts'
import { E, SIG, INIT_KPID } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { sendSignal } from '../task/signal.ts'
import { cpuResetLimits } from './cpu.ts'
import { migrateTask, reapDead } from './membership.ts'
import { cg, controllersOf, mutCg, putCg, subtree } from './table.ts'
import { CONTROLLERS, MAX, THREADED, ZERO_EVENTS, newCgroupRow, type Cgroup, type Controller } from './types.ts'
import { wakeFrozen } from './sched-hook.ts'
import { kpidOf, userVpid } from '../ns/pid.ts'

/** Names a cgroup directory may not take: they would shadow interface files. */
const RESERVED = /^(cgroup|cpu|io|memory|pids)\./

/** cgroup_mkdir(): EAGAIN past cgroup.max.descendants / cgroup.max.depth of any ancestor (cgroup_check_hierarchy_limits). */
export function cgroupMkdir(k: Kernel, parentId: number, name: string): number {
  const parent = cg(k, parentId)
  if (!parent || parent.dead) return -E.ENOENT
  if (parent.children.has(name) || RESERVED.test(name)) return -E.EEXIST
  if (name.includes('\n')) return -E.EINVAL
  let level = 1
  for (let c: Cgroup | undefined = parent; c; c = c.parent < 0 ? undefined : cg(k, c.parent)) {
    if (c.nrDescendants >= c.maxDescendants || level > c.maxDepth) return -E.EAGAIN
    level++
  }
  const tab = k.s.cgroups
  const id = tab.nextId
  const row = newCgroupRow(id, parent, name)
  // A child of a threaded cgroup is threaded too (cgroup-v2.rst "Threaded mode").
  row.threaded = parent.threaded
  putCg(k, row)
  k.s.cgroups.nextId = id + 1
  const pw = mutCg(k, parentId)
  // copied once per tick (k.own), not once per mkdir: creating 1,000 siblings stays linear
  ;(pw.children = k.ownMap(pw.children)).set(name, id)
  if (row.threaded) pw.nrThreadedChildren++
  for (let c: Cgroup | undefined = pw; c; c = c.parent < 0 ? undefined : cg(k, c.parent)) mutCg(k, c.id).nrDescendants++
  return 0
}

function parentIsThreadRoot(c: Cgroup): boolean {
  // cgroup_is_thread_root(): a counter, not a walk over the children (system.slice holds a scope per container).
  return c.nrThreadedChildren > 0
}

/**
 * cgroup_is_valid_domain(): a domain cgroup none of whose ancestors is threaded or a
 * thread root (the root cgroup excepted: it is "mixable"). A domain child of a thread
 * root is "domain invalid" (cgroup-v2.rst "Threaded mode"): it cannot be populated or
 * have controllers enabled, but may become threaded.
 */
function isValidDomain(k: Kernel, c: Cgroup): boolean {
  if (c.threaded) return false
  for (let p = c.parent < 0 ? undefined : cg(k, c.parent); p; p = p.parent < 0 ? undefined : cg(k, p.parent)) {
    if (p.threaded || (p.parent >= 0 && parentIsThreadRoot(p))) return false
  }
  return true
}

/** cgroup_destroy_locked(): EBUSY while populated or with children. A cgroup still charged (zombies, open files) lingers as "dying". */
export function cgroupRmdir(k: Kernel, parentId: number, name: string): number {
  const parent = cg(k, parentId)
  const id = parent?.children.get(name)
  if (id === undefined) return -E.ENOENT
  const c = cg(k, id)!
  if (c.nrPopulated > 0 || c.children.size > 0) return -E.EBUSY
  const pw = mutCg(k, parentId)
  ;(pw.children = k.ownMap(pw.children)).delete(name)
  if (c.threaded) pw.nrThreadedChildren--
  for (let a: Cgroup | undefined = pw; a; a = a.parent < 0 ? undefined : cg(k, a.parent)) {
    const w = mutCg(k, a.id)
    w.nrDescendants--
    w.nrDying++
  }
  mutCg(k, id).dead = true
  // SIMPLIFICATION: the page cache it paid for is charged to the parent at once (Linux keeps such a dying memcg until the pages are reclaimed).
  pageCacheReparent(k, id, parentId)
  shmemReparent(k, id, parentId)
  reapDead(k, id)
  return 0
}

/** cgroup_subtree_control_write(): "+ctrl -ctrl ..." all or nothing. */
export function writeSubtreeControl(k: Kernel, id: number, data: string): number {
  const enable = new Set<Controller>()
  const disable = new Set<Controller>()
  for (const tok of data.split(/[ \t\n]+/)) {
    if (!tok) continue
    const name = tok.slice(1) as Controller
    if (!CONTROLLERS.includes(name)) return -E.EINVAL
    if (tok[0] === '+') {
      enable.add(name)
      disable.delete(name)
    } else if (tok[0] === '-') {
      disable.add(name)
      enable.delete(name)
    } else return -E.EINVAL
  }
  const c = cg(k, id)!
  const available = controllersOf(k, c)
  for (const ctrl of CONTROLLERS) {
    if (enable.has(ctrl)) {
      if (c.subtreeControl.includes(ctrl)) enable.delete(ctrl)
      else if (!available.includes(ctrl)) return -E.ENOENT
    } else if (disable.has(ctrl)) {
      if (!c.subtreeControl.includes(ctrl)) disable.delete(ctrl)
      else if ([...c.children.values()].some((ch) => cg(k, ch)!.subtreeControl.includes(ctrl))) return -E.EBUSY
    }
  }
  if (enable.size === 0 && disable.size === 0) return 0
  const vet = vetEnable(k, c, enable)
  if (vet) return vet
  const w = mutCg(k, id)
  w.subtreeControl = CONTROLLERS.filter((x) => (w.subtreeControl.includes(x) || enable.has(x)) && !disable.has(x))
  // A disabled controller's state goes away in the children: their limits are back to the defaults when it returns.
  for (const ctrl of disable) for (const ch of c.children.values()) resetController(k, ch, ctrl)
  return 0
}

/** cgroup_vet_subtree_control_enable(): controllers can't be enabled for a (non-root) cgroup with tasks. */
function vetEnable(k: Kernel, c: Cgroup, enable: Set<Controller>): number {
  if (enable.size === 0 || c.parent < 0) return 0
  if (!c.threaded && !isValidDomain(k, c)) return -E.EOPNOTSUPP // its dom_cgrp is itself: "domain invalid"
  const domain = [...enable].some((x) => !THREADED.has(x))
  const threadRoot = parentIsThreadRoot(c)
  if (domain && (threadRoot || c.threaded)) return -E.EOPNOTSUPP
  if (!domain && (threadRoot || c.threaded)) return 0
  if (c.nrProcs > 0) return -E.EBUSY
  return 0
}

function resetController(k: Kernel, id: number, ctrl: Controller): void {
  const w = mutCg(k, id)
  if (ctrl === 'pids') w.pidsMax = MAX
  if (ctrl === 'memory') Object.assign(w, { memMax: MAX, memHigh: MAX, memLow: 0, memMin: 0, memOomGroup: false, memSwapMax: MAX, memSwapHigh: MAX })
  if (ctrl === 'cpu') cpuResetLimits(k, id)
  if (ctrl === 'io') Object.assign(w, { ioMax: {}, ioWeight: 100, ioNext: {} })
  // Its events restart with a new css.
  if (ctrl === 'memory') Object.assign(w, { memEvents: ZERO_EVENTS, memEventsLocal: ZERO_EVENTS })
}

/** cgroup_procs_write(): one pid per write, 0 = the writer; the destination is vetted by cgroup_migrate_vet_dst(). */
export function writeProcs(k: Kernel, writer: Kpid, id: number, data: string, threads: boolean): number {
  const v = data.trim()
  if (!/^[+]?\d+$/.test(v)) return -E.EINVAL
  const c = cg(k, id)!
  if (c.threaded && !threads) return -E.EOPNOTSUPP
  // cgroup_procs_write: 0 is the writer itself; otherwise find_task_by_vpid, a pid in the writer's pid namespace.
  const pid = Number(v) === 0 ? writer : kpidOf(k, k.taskOrOops(writer), userVpid(Number(v)))
  const t = pid > 0 ? k.task(pid) : undefined
  if (!t || t.state === 'Z') return -E.ESRCH
  const vet = vetDst(k, c)
  if (vet) return vet
  migrateTask(k, pid, id)
  if (frozenHere(k, id) !== frozenHere(k, t.cgroup)) wakeFrozen(k)
  return 0
}

function frozenHere(k: Kernel, id: number): boolean {
  for (let c = cg(k, id); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) if (c.freeze) return true
  return false
}

/** cgroup_migrate_vet_dst(): the no-internal-process constraint. */
function vetDst(k: Kernel, dst: Cgroup): number {
  if (dst.parent < 0 || dst.threaded) return 0
  if (!isValidDomain(k, dst)) return -E.EOPNOTSUPP // "domain invalid" cannot be populated
  // A cgroup that can be a thread root may hold tasks beside threaded controllers.
  const domainOn = dst.subtreeControl.some((x) => !THREADED.has(x))
  const popDomainChildren = [...dst.children.values()].some((ch) => { const x = cg(k, ch)!; return !x.threaded && x.nrPopulated > 0 })
  if (!domainOn && !popDomainChildren) return 0
  if (dst.subtreeControl.length) return -E.EBUSY
  return 0
}

/** cgroup_type_write(): only "threaded" is accepted, and only where the parent can be a thread root. */
export function writeType(k: Kernel, id: number, data: string): number {
  if (data.trim() !== 'threaded') return -E.EINVAL
  const c = cg(k, id)!
  if (c.threaded) return 0
  const p = cg(k, c.parent)!
  if (p.parent >= 0 && p.subtreeControl.some((x) => !THREADED.has(x))) return -E.EOPNOTSUPP
  if (c.children.size) return -E.EOPNOTSUPP
  mutCg(k, id).threaded = true
  mutCg(k, c.parent).nrThreadedChildren++
  return 0
}

export function readType(k: Kernel, c: Cgroup): string {
  // cgroup_type_show()
  if (c.threaded) return 'threaded'
  if (!isValidDomain(k, c)) return 'domain invalid'
  return parentIsThreadRoot(c) ? 'domain threaded' : 'domain'
}

/** cgroup.max.depth / cgroup.max.descendants: "max" or a non-negative number (negative → ERANGE). */
export function writeHierLimit(k: Kernel, id: number, data: string, field: 'maxDepth' | 'maxDescendants'): number {
  const v = data.trim()
  let n: number
  if (v === 'max') n = MAX
  else if (/^[+-]?\d+$/.test(v)) n = Number(v)
  else return -E.EINVAL
  if (n < 0) return -E.ERANGE
  mutCg(k, id)[field] = n >= 2 ** 31 ? MAX : n
  return 0
}

/** cgroup_freeze_write(): 0 or 1, anything else ERANGE. */
export function writeFreeze(k: Kernel, id: number, data: string): number {
  const v = data.trim()
  if (!/^[+-]?\d+$/.test(v)) return -E.EINVAL
  const n = Number(v)
  if (n < 0 || n > 1) return -E.ERANGE
  mutCg(k, id).freeze = n === 1
  if (n === 0) wakeFrozen(k)
  return 0
}

/** cgroup_kill_write(): only 1; SIGKILLs every process of the subtree. */
export function writeKill(k: Kernel, id: number, data: string): number {
  const v = data.trim()
  if (!/^[+-]?\d+$/.test(v)) return -E.EINVAL
  if (Number(v) !== 1) return -E.ERANGE
  const c = cg(k, id)!
  if (c.threaded) return -E.EOPNOTSUPP
  const ids = new Set(subtree(k, id).map((x) => x.id))
  for (const t of [...k.s.tasks.values()]) if (ids.has(t.cgroup) && t.state !== 'Z' && t.kpid !== INIT_KPID) sendSignal(k, t.kpid, SIG.SIGKILL)
  return 0
}

/** Live member pids of a cgroup (cgroup.procs: zombies are not listed). */
export function memberPids(k: Kernel, id: number): Kpid[] {
  const out: Kpid[] = []
  if (cg(k, id)?.nrProcs === 0) return out
  for (const t of k.s.tasks.values()) if (t.cgroup === id && t.state !== 'Z') out.push(t.kpid)
  return out
}
