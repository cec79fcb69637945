// Namespace bookkeeping: one inode-number allocator, records, reference
// counts (namespaces(7) "Namespace lifetime": members, open /proc/PID/ns files,
// bind mounts, child namespaces and namespaces a user namespace owns), and the
// per-user counts of /proc/sys/user/max_*_namespaces.
import { NS_SLAB } from '../slab-sizes.ts'
import { E } from '../../abi/index.ts'
import { INIT_NS } from '../../abi/nsfs.ts'
import { current, isDraft, type Draft } from 'immer'
import type { Kernel } from '../kernel.ts'
import type { NsProxy, NsType, Task } from '../state.ts'
import type { NsRecord } from './types.ts'

export const NS_TYPES: readonly NsType[] = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts']

/** The initial namespace of each type. */
export const INIT_INO: Record<NsType, number> = {
  cgroup: INIT_NS.cgroup, ipc: INIT_NS.ipc, mnt: INIT_NS.mnt, net: INIT_NS.net, pid: INIT_NS.pid,
  time: INIT_NS.time, user: INIT_NS.user, uts: INIT_NS.uts,
}
const INIT_TYPE = new Map<number, NsType>(NS_TYPES.map((t) => [INIT_INO[t], t]))

/** The NsProxy fields that hold a reference (pidChildren/timeChildren count too). */
export const PROXY_FIELDS: readonly (keyof NsProxy)[] = [
  'cgroup', 'ipc', 'mnt', 'net', 'pid', 'pidChildren', 'time', 'timeChildren', 'user', 'uts',
]

/** Nesting limit of pid and user namespaces (clone(2) ENOSPC). */
export const MAX_NS_LEVEL = 32

export const isInit = (ino: number) => INIT_TYPE.has(ino)

/** Records are keyed by inode - NS_KEY_BASE (PMap keys are < 2^30; nsfs inodes start at 0xEFFFFFF8). */
const NS_KEY_BASE = 0xeffffff0
export const nsKey = (ino: number) => ino - NS_KEY_BASE

export function nsRec(k: Kernel, ino: number): NsRecord | undefined {
  return k.nsRecord(nsKey(ino))
}

/** A record to change (an immer draft of it, finished after the syscall). */
export function mutNs(k: Kernel, ino: number): NsRecord {
  return k.mutNsRecord(nsKey(ino)) as NsRecord
}

export function nsType(k: Kernel, ino: number): NsType | undefined {
  return INIT_TYPE.get(ino) ?? nsRec(k, ino)?.type
}

/** /proc/sys/user/max_<type>_namespaces: half of threads-max in the initial user namespace. */
export function nsMax(k: Kernel, type: NsType): number {
  return k.coarse.nsMax[type] ?? Math.floor(k.coarse.sysctl.threadsMax / 2)
}

/** Creates a namespace record; ENOSPC once the creator's count reaches max_<type>_namespaces. */
export function nsCreate(k: Kernel, type: NsType, owner: number, creator: number, fields: Partial<NsRecord>): NsRecord | number {
  const key = `${type}:${creator}`
  const used = k.coarse.nsCounts[key] ?? 0
  if (used >= nsMax(k, type)) return -E.ENOSPC
  const c = k.mutCoarse()
  c.nsCounts[key] = used + 1
  const ino = ++c.lastNsIno
  const rec: NsRecord = { ino, type, refs: 0, owner, creator, ...fields }
  k.putNsRecord(nsKey(ino), rec)
  const ctr = k.ctr()
  ctr.nsBytes = (ctr.nsBytes ?? 0) + (NS_SLAB[type] ?? 0)
  // A namespace holds its owning user namespace, and a pid/user namespace its parent.
  if (type !== 'user') nsGet(k, owner)
  if (rec.parent !== undefined) nsGet(k, rec.parent)
  return nsRec(k, ino)!
}

export function nsGet(k: Kernel, ino: number, n = 1): void {
  if (isInit(ino)) return
  if (!nsRec(k, ino)) throw new Error(`kernel bug: get of unknown namespace ${ino}`)
  k.nsRefs(nsKey(ino), n)
}

/** Drops a reference; the last one frees the namespace (and what it held). */
export function nsPut(k: Kernel, ino: number): void {
  if (isInit(ino)) return
  const cur = nsRec(k, ino)
  if (!cur) throw new Error(`kernel bug: put of unknown namespace ${ino}`)
  if (cur.refs > 1) {
    k.nsRefs(nsKey(ino), -1)
    return
  }
  // The last reference. Its tables are read as plain arrays: iterated through an open draft, each row of
  // a thousand-mount table would become a proxy of its own (and current() of the record copies them all).
  const c = k.mutCoarse()
  const { type, owner, parent, creator } = cur
  const mounts = plain(cur.mounts) ?? []
  // network_namespaces(7): "veth devices in it are destroyed" — and with them their peers elsewhere.
  for (const d of plain(cur.devices) ?? []) {
    const peer = d.peerNs !== undefined && d.peerNs !== ino ? nsRec(k, d.peerNs) : undefined
    if (peer?.devices) mutNs(k, d.peerNs!).devices = peer.devices.filter((x) => x.ifindex !== d.peerIfindex)
  }
  k.removeNsRecord(nsKey(ino))
  const ctr = k.ctr()
  ctr.nsBytes = (ctr.nsBytes ?? 0) - (NS_SLAB[type] ?? 0)
  const key = `${type}:${creator}`
  c.nsCounts[key] = (c.nsCounts[key] ?? 1) - 1
  if (c.nsCounts[key] === 0) delete c.nsCounts[key]
  for (const m of mounts) if (m.nsIno !== undefined) nsPut(k, m.nsIno)
  if (parent !== undefined) nsPut(k, parent)
  if (type !== 'user') nsPut(k, owner)
}

/** A table read from a record that may be an open draft: its base when unchanged (no copy), else the current copy. */
const plain = <T>(x: T): T => (isDraft(x) ? (current(x as Draft<T>) as T) : x)

/** Takes a reference on every namespace of a proxy (a new member). */
export function proxyGet(k: Kernel, p: NsProxy): void {
  for (const f of PROXY_FIELDS) if (!isInit(p[f])) nsGet(k, p[f])
}

export function proxyPut(k: Kernel, p: NsProxy, except?: keyof NsProxy): void {
  for (const f of PROXY_FIELDS) if (f !== except && !isInit(p[f])) nsPut(k, p[f])
}

/** Level of a pid or user namespace (0 for the initial one). */
export function nsLevel(k: Kernel, ino: number): number {
  return isInit(ino) ? 0 : nsRec(k, ino)?.level ?? 0
}

/** The cgroup that is "/" for a reader (its cgroup namespace's root; 0, the hierarchy root, in the initial one). */
export function cgroupNsRoot(k: Kernel, viewer: Task): number {
  return isInit(viewer.ns.cgroup) ? 0 : nsRec(k, viewer.ns.cgroup)?.cgroupRoot ?? 0
}
