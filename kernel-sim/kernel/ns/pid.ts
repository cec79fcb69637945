// PID namespaces (pid_namespaces(7)): a task has one pid per level, from the
// initial namespace (its kpid) down to the one it was created in. Every pid a
// program sees or passes is translated for the caller's namespace: a task
// outside it (or not yet in it) is invisible, as pid_vnr() returns 0.
import { E, INIT_KPID, NO_KPID, NO_VPID, PID_MAX_LIMIT, type Kpid, type Vpid } from '../../abi/index.ts'
import { PMap } from '../../base/pmap.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { INIT_INO, isInit, mutNs, nsRec } from './core.ts'

const INIT_PID = INIT_INO.pid

/**
 * A pid number that user space wrote where no syscall argument carries it (a
 * cgroup.procs write, a /proc/PID path, an ioctl or rtnetlink field): it names
 * a task in the writer's pid namespace, as every pid user space passes does.
 */
export const userVpid = (n: number): Vpid => n as Vpid

/** The task's pid as seen from pid namespace `ns` (0 if invisible there). */
export function pidIn(k: Kernel, t: Task, ns: number): Vpid {
  if (ns === INIT_PID) return t.kpid as number as Vpid // the initial namespace's pids are the kpids
  const levels = t.nsPids
  if (!levels || levels.length === 0) return NO_VPID
  if (t.ns.pid === ns) return levels[levels.length - 1]!
  const L = nsRec(k, ns)?.level ?? 0
  if (levels.length < L) return NO_VPID
  let x = t.ns.pid
  for (let l = levels.length; l > L; l--) x = nsRec(k, x)?.parent ?? INIT_PID
  return x === ns ? levels[L - 1]! : NO_VPID
}

/** A kpid as the viewer sees it (0 if invisible or gone). */
export function vpid(k: Kernel, viewer: Task, kpid: Kpid): Vpid {
  if (viewer.ns.pid === INIT_PID) return kpid as number as Vpid
  const t = k.task(kpid)
  return t ? pidIn(k, t, viewer.ns.pid) : NO_VPID
}

/** The task with pid `pid` in namespace `ns`. */
export function taskIn(k: Kernel, ns: number, pid: Vpid): Task | undefined {
  if (ns === INIT_PID) return k.task(pid as number as Kpid)
  const kpid = nsRec(k, ns)?.pids?.get(pid)
  return kpid === undefined ? undefined : k.task(kpid)
}

/** find_task_by_vpid(): `pid` in the caller's namespace → kpid, or 0. */
export function kpidOf(k: Kernel, caller: Task, pid: Vpid): Kpid {
  if (caller.ns.pid === INIT_PID) return pid as number as Kpid
  return taskIn(k, caller.ns.pid, pid)?.kpid ?? NO_KPID
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
export function allocNsPids(k: Kernel, ns: number, kpid: Kpid): Vpid[] | number {
  if (isInit(ns)) return []
  const chain: number[] = []
  for (let x = ns; !isInit(x); x = nsRec(k, x)!.parent!) chain.unshift(x)
  for (const x of chain) if (nsRec(k, x)!.dead) return -E.ENOMEM
  const out: Vpid[] = []
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
    out.push(pid as Vpid)
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
export function childReaper(k: Kernel, t: Task): Kpid {
  if (isInit(t.ns.pid)) return INIT_KPID
  const r = nsRec(k, t.ns.pid)
  if (r?.init && !r.dead && r.init !== t.kpid) return r.init
  // The namespace's init itself is dying: its children go to the parent namespace's reaper.
  let x = r?.parent ?? INIT_PID
  while (!isInit(x)) {
    const p = nsRec(k, x)
    if (p?.init && !p.dead) return p.init
    x = p?.parent ?? INIT_PID
  }
  return INIT_KPID
}

export function newPidNsFields(parentLevel: number, parent: number): { level: number; parent: number; pids: PMap<Kpid>; init: Kpid; lastPid: number; pidMax: number } {
  return { level: parentLevel + 1, parent, pids: PMap.empty(), init: NO_KPID, lastPid: 0, pidMax: PID_MAX_LIMIT }
}

/** Every task whose pid namespace is `ns` or below it (for zap_pid_ns_processes). */
export function tasksBelow(k: Kernel, ns: number): Kpid[] {
  const r = nsRec(k, ns)
  if (!r) return []
  const out: Kpid[] = []
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
  const leader = (kp: Kpid) => {
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
