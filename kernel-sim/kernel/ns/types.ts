// Namespace records (namespaces(7)). The initial namespaces have no record:
// their state is where it was before namespaces existed (coarse.uts,
// coarse.mounts, state.ports, pid == kpid, ids == kernel ids). Every other
// namespace is one NsRecord in KernelState.namespaces, keyed by nsKey(its nsfs inode number).
import type { Kpid } from '../../abi/pid.ts'
import type { PMap } from '../../base/pmap.ts'
import type { Mount, NsType } from '../state.ts'

/** One line of uid_map/gid_map; `lower` is a kernel (initial-namespace) id, as Linux keeps it. */
export interface IdExtent {
  first: number
  lower: number
  count: number
}

/** A network device (ip-link(8)). */
export interface NetDev {
  ifindex: number
  name: string
  kind: 'loopback' | 'veth' | 'bridge'
  up: boolean
  mac: string
  /** Addresses with prefix length, "10.0.0.1/24". */
  addrs: string[]
  /** veth: the peer's net namespace and ifindex. */
  peerNs?: number
  peerIfindex?: number
  /** Enslaved to this bridge (ifindex) in the same namespace. */
  master?: number
}

/** A default route: `default via GW dev DEV [proto P] [src S] [metric M]` (ip-route(8)). */
import type { Route } from '../../abi/rtnl.ts'

export type { Route }

export interface NsRecord {
  ino: number
  type: NsType
  /** Holders: member tasks (one per NsProxy field), open nsfs files, bind mounts, child and owned namespaces. */
  refs: number
  /** The user namespace that owns it (for a user namespace: its parent). */
  owner: number
  /** Kernel uid of the creator (ucounts; a user namespace's "owner" uid). */
  creator: number
  /** pid/user: nesting level (initial = 0) and parent. */
  level?: number
  parent?: number
  // pid
  /** ns pid → kpid. */
  pids?: PMap<Kpid>
  /** kpid of the namespace's init (child_reaper), 0 before the first process. */
  init?: Kpid
  /** Init has died: forks into the namespace fail with ENOMEM. */
  dead?: boolean
  lastPid?: number
  pidMax?: number
  // user
  uidMap?: IdExtent[]
  gidMap?: IdExtent[]
  setgroupsDeny?: boolean
  // uts
  hostname?: string
  domainname?: string
  // mnt
  mounts?: Mount[]
  // net
  devices?: NetDev[]
  ports?: PMap<number>
  /** Stored routes (ns/routes.ts: the default route); connected routes are derived from addresses. */
  routes?: Route[]
  nextIfindex?: number
  // cgroup: the cgroup id that is "/" inside
  cgroupRoot?: number
  /** cgroup v1: the creator's cgroup in each v1 hierarchy (hierarchy id → cgroup id), "/" of mounts made inside; absent = the roots. */
  cgroupV1Roots?: Record<number, number>
  // time: offsets in ns; `entered` once a process lives in it (offsets then fixed)
  monotonicNs?: number
  boottimeNs?: number
  entered?: boolean
  // ipc: System V ids (svipc.ts)
  ipc?: IpcTables
}

export interface IpcObject {
  key: number
  id: number
  kind: 'msg' | 'sem' | 'shm'
  owner: number
  perms: number
  /** Bytes (shm), semaphores (sem), or messages (msg). */
  size: number
  /** ipcs -q: used-bytes and messages. */
  messages?: string[]
}

export interface IpcTables {
  objects: IpcObject[]
  nextId: number
}
