// clone(2)/unshare(2)/setns(2) glue: which namespaces a task gets, the
// permission rules (CAP_SYS_ADMIN in the owning user namespace; none for a user
// namespace, which is created first when combined), the EINVAL combinations
// and the ENOSPC limits (nesting at 32, /proc/sys/user/max_*_namespaces).
import type { Kpid } from '../../abi/pid.ts'
import {
  CAP, CLONE_FS, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME,
  CLONE_NEWUSER, CLONE_NEWUTS, CLONE_PARENT, CLONE_SYSVSEM, CLONE_THREAD, E,
} from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Cred, NsProxy, NsType, Task } from '../state.ts'
import { INIT_INO, isInit, MAX_NS_LEVEL, mutNs, nsCreate, nsGet, nsLevel, nsPut, nsRec, nsType, proxyGet, proxyPut } from './core.ts'
import { newPidNsFields } from './pid.ts'
import type { NsRecord } from './types.ts'
import { credForNewUserns, credUserns, fromKid, nsCapable } from './user.ts'
import { copyIndex, mayHoldNs, mountsOf } from './mnt-table.ts'
import { utsOf } from './uts.ts'
import { loopback } from './net.ts'

export const CLONE_NEW_ALL = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
  CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME

const FLAG_TYPE: [number, NsType][] = [
  [CLONE_NEWCGROUP, 'cgroup'], [CLONE_NEWIPC, 'ipc'], [CLONE_NEWNS, 'mnt'], [CLONE_NEWNET, 'net'],
  [CLONE_NEWPID, 'pid'], [CLONE_NEWTIME, 'time'], [CLONE_NEWUTS, 'uts'],
]
export const TYPE_FLAG: Record<NsType, number> = {
  cgroup: CLONE_NEWCGROUP, ipc: CLONE_NEWIPC, mnt: CLONE_NEWNS, net: CLONE_NEWNET, pid: CLONE_NEWPID,
  time: CLONE_NEWTIME, user: CLONE_NEWUSER, uts: CLONE_NEWUTS,
}

export interface NsResult {
  ns: NsProxy
  cred: Cred
}

/** clone(2) EINVAL combinations that involve namespaces. */
export function cloneNsInvalid(flags: number): boolean {
  if (flags & CLONE_NEWTIME) return true // "can be used with unshare and clone3 syscalls only"
  if (flags & CLONE_NEWNS && flags & CLONE_FS) return true
  if (flags & CLONE_NEWUSER && flags & (CLONE_FS | CLONE_THREAD)) return true
  if (flags & CLONE_NEWIPC && flags & CLONE_SYSVSEM) return true
  if (flags & CLONE_NEWPID && flags & (CLONE_THREAD | CLONE_PARENT)) return true
  return false
}

/**
 * The namespaces and credentials for a new child (clone) or for the caller
 * (unshare). Creates the requested namespaces; the returned proxy holds no
 * references yet except the new namespaces' own (refs 0): callers take them.
 */
export function copyNamespaces(k: Kernel, t: Task, flags: number, forUnshare: boolean): NsResult | number {
  let cred = t.cred
  const base: NsProxy = forUnshare ? { ...t.ns } : { ...t.ns, pid: t.ns.pidChildren, time: t.ns.timeChildren }
  const ns = { ...base }
  const made: number[] = []
  const fail = (err: number) => {
    for (const ino of made.reverse()) if (nsRec(k, ino)?.refs === 0) { nsGet(k, ino); nsPut(k, ino) }
    return err
  }
  if (flags & CLONE_NEWUSER) {
    const cur = credUserns(cred)
    // clone(2) EPERM: "CLONE_NEWUSER ... the caller is in a chroot environment" or has unmapped ids.
    if (t.root !== '/') return -E.EPERM
    // Debian's kernel.unprivileged_userns_clone=0: only CAP_SYS_ADMIN may (copy_process/unshare_userns).
    if (k.coarse.sysctl.unprivilegedUsernsClone === 0 && !nsCapable(k, t, CAP.SYS_ADMIN, INIT_INO.user)) return -E.EPERM
    if (fromKid(k, cur, cred.euid, 'uid') < 0 || fromKid(k, cur, cred.egid, 'gid') < 0) return -E.EPERM
    if (nsLevel(k, cur) >= MAX_NS_LEVEL) return -E.ENOSPC
    const r = nsCreate(k, 'user', cur, cred.euid, {
      level: nsLevel(k, cur) + 1, parent: cur, setgroupsDeny: nsRec(k, cur)?.setgroupsDeny === true,
    })
    if (typeof r === 'number') return r
    made.push(r.ino)
    ns.user = r.ino
    cred = credForNewUserns(cred, r.ino)
  }
  const owner = ns.user
  const others = flags & CLONE_NEW_ALL & ~CLONE_NEWUSER
  if (others) {
    const probe: Task = { ...t, cred }
    if (!nsCapable(k, probe, CAP.SYS_ADMIN, owner)) return fail(-E.EPERM)
  }
  for (const [flag, type] of FLAG_TYPE) {
    if (!(flags & flag)) continue
    const fields = newFields(k, t, type, base)
    if (typeof fields === 'number') return fail(fields)
    const r = nsCreate(k, type, owner, cred.euid, fields)
    if (typeof r === 'number') return fail(r)
    made.push(r.ino)
    // The copied bind mounts of namespace files hold their namespaces too.
    if (type === 'mnt' && r.mounts && mayHoldNs(r.mounts)) for (const m of r.mounts) if (m.nsIno !== undefined) nsGet(k, m.nsIno)
    if (type === 'pid') {
      if (forUnshare) ns.pidChildren = r.ino
      else ns.pid = ns.pidChildren = r.ino
    } else if (type === 'time') ns.timeChildren = r.ino
    else ns[type] = r.ino
  }
  return { ns, cred }
}

function newFields(k: Kernel, t: Task, type: NsType, base: NsProxy): Partial<NsRecord> | number {
  switch (type) {
    case 'pid': {
      const parent = base.pidChildren
      if (nsLevel(k, parent) >= MAX_NS_LEVEL) return -E.ENOSPC
      return newPidNsFields(nsLevel(k, parent), parent)
    }
    case 'uts': {
      const u = utsOf(k, base.uts)
      return { hostname: u.hostname, domainname: u.domainname }
    }
    case 'mnt': {
      // Rows are immutable (mount(2) replaces a row to change it): the copy shares them. It is this
      // tick's (mount(2) edits it in place, without another copy of the parent's rows).
      const ms = mountsOf(k, base.mnt)
      const copy = k.adopt(ms.slice())
      copyIndex(ms, copy, false)
      return { mounts: copy }
    }
    case 'net':
      return { devices: [loopback()], nextIfindex: 2, routes: [] }
    case 'ipc':
      return { ipc: { objects: [], nextId: 0 } }
    case 'cgroup':
      return { cgroupRoot: t.cgroup, ...(t.cgv1 ? { cgroupV1Roots: { ...t.cgv1 } } : {}) }
    case 'time': {
      const p = nsRec(k, base.timeChildren)
      return { monotonicNs: p?.monotonicNs ?? 0, boottimeNs: p?.boottimeNs ?? 0, entered: false }
    }
    default:
      return {}
  }
}

/** unshare(2). */
export function sysUnshare(k: Kernel, kpid: Kpid, flags: number): number {
  const t = k.taskOrOops(kpid)
  // unshare(2) EINVAL: "CLONE_NEWPID was specified in flags, but the process has previously called unshare() with the CLONE_NEWPID flag".
  if (flags & CLONE_NEWPID && t.ns.pidChildren !== t.ns.pid) return -E.EINVAL
  if (flags & CLONE_NEWTIME && t.ns.timeChildren !== t.ns.time) return -E.EINVAL
  if (!(flags & CLONE_NEW_ALL)) return 0
  const r = copyNamespaces(k, t, flags & CLONE_NEW_ALL, true)
  if (typeof r === 'number') return r
  proxyGet(k, r.ns)
  proxyPut(k, t.ns)
  const w = k.mutTask(kpid)
  w.ns = r.ns
  w.cred = r.cred
  return 0
}

/** setns(2): join the namespace an nsfs file refers to. */
export function sysSetns(k: Kernel, kpid: Kpid, ino: number, nstype: number): number {
  const t = k.taskOrOops(kpid)
  const type = nsType(k, ino)
  if (!type) return -E.EINVAL
  if (nstype !== 0 && nstype !== TYPE_FLAG[type]) return -E.EINVAL
  const owner = isInit(ino) ? INIT_INO.user : type === 'user' ? ino : nsRec(k, ino)!.owner
  const ns = { ...t.ns }
  let cred = t.cred
  if (type === 'user') {
    if (ino === credUserns(t.cred)) return -E.EINVAL
    if (!nsCapable(k, t, CAP.SYS_ADMIN, ino)) return -E.EPERM
    ns.user = ino
    cred = isInit(ino) ? { ...cred, nsCaps: undefined } : credForNewUserns(cred, ino)
  } else {
    if (!nsCapable(k, t, CAP.SYS_ADMIN, owner) || !nsCapable(k, t, CAP.SYS_ADMIN, credUserns(t.cred))) return -E.EPERM
    if (type === 'pid') {
      // setns(2) EINVAL: the target must be the caller's pid namespace or a descendant.
      let x: number | undefined = ino
      while (x !== undefined && x !== t.ns.pid) x = isInit(x) ? undefined : nsRec(k, x)?.parent
      if (x === undefined) return -E.EINVAL
      ns.pidChildren = ino
    } else if (type === 'time') ns.timeChildren = ino
    else ns[type] = ino
  }
  proxyGet(k, ns)
  proxyPut(k, t.ns)
  const w = k.mutTask(kpid)
  w.ns = ns
  w.cred = cred
  if (type === 'mnt') {
    w.root = '/'
    w.cwd = '/'
    w.cwdIn = undefined
  }
  return 0
}

/** execve() since Linux 6.2 moves the task into time_for_children (time_namespaces(7)). */
export function execEnterTimeNs(k: Kernel, kpid: Kpid): void {
  const t = k.taskOrOops(kpid)
  if (t.ns.time === t.ns.timeChildren) return
  nsGet(k, t.ns.timeChildren)
  nsPut(k, t.ns.time)
  k.mutTask(kpid).ns = { ...t.ns, time: t.ns.timeChildren }
  markTimeEntered(k, t.ns.timeChildren)
}

export function markTimeEntered(k: Kernel, ino: number): void {
  if (!isInit(ino) && !nsRec(k, ino)?.entered) mutNs(k, ino).entered = true
}
