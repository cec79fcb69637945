// PID namespaces (pid_namespaces(7)): a task has one pid per level, from the
// initial namespace (its kpid) down to the one it was created in. Every pid a
// program sees or passes is translated for the caller's namespace: a task
// outside it (or not yet in it) is invisible, as pid_vnr() returns 0.
import { E, PID_MAX_LIMIT } from '../../abi/index.ts'
import { PMap } from '../../base/pmap.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { INIT_INO, isInit, mutNs, nsRec } from './core.ts'

const INIT_PID = INIT_INO.pid

/** The task's pid as seen from pid namespace `ns` (0 if invisible there). */
export function pidIn(k: Kernel, t: Task, ns: number): number {
  if (ns === INIT_PID) return t.kpid
  const levels = t.nsPids
  if (!levels || levels.length === 0) return 0
  if (t.ns.pid === ns) return levels[levels.length - 1]!
  const L = nsRec(k, ns)?.level ?? 0
  if (levels.length < L) return 0
  let x = t.ns.pid
  for (let l = levels.length; l > L; l--) x = nsRec(k, x)?.parent ?? INIT_PID
  return x === ns ? levels[L - 1]! : 0
}

/** A kpid as the viewer sees it (0 if invisible or gone). */
export function vpid(k: Kernel, viewer: Task, kpid: number): number {
  if (viewer.ns.pid === INIT_PID) return kpid
  const t = k.task(kpid)
  return t ? pidIn(k, t, viewer.ns.pid) : 0
}

/** The task with pid `pid` in namespace `ns`. */
export function taskIn(k: Kernel, ns: number, pid: number): Task | undefined {
  if (ns === INIT_PID) return k.task(pid)
  const kpid = nsRec(k, ns)?.pids?.get(pid)
  return kpid === undefined ? undefined : k.task(kpid)
}

/** find_task_by_vpid(): `pid` in the caller's namespace → kpid, or 0. */
export function kpidOf(k: Kernel, caller: Task, pid: number): number {
  if (caller.ns.pid === INIT_PID) return pid
  return taskIn(k, caller.ns.pid, pid)?.kpid ?? 0
}

/** Is the task the init (pid 1) of its own pid namespace? */
export function isPidNsInit(t: Task): boolean {
  return t.kpid === 1 || (t.nsPids !== undefined && t.nsPids.length > 0 && t.nsPids[t.nsPids.length - 1] === 1)
}

/**
 * alloc_pid() below the initial level: one pid in each nested namespace from
 * `ns` up. The first becomes the namespace's init. ENOMEM once init is gone
 * (pid_namespaces(7); fork(2) ENOMEM), EAGAIN when the namespace's pid_max is used up.
 */
export function allocNsPids(k: Kernel, ns: number, kpid: number): number[] | number {
  if (isInit(ns)) return []
  const chain: number[] = []
  for (let x = ns; !isInit(x); x = nsRec(k, x)!.parent!) chain.unshift(x)
  for (const x of chain) if (nsRec(k, x)!.dead) return -E.ENOMEM
  const out: number[] = []
  for (const x of chain) {
    const r = mutNs(k, x)
    const max = r.pidMax ?? PID_MAX_LIMIT
    let pid = r.lastPid ?? 0
    const pids = r.pids!
    let tries = 0
    do {
      pid = pid + 1 >= max ? 2 : pid + 1
      if (++tries > max) return -E.EAGAIN
    } while (pids.has(pid))
    r.lastPid = pid
    r.pids = pids.set(pid, kpid, k.edit)
    if (pid === 1) r.init = kpid
    out.push(pid)
  }
  return out
}

/** The pids of a reaped task are free again. */
export function freeNsPids(k: Kernel, t: Task): void {
  const levels = t.nsPids
  if (!levels || levels.length === 0) return
  let x = t.ns.pid
  for (let l = levels.length; l > 0; l--) {
    const cur = nsRec(k, x)
    if (!cur) break
    const r = cur.pids?.get(levels[l - 1]!) === t.kpid ? mutNs(k, x) : cur
    if (r !== cur) r.pids = r.pids!.delete(levels[l - 1]!, k.edit)
    x = r.parent ?? INIT_PID
  }
}

/** The child reaper of a task's namespace: orphans go there (kpid). */
export function childReaper(k: Kernel, t: Task): number {
  if (isInit(t.ns.pid)) return 1
  const r = nsRec(k, t.ns.pid)
  if (r?.init && !r.dead && r.init !== t.kpid) return r.init
  // The namespace's init itself is dying: its children go to the parent namespace's reaper.
  let x = r?.parent ?? INIT_PID
  while (!isInit(x)) {
    const p = nsRec(k, x)
    if (p?.init && !p.dead) return p.init
    x = p?.parent ?? INIT_PID
  }
  return 1
}

export function newPidNsFields(parentLevel: number, parent: number): { level: number; parent: number; pids: PMap<number>; init: number; lastPid: number; pidMax: number } {
  return { level: parentLevel + 1, parent, pids: PMap.empty(), init: 0, lastPid: 0, pidMax: PID_MAX_LIMIT }
}

/** Every task whose pid namespace is `ns` or below it (for zap_pid_ns_processes). */
export function tasksBelow(k: Kernel, ns: number): number[] {
  const r = nsRec(k, ns)
  if (!r) return []
  const out: number[] = []
  for (const kpid of r.pids!.values()) out.push(kpid)
  return out
}

/** The ids /proc/PID/status and stat show, relative to a proc mount's pid namespace. */
export interface NsIds {
  pid: number
  tgid: number
  ppid: number
  pgid: number
  sid: number
  /** NSpid etc.: one value per level from the mount's namespace down to the task's. */
  nspid: string
  nspgid: string
  nssid: string
}

/** A task's pids from level `from` down (NSpid). */
function pidsFrom(t: Task, from: number): number[] {
  const all = [t.kpid, ...(t.nsPids ?? [])]
  return all.slice(from)
}

export function nsIds(k: Kernel, t: Task, ns: number): NsIds {
  const from = isInit(ns) ? 0 : nsRec(k, ns)?.level ?? 0
  const pid = pidIn(k, t, ns)
  const parent = k.task(t.ppid)
  const ppid = parent && !(isPidNsInit(t) && t.ns.pid === ns) ? pidIn(k, parent, ns) : 0
  const leader = (kp: number) => {
    const x = k.task(kp)
    return x ? pidsFrom(x, from) : isInit(ns) ? [kp] : [0]
  }
  const pg = leader(t.pgid)
  const ss = leader(t.sid)
  const mine = pidsFrom(t, from)
  // A group or session led from an outer namespace is 0 in the inner levels (pid_nr_ns).
  const pad = (xs: number[]) => mine.map((_, i) => xs[i] ?? 0).join('\t')
  return {
    pid, tgid: pid, ppid, pgid: pg[0] ?? 0, sid: ss[0] ?? 0,
    nspid: mine.join('\t'), nspgid: pad(pg), nssid: pad(ss),
  }
}
