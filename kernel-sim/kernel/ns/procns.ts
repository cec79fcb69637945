// The namespace files of procfs: /proc/PID/ns/* (namespaces(7): links reading
// "type:[inode]"), uid_map, gid_map, setgroups (user_namespaces(7)),
// timens_offsets (time_namespaces(7)), mountinfo, and which pid namespace a
// proc mount shows (pid_namespaces(7): the one of whoever mounted it).
import { CAP, E, type Vpid } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Mount, NsProxy, NsType, Task } from '../state.ts'
import { dirNode, fileNode, ownedBy, type GenNode } from '../fs/genfs.ts'
import { procNode, type ProcNode } from '../fs/procfs/node.ts'
import { INIT_INO, isInit, mutNs, nsRec } from './core.ts'
import { pidIn, taskIn, userVpid } from './pid.ts'
import { nsCapable, renderIdMap, writeIdMap, writeSetgroups } from './user.ts'
import { renderMountinfo } from './mnt.ts'
import { renderSysvipc } from './svipc.ts'

/** ls /proc/self/ns order (Linux >= 5.6). */
export const NS_ENTRIES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'] as const
export const PID_NS_FILES = ['ns', 'uid_map', 'gid_map', 'setgroups', 'timens_offsets', 'mountinfo']

/**
 * The namespace behind /proc/PID/ns/<name> (its inode), or undefined for no such name. A switch
 * with a plain field read per case: the name is a fresh string each lookup (no property-key hashing),
 * and one keyed read of the nsproxy by a varying field name would not stay monomorphic.
 */
function nsOf(ns: NsProxy, name: string): number | undefined {
  switch (name) {
    case 'cgroup': return ns.cgroup
    case 'ipc': return ns.ipc
    case 'mnt': return ns.mnt
    case 'net': return ns.net
    case 'pid': return ns.pid
    case 'pid_for_children': return ns.pidChildren
    case 'time': return ns.time
    case 'time_for_children': return ns.timeChildren
    case 'user': return ns.user
    case 'uts': return ns.uts
    default: return undefined
  }
}

/** The type a /proc/PID/ns/<name> link reads as ("pid:[...]" for pid_for_children too). */
const nsTypeOf = (name: string): NsType => (name === 'pid_for_children' ? 'pid' : name === 'time_for_children' ? 'time' : name as NsType)

/** The pid namespace a proc mount shows. */
export const procPidNs = (m: Mount | undefined) => m?.pidns ?? INIT_INO.pid

/** Pids listed in /proc for that namespace. */
export function procPids(k: Kernel, ns: number): Vpid[] {
  const out: Vpid[] = []
  if (isInit(ns)) {
    for (const t of k.s.tasks.values()) out.push(pidIn(k, t, ns))
    return out
  }
  for (const [pid] of nsRec(k, ns)?.pids?.entries() ?? []) out.push(pid as Vpid) // the namespace's table is keyed by its pids
  return out
}

/** /proc/PID in a proc mount: the task with that pid in the mount's namespace. */
export const procTask = (k: Kernel, ns: number, pid: number) => taskIn(k, ns, userVpid(pid))

/** /proc/self as the mount's namespace numbers the viewer (ENOENT when invisible there). */
export const procSelf = (k: Kernel, viewer: Task, ns: number) => pidIn(k, viewer, ns)

/**
 * pid_for_children "gains a value only after the first child process is
 * created in the namespace. (Beforehand, readlink(2) ... will return an empty buffer.)"
 */
function linkEmpty(k: Kernel, t: Task, name: string, ino: number): boolean {
  return name === 'pid_for_children' && !isInit(ino) && ino !== t.ns.pid && !nsRec(k, ino)?.init
}

const nsEntries = () => [...NS_ENTRIES]

/** A /proc/PID/ns/* link: "type:[inode]", rendered only when read (stat(2) needs just the inode), by one shared method. */
function nsLinkTarget(this: ProcNode): string {
  return this.nsIno === undefined ? '' : `${this.nsType}:[${this.nsIno}]`
}

/** /proc/PID/ns/<name>, or undefined. The hot path of lsns (80k lookups over 10k processes): one object, no closure. */
/** The namespace /proc/PID/ns/<name> stands for: undefined for no such name, or an empty link. */
function nsLinkIno(k: Kernel, t: Task, name: string): number | undefined {
  const ino = nsOf(t.ns, name)
  return ino === undefined || linkEmpty(k, t, name, ino) ? undefined : ino
}
function nsLink(k: Kernel, t: Task, name: string): GenNode | undefined {
  if (nsOf(t.ns, name) === undefined) return undefined
  const nsIno = nsLinkIno(k, t, name)
  return procNode('l', 0o777, t.cred.euid, t.cred.egid, undefined, undefined, undefined, nsLinkTarget, nsIno, nsTypeOf(name), t.kpid, undefined, false)
}

/** /proc/PID/ns looks its links up itself: the task as it is now (it may have called setns since), ENOENT once reaped. */
function nsDirChild(this: ProcNode, k: Kernel, _viewer: Task, name: string): GenNode | undefined {
  const t = k.task(this.kpid)
  return t ? nsLink(k, t, name) : undefined
}

/** /proc/PID/ns (dr-x--x--x). */
function nsDirNsfsIno(this: ProcNode, k: Kernel, name: string): number | undefined {
  const t = k.task(this.kpid)
  return t ? nsLinkIno(k, t, name) : undefined
}
export function nsDir(t: Task): GenNode {
  return procNode('d', 0o511, t.cred.euid, t.cred.egid, nsEntries, nsDirChild, undefined, undefined, undefined, undefined, t.kpid, undefined, false, nsDirNsfsIno)
}

/** Entries under /proc/PID/ (ns dir and the id-map files); undefined if not ours. */
export function nsPidEntry(k: Kernel, viewer: Task, t: Task, rest: string[]): GenNode | undefined {
  const [name, sub] = rest
  if (name === 'ns') {
    if (rest.length === 1) return nsDir(t)
    return rest.length === 2 ? nsLink(k, t, sub!) : undefined
  }
  if (rest.length !== 1) return undefined
  const userns = t.ns.user
  switch (name) {
    case 'uid_map':
    case 'gid_map': {
      const which = name === 'uid_map' ? 'uid' : 'gid'
      return ownedBy(fileNode(() => renderIdMap(k, userns, which), 0o644, (d) => writeIdMap(k, viewer, userns, which, d)), t)
    }
    case 'setgroups':
      return ownedBy(fileNode(() => (nsRec(k, userns)?.setgroupsDeny ? 'deny\n' : 'allow\n'), 0o644, (d) => writeSetgroups(k, viewer, userns, d)), t)
    case 'timens_offsets':
      return ownedBy(fileNode(() => renderTimens(k, t.ns.timeChildren), 0o644, (d) => writeTimens(k, viewer, t.ns.timeChildren, d)), t)
    case 'mountinfo':
      return ownedBy(fileNode(() => renderMountinfo(k, k.task(t.kpid) ?? t)), t)
    default:
      return undefined
  }
}

/** "%-10s %10lld %9ld" per clock (time_namespaces(7)). */
function renderTimens(k: Kernel, ino: number): string {
  const r = nsRec(k, ino)
  const line = (name: string, ns: number) => {
    const secs = Math.floor(ns / 1e9)
    return `${name.padEnd(10)} ${String(secs).padStart(10)} ${String(ns - secs * 1e9).padStart(9)}\n`
  }
  return line('monotonic', r?.monotonicNs ?? 0) + line('boottime', r?.boottimeNs ?? 0)
}

/** Offsets may be written (CAP_SYS_TIME in the owner) only before a process enters the namespace (then EACCES). */
function writeTimens(k: Kernel, writer: Task, ino: number, data: string): number {
  if (isInit(ino)) return -E.EACCES
  const r = nsRec(k, ino)!
  if (!nsCapable(k, writer, CAP.SYS_TIME, r.owner)) return -E.EPERM
  if (r.entered) return -E.EACCES
  const upd: { monotonicNs?: number; boottimeNs?: number } = {}
  for (const line of data.split('\n').filter(Boolean)) {
    const m = /^\s*(monotonic|boottime|1|7)\s+(-?\d+)\s+(\d+)\s*$/.exec(line)
    if (!m) return -E.EINVAL
    const nsec = Number(m[3])
    if (nsec > 999_999_999) return -E.EINVAL
    const v = Number(m[2]) * 1e9 + nsec
    if (m[1] === 'monotonic' || m[1] === '1') upd.monotonicNs = v
    else upd.boottimeNs = v
  }
  Object.assign(mutNs(k, ino), upd)
  return 0
}

/** CLOCK_MONOTONIC/BOOTTIME offset of a task's time namespace. SIMPLIFICATION: /proc/uptime and nanosleep deadlines are not offset. */
export function timeOffset(k: Kernel, t: Task, boottime: boolean): number {
  if (isInit(t.ns.time)) return 0
  const r = nsRec(k, t.ns.time)
  return (boottime ? r?.boottimeNs : r?.monotonicNs) ?? 0
}

/** /proc/sysvipc/{msg,sem,shm}: the reader's IPC namespace (proc_sysvipc(5)). */
export function sysvipcNode(k: Kernel, viewer: Task, rest: string[]): GenNode | undefined {
  if (rest.length === 0) return dirNode(() => ['msg', 'sem', 'shm'])
  const kind = rest[0]
  if (rest.length !== 1 || (kind !== 'msg' && kind !== 'sem' && kind !== 'shm')) return undefined
  return fileNode(() => renderSysvipc(k, viewer, kind))
}
