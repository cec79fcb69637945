// Mount namespaces (mount_namespaces(7)) and mount(2)/umount2(2): a mount
// table per namespace (the initial one is coarse.mounts), proc/tmpfs/bind/
// cgroup2 mounts, propagation flags, /proc/PID/mountinfo.
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REMOUNT, MS_STRICTATIME, MS_BIND, MS_REC, MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED, MNT_DETACH } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'
import { namei } from '../fs/namei.ts'
import { newInode } from '../fs/tmpfs.ts'
import { parseTmpfsOptions, tmpfsNewInstance, tmpfsReconfigure, tmpfsShowOptions } from '../fs/shmem.ts'
import { devptsNewInstance, devptsShowOptions } from '../fs/devpts.ts'
import { INIT_INO, cgroupNsRoot, isInit, mutNs, nsGet, nsPut, nsRec } from './core.ts'
import { OUTER, copyIndex, lastMountIndex, markPropagation, mayHoldNs, mayPropagate, mountIndexFor, mountsChanged, pivotMarks, rowAt, rowUnder, taskMounts, taskMountsRaw } from './mnt-table.ts'
import { nsCapable } from './user.ts'
import { lsmMount } from '../security/lsm.ts'
import { roOptions, withRo } from './mnt-ro.ts'
import { blkdevRoot, isDevicePath } from './mnt-blkdev.ts'
import { overlayMount } from '../fs/overlay-mount.ts'
import { cgroupV1Mount, v1ShowOptions } from '../cgroup/v1/index.ts'

const PROPAGATION = MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED

/**
 * The task's mount table, to edit: a copy owned by this tick, installed in place
 * of the old one (no immer proxy of each row is made: with a thousand containers
 * the host table has a thousand overlay mounts). Copied once per tick, not per
 * mount: runc's seven mounts before pivot_root edit one copy of the host's
 * thousand rows, not seven (the table a snapshot holds is never edited).
 * Rows are shared with the last snapshot: replace a row, never edit it.
 */
function mutMounts(k: Kernel, t: Task): Mount[] {
  const old = taskMounts(k, t)
  const ms = k.own(old)
  if (ms !== old) {
    copyIndex(old, ms, true)
    setMounts(k, t, ms)
  }
  return ms
}

/** Installs `ms` as the task's mount table (its index is built when first asked, unless copyIndex gave it one). */
function setMounts(k: Kernel, t: Task, ms: Mount[]): void {
  if (t.ns.mnt === INIT_INO.mnt) k.mutCoarse().mounts = ms
  else mutNs(k, t.ns.mnt).mounts = ms
  mountsChanged(k, t)
}

const FSTYPES = new Set(['proc', 'tmpfs', 'sysfs', 'cgroup2', 'cgroup', 'devpts', 'devtmpfs'])

/**
 * mount(2): needs CAP_SYS_ADMIN over the mount namespace's owner. Supports a
 * new proc (showing the mounter's pid namespace), tmpfs, sysfs, cgroup2 (when
 * registered), bind mounts (MS_BIND, of directories or nsfs files), and
 * changing propagation (MS_SHARED/PRIVATE/SLAVE/UNBINDABLE, with MS_REC).
 */
// SIMPLIFICATION: shared/slave mounts are recorded and shown in mountinfo, but mount events do not propagate between peers;
// a bind mount of a directory of a generated filesystem shows that filesystem's root.
export function sysMount(k: Kernel, kpid: Kpid, source: string, target: string, fstype: string, flags: number, data: string): number {
  const t = k.taskOrOops(kpid)
  const owner = isInit(t.ns.mnt) ? INIT_INO.user : nsRec(k, t.ns.mnt)!.owner
  if (!nsCapable(k, t, CAP.SYS_ADMIN, owner)) return -E.EPERM
  if (typeof target !== 'string') return -E.EFAULT
  const r = namei(k, t, target)
  if (typeof r === 'number') return r
  const path = r.path
  const denied = lsmMount(k, t, { source: String(source), target: path, fstype: String(fstype) }) // security_sb_mount
  if (denied) return denied
  const mounts = taskMounts(k, t)
  if (flags & PROPAGATION) {
    const idx = lastMountIndex(mounts, path) ?? -1
    if (idx < 0) return -E.EINVAL
    const kind = flags & MS_SHARED ? 'shared' : flags & MS_SLAVE ? 'slave' : flags & MS_UNBINDABLE ? 'unbindable' : 'private'
    if (kind === 'private' && !mayPropagate(mounts)) return 0 // every row is private already: none to look at
    // The table is copied at the first row that changes: runc's MS_REC|MS_PRIVATE on "/" of a fresh copy
    // of the host's thousand (already private) mounts changes none.
    let w: Mount[] | undefined
    let group = 0
    const top = kind === 'shared' ? maxGroup(mounts) : 0
    const under = path === '/' ? '/' : path + '/'
    for (let i = 0; i < mounts.length; i++) {
      const row = mounts[i]!
      if (i !== idx && !(flags & MS_REC && (path === '/' || row.path === path || row.path.startsWith(under)))) continue
      if (kind === 'private' && !row.propagation && !row.peerGroup) continue // already private: no copy of the row
      if (!w) markPropagation((w = mutMounts(k, t)))
      // A copy made field by field, without peerGroup when the mount leaves its peer group: `delete` would
      // turn the row into a dictionary-mode object.
      const m = {} as Record<string, unknown>
      const keepGroup = kind === 'shared' || kind === 'slave'
      for (const key in row) if (keepGroup || key !== 'peerGroup') m[key] = row[key as keyof Mount]
      if (kind === 'shared' && !m.peerGroup) m.peerGroup = ++group + top
      m.propagation = kind
      w[i] = m as unknown as Mount
    }
    return 0
  }
  if (flags & MS_REMOUNT) {
    // mount(2) MS_REMOUNT (with or without MS_BIND): set or clear the mount's read-only flag; EINVAL if not a mount point.
    // SIMPLIFICATION: a remount without MS_BIND changes only this mount, not every mount of the superblock.
    const idx = lastMountIndex(mounts, path) ?? -1
    if (idx < 0) return -E.EINVAL
    // A tmpfs remount without MS_BIND reconfigures the instance (mount -o remount,size=...).
    const sb = mounts[idx]!.fstype === 'tmpfs' && !(flags & MS_BIND) ? k.inode(mounts[idx]!.rootIno)?.sb : undefined
    if (sb !== undefined) {
      const o = parseTmpfsOptions(k, data)
      if (typeof o === 'number') return o
      const r = tmpfsReconfigure(k, sb, o)
      if (r < 0) return r
    }
    const w = mutMounts(k, t)
    w[idx] = { ...w[idx]!, options: withRo(w[idx]!.options, (flags & MS_RDONLY) !== 0) }
    return 0
  }
  if (fstype === 'overlay' && !(flags & MS_BIND)) return mountOverlay(k, t, path, source, flags, data)
  const w = mutMounts(k, t)
  const c = k.mutCoarse()
  const parent = w[mountIndexFor(w, path)]?.id ?? 1 // w: the same rows, and it holds the table's index now
  const id = c.nextMountId++
  const ro = flags & MS_RDONLY ? 'ro' : ''
  if (flags & MS_BIND) {
    const s = namei(k, t, source)
    if (typeof s === 'number') return s
    const n = s.node
    if (n.kind === 'gen' && n.node.nsIno !== undefined) {
      // Binding /proc/PID/ns/X keeps the namespace alive (namespaces(7)).
      nsGet(k, n.node.nsIno)
      const m = newRow(id, parent, path, ro, 'nsfs', 'nsfs', 0)
      m.nsIno = n.node.nsIno
      m.fsRoot = `${nsTypeName(k, n.node.nsIno)}:[${n.node.nsIno}]`
      w.push(m)
      mountsChanged(k, t)
      return 0
    }
    const src = w[mountIndexFor(w, s.path)]
    if (n.kind === 'tmpfs' && n.ovl && src?.ovl) {
      // A bind mount of (a directory of) an overlay is that overlay again, rooted there.
      const m = newRow(id, parent, path, withRo('rw,relatime', (flags & MS_RDONLY) !== 0), 'overlay', src.source, n.ino)
      m.ovl = { ...src.ovl, path: n.ovl.path }
      m.fsRoot = n.ovl.path
      w.push(m)
    } else if (n.kind === 'tmpfs') {
      // A bind of a devpts directory shows the same devpts instance (fs/devpts.ts).
      const m = newRow(id, parent, path, ro, src?.fstype === 'devpts' ? 'devpts' : 'tmpfs', src?.source ?? 'tmpfs', n.ino)
      m.fsRoot = s.path
      w.push(m)
    } else {
      // A directory of procfs/sysfs/cgroupfs: the same filesystem, rooted at that directory (runc binds /proc/sys
      // onto itself to make it read-only); mountinfo's root field is its path inside the filesystem.
      const genRoot = n.kind === 'gen' ? n.path : undefined
      const m = newRow(id, parent, path, ro, src?.fstype ?? 'proc', src?.source ?? 'none', 0)
      m.fsRoot = genRoot ?? s.path
      if (genRoot !== undefined && genRoot !== '/') m.genRoot = genRoot
      if (src?.pidns !== undefined) m.pidns = src.pidns
      if (src?.cgroupRoot !== undefined) m.cgroupRoot = src.cgroupRoot
      w.push(m)
    }
    mountsChanged(k, t)
    return 0
  }
  if (isDevicePath(source) && !FSTYPES.has(fstype)) {
    // A disk: the filesystem on the block device (mnt-blkdev.ts).
    const rootIno = blkdevRoot(k, t, source)
    if (rootIno < 0) return rootIno
    w.push(newRow(id, parent, path, withRo('rw,relatime', (flags & MS_RDONLY) !== 0), 'tmpfs', source, rootIno))
    mountsChanged(k, t)
    return 0
  }
  if (!FSTYPES.has(fstype)) return -E.ENODEV
  if (fstype === 'cgroup2' && !k.genfs.cgroup2) return -E.ENODEV
  if (fstype === 'tmpfs') {
    // shmem_fill_super(): the root belongs to the mounter (tmpfs(5) uid=/gid= default to its fsuid/fsgid).
    const o = parseTmpfsOptions(k, data)
    if (typeof o === 'number') return o
    const root = newInode(k, 'd', 0o1777, t.cred.fsuid, t.cred.fsgid)
    tmpfsNewInstance(k, root, o)
    w.push(newRow(id, parent, path, perMountOptions(flags), 'tmpfs', source || 'tmpfs', root.ino))
    mountsChanged(k, t)
    return 0
  }
  if (fstype === 'devpts') {
    // Every devpts mount is a new instance with its own ptys (devpts.rst; fs/devpts.ts).
    w.push(newRow(id, parent, path, ro, 'devpts', source || 'devpts', devptsNewInstance(k, data ?? '')))
    mountsChanged(k, t)
    return 0
  }
  if (fstype === 'cgroup') {
    // A cgroup v1 hierarchy (cgroup/v1/mount.ts): joined or created, checked before the table changes.
    const v1 = cgroupV1Mount(k, t, data)
    if (typeof v1 === 'number') return v1
    w.push(Object.assign(newRow(id, parent, path, ro, 'cgroup', source || 'cgroup', 0), v1))
    mountsChanged(k, t)
    return 0
  }
  const m = newRow(id, parent, path, ro, fstype as Mount['fstype'], source || fstype, 0)
  if (fstype === 'proc') m.pidns = t.ns.pid
  // cgroup_namespaces(7): a cgroup2 filesystem mounted inside a cgroup namespace has the namespace's root cgroup as its root.
  if (fstype === 'cgroup2' && cgroupNsRoot(k, t) !== 0) m.cgroupRoot = cgroupNsRoot(k, t)
  w.push(m)
  mountsChanged(k, t)
  return 0
}

/**
 * A new row, its fields made in one order by assignment: a row spread from a base object and given
 * fields the base lacks ({ ...base, fstype }) gets a hidden class of its own in V8, and every pass
 * over a table of such rows (the MS_REC propagation scan, pivot_root, umount2) reads each one the
 * slow way. Optional fields are added after it, in the order the row shows them.
 */
function newRow(id: number, parent: number, path: string, options: string, fstype: Mount['fstype'], source: string, rootIno: number): Mount {
  return { id, parent, path, options, fstype, source, rootIno }
}

/** mount -t overlay: the layers are checked (fs/overlay-mount.ts) before the table changes. */
function mountOverlay(k: Kernel, t: Task, path: string, source: string, flags: number, data: string): number {
  const id = k.coarse.nextMountId
  const o = overlayMount(k, t, data, 30 + (id % 50))
  if (typeof o === 'number') return o
  const w = mutMounts(k, t)
  k.mutCoarse().nextMountId++
  const parent = w[mountIndexFor(w, path)]?.id ?? 1 // w: the same rows, and it holds the table's index now
  const options = withRo('rw,relatime', o.readOnly || (flags & MS_RDONLY) !== 0)
  w.push({ id, parent, path, fstype: 'overlay', source: source || 'overlay', options, rootIno: o.ovl.upper || o.ovl.lowers[0]!, ovl: o.ovl })
  mountsChanged(k, t)
  return 0
}

/** The per-mount flags (show_mnt_opts): rw or ro, nosuid, nodev, noexec, then the atime mode (relatime unless MS_STRICTATIME). */
function perMountOptions(flags: number): string {
  const atime = flags & MS_STRICTATIME ? '' : 'relatime'
  return [flags & MS_RDONLY ? 'ro' : 'rw', flags & MS_NOSUID && 'nosuid', flags & MS_NODEV && 'nodev', flags & MS_NOEXEC && 'noexec', atime].filter(Boolean).join(',')
}

function nsTypeName(k: Kernel, ino: number): string {
  return nsRec(k, ino)?.type ?? 'net'
}

function maxGroup(ms: Mount[]): number {
  let g = 0
  for (const m of ms) g = Math.max(g, m.peerGroup ?? 0)
  return g
}

/** The mount a path lives on (longest mount-point prefix, last wins): from the table's index (mnt-table.ts). */
export { mountIndexFor }

/** umount2(2): EINVAL if nothing is mounted there, EBUSY for "/" or a mount with mounts below (without MNT_DETACH). */
export function sysUmount(k: Kernel, kpid: Kpid, target: string, flags: number): number {
  const t = k.taskOrOops(kpid)
  const owner = isInit(t.ns.mnt) ? INIT_INO.user : nsRec(k, t.ns.mnt)!.owner
  if (!nsCapable(k, t, CAP.SYS_ADMIN, owner)) return -E.EPERM
  const r = namei(k, t, target, false)
  const path = typeof r === 'number' ? target : r.path
  if (typeof r === 'number' && r !== -E.ENOENT) return r
  // As stored: the old root's rows after pivot_root still have their old paths, and are dropped unread by the detach of put_old.
  const mounts = taskMountsRaw(k, t)
  const idx = lastMountIndex(mounts, path) ?? -1
  if (idx < 0) return typeof r === 'number' ? r : -E.EINVAL
  if (path === '/' || path === t.root) return -E.EBUSY
  const under = path + '/'
  const marks = pivotMarks(mounts, under)
  const below = (i: number) => (marks && marks[i] ? marks[i] === OUTER : rowUnder(mounts, i, under))
  const detach = (flags & MNT_DETACH) !== 0
  const n = mounts.length
  if (!detach) for (let i = 0; i < n; i++) if (i !== idx && below(i)) return -E.EBUSY
  // One pass: the rows that stay make the new table (runc detaches the old root's thousand mounts after pivot_root).
  const keep: Mount[] = []
  const pins = mayHoldNs(mounts)
  for (let i = 0; i < n; i++) {
    const mark = marks ? marks[i]! : 0
    if (i === idx || (detach && (mark === OUTER || (mark === 0 && rowUnder(mounts, i, under))))) {
      const ino = pins ? mounts[i]!.nsIno : undefined
      if (ino !== undefined) nsPut(k, ino)
    } else keep.push(rowAt(mounts, i))
  }
  setMounts(k, t, k.adopt(keep))
  return 0
}

const MOUNT_OPTS: Record<string, string> = {
  proc: 'rw,nosuid,nodev,noexec,relatime',
  sysfs: 'rw,nosuid,nodev,noexec,relatime',
  tmpfs: 'rw,relatime',
  devtmpfs: 'rw,nosuid,relatime',
  devpts: 'rw,nosuid,noexec,relatime',
  cgroup2: 'rw,nosuid,nodev,noexec,relatime',
  cgroup: 'rw,nosuid,nodev,noexec,relatime',
  nsfs: 'rw',
}
const SUPER_OPTS: Record<string, string> = {
  proc: 'rw', sysfs: 'rw', tmpfs: 'rw', devtmpfs: 'rw,mode=755', devpts: 'rw,gid=5,mode=620,ptmxmode=000',
  cgroup2: 'rw,nsdelegate,memory_recursiveprot', nsfs: 'rw',
}
const DEV: Record<string, string> = { proc: '0:21', sysfs: '0:20', tmpfs: '0:30', devtmpfs: '0:5', devpts: '0:24', cgroup2: '0:27', nsfs: '0:4' }

/** The per-mount options as mountinfo's field 6 shows them: "rw,nosuid,relatime". */
export function perMountShown(m: Mount): string {
  return m.options && m.options !== 'ro' && !m.options.includes('=') ? m.options : roOptions(MOUNT_OPTS[m.fstype] ?? 'rw', m)
}

/** /proc/PID/mountinfo (proc_pid_mountinfo(5)): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw". */
export function renderMountinfo(k: Kernel, t: Task): string {
  const root = t.root
  let s = ''
  for (const m of taskMounts(k, t)) {
    if (root !== '/' && m.path !== root && !m.path.startsWith(root + '/')) continue
    const point = root === '/' ? m.path : m.path.slice(root.length) || '/'
    const opt = m.propagation === 'shared' ? ` shared:${m.peerGroup ?? 1}` : m.propagation === 'slave' ? ` master:${m.peerGroup ?? 1}` : m.propagation === 'unbindable' ? ' unbindable' : ''
    const per = perMountShown(m)
    const dev = m.ovl ? `0:${m.ovl.dev}` : m.fstype === 'tmpfs' && m.id !== 1 ? `0:${30 + (m.id % 50)}` : m.fstype === 'cgroup' ? `0:${27 + (m.v1Root ?? 0)}` : DEV[m.fstype] ?? '0:1'
    const sup = m.ovl ? `${m.options.startsWith('ro') ? 'ro' : 'rw'},${m.ovl.opts}` : m.fstype === 'devpts' && m.rootIno ? devptsShowOptions(k, m.rootIno) : m.fstype === 'cgroup' ? v1ShowOptions(k, m) : (SUPER_OPTS[m.fstype] ?? 'rw') + tmpfsShow(k, m)
    s += `${m.id} ${m.parent} ${dev} ${m.fsRoot ?? '/'} ${point} ${per}${opt} - ${m.fstype} ${m.source} ${sup}\n`
  }
  return s
}

/** /proc/PID/mounts: "source point type options 0 0". */
export function renderMountsOf(k: Kernel, t: Task): string {
  return taskMounts(k, t).map((m) => `${m.source} ${m.path} ${m.fstype} ${m.options && m.options !== 'ro' ? m.options : roOptions(MOUNT_OPTS[m.fstype] || 'rw', m)}${m.ovl ? ',' + m.ovl.opts : ''}${m.fstype === 'devpts' && m.rootIno ? devptsShowOptions(k, m.rootIno).slice(2) : ''}${m.fstype === 'cgroup' ? v1ShowOptions(k, m).slice(2) : ''}${tmpfsShow(k, m)} 0 0\n`).join('')
}


/** A tmpfs instance's own options (shmem_show_options), "" for any other mount. */
function tmpfsShow(k: Kernel, m: Mount): string {
  return m.fstype === 'tmpfs' && m.rootIno ? tmpfsShowOptions(k, k.inode(m.rootIno)?.sb) : ''
}
