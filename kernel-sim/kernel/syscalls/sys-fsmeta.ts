// Filesystem metadata syscalls: stat, getdents, mkdir, rmdir, unlink, rename,
// symlink, link, readlink, chmod, chown, truncate, access, chdir, getcwd,
// chroot, umask, mknod.
import { openerView } from './gen-io.ts'
import {
  CAP, E, S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK,
  type Dirent, type Stat, type Kpid,
} from '../../abi/index.ts'
import { mntWantWrite } from '../ns/mnt-ro.ts'
import { executing, sealDenies } from '../fs/memfd.ts'
import { mountPathsOf } from '../ns/mnt-table.ts'
import { fdGet } from '../fd/fd-table.ts'
import { makedev, PTS_MAJOR } from '../fs/devices.ts'
import { capable, capableSelf } from '../security/capable.ts'
import { genMkdir, genRmdir } from '../fs/gen-dirops.ts'
import { namei, nameiAt, nameiParent, readlinkNode, inView } from '../fs/namei.ts'
import { MAY_EXEC, MAY_READ, MAY_WRITE, ownerOrCapable, permitted } from '../fs/perm.ts'
import { dirAdd, dirNames, dirRemove, dropLink, inodeRoom, newInode, realtimeNs } from '../fs/tmpfs.ts'
import { tmpfsInodeRoom } from '../fs/shmem.ts'
import { writeFileData } from '../fs/file-data.ts'
import type { GONE } from '../block.ts'
import { getattr, statOf, type VNode } from '../fs/vnode.ts'
import { genIno } from '../fs/genfs.ts'
import { OPAQUE_XATTR, isOvl, ovlCopyUp, ovlCreateAt, ovlEmpty, ovlList, ovlRemove, ovlRename } from '../fs/overlay.ts'
import type { Kernel } from '../kernel.ts'
import { PIPE_INO_BASE, SOCKET_INO_BASE } from '../fd/files.ts'
import type { InodeType, Task } from '../state.ts'
import { statIn } from '../ns/user.ts'
import { reportExploited, reachesHostRoot } from '../security/exploit-report.ts'

export function sysStat(k: Kernel, kpid: Kpid, path: string, follow: boolean): Stat | number {
  const r = namei(k, k.taskOrOops(kpid), path, follow)
  return typeof r === 'number' ? r : statIn(k, k.taskOrOops(kpid), statOf(k, r.node))
}

export function sysFstat(k: Kernel, kpid: Kpid, fd: number): Stat | number {
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  const anon = (mode: number, ino: number): Stat => ({
    dev: 0xc, ino, mode, nlink: 1, uid: t.cred.euid, gid: t.cred.egid, rdev: 0, size: 0,
    atimeNs: 0, mtimeNs: 0, ctimeNs: 0,
  })
  switch (f.kind) {
    case 'pipe':
      return anon(S_IFIFO | 0o600, PIPE_INO_BASE + f.obj)
    case 'socket':
      return anon(S_IFSOCK | 0o777, SOCKET_INO_BASE + f.id)
    case 'tty':
      return { ...anon(S_IFCHR | 0o620, 3 + f.obj), rdev: makedev(PTS_MAJOR, k.tty(f.obj)!.index) }
    default: {
      const r = namei(k, t, f.path)
      if (typeof r === 'number') return anon(S_IFREG, 0)
      return statIn(k, t, statOf(k, r.node))
    }
  }
}

export function sysGetdents(k: Kernel, kpid: Kpid, fd: number): Dirent[] | number {
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  if (f.dirDone) return []
  const out = readDirectory(k, openerView(t, f), f.path)
  if (typeof out !== 'number') k.mutFile(id).dirDone = true
  return out
}

/** A directory's entries with their types, "." and ".." first (getdents64 order is unspecified). */
export function readDirectory(k: Kernel, t: Task, path: string): Dirent[] | number {
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  const a = getattr(k, r.node)
  if (a.type !== 'd') return -E.ENOTDIR
  const out: Dirent[] = [{ name: '.', ino: a.ino, type: 'd' }, { name: '..', ino: a.ino, type: 'd' }]
  const gen = r.node.kind === 'gen' && r.node.node.childType && permitted(t.cred, a, MAY_EXEC) ? r.node : undefined
  const mounts = gen && mountPathsOf(k, t).below(r.path) ? mountPathsOf(k, t) : undefined
  for (const name of listDir(k, r.node)) {
    const type = gen?.node.childType!(name)
    if (type && !mounts?.has(r.path === '/' ? '/' + name : r.path + '/' + name)) {
      // The entry as a lookup would find it (namei.ts lookup(), vnode.ts getattr()), without one.
      out.push({ name, ino: genIno(gen!.fs, gen!.path === '/' ? '/' + name : gen!.path + '/' + name), type })
      continue
    }
    const c = nameiAt(k, t, r, name, false) // from the directory itself
    if (typeof c === 'number') continue
    const ca = getattr(k, c.node)
    out.push({ name, ino: ca.ino, type: ca.type })
  }
  return out
}

function listDir(k: Kernel, v: VNode): string[] {
  if (v.kind === 'tmpfs') return v.ovl ? ovlList(k, v.ovl) : dirNames(k.inode(v.ino)!)
  return v.node.list?.(k) ?? []
}

/** Resolves a parent directory for creating `path`; EEXIST if it exists. */
function createIn(k: Kernel, t: Task, path: string): { dir: number; name: string; mount: number; opaque?: boolean } | number {
  const p = nameiParent(k, t, path)
  if (typeof p === 'number') return p
  t = inView(t, p.in) // under /proc/PID/root: that namespace's mounts
  if (!p.name || p.node) return -E.EEXIST
  const ro = mntWantWrite(k, t, p.dir) // filename_create(): EEXIST first, then EROFS
  if (ro) return ro
  if (p.dir.kind !== 'tmpfs') return -E.EACCES
  if (!permitted(t.cred, getattr(k, p.dir), MAY_WRITE | MAY_EXEC)) return -E.EACCES
  const room = inodeRoom(k, t.kpid) || tmpfsInodeRoom(k, p.dir.ino)
  if (room < 0) return room
  if (p.dir.ovl) {
    // overlayfs: create in the upper directory (copied up), over a whiteout if there is one.
    const u = ovlCreateAt(k, t, p.dir, p.name)
    return { dir: u.dir, name: p.name, mount: p.dir.mount, opaque: u.overWhiteout }
  }
  return { dir: p.dir.ino, name: p.name, mount: p.dir.mount }
}

export function sysMkdir(k: Kernel, kpid: Kpid, path: string, mode: number): number {
  const t = k.taskOrOops(kpid)
  const g = genMkdir(k, t, path)
  if (g !== undefined) return g
  const c = createIn(k, t, path)
  if (typeof c === 'number') return c
  const ino = newInode(k, 'd', mode & ~t.umask & 0o7777, t.cred.fsuid, t.cred.fsgid)
  if (c.opaque) ino.xattr = { [OPAQUE_XATTR]: 'y' } // a directory made over a whiteout hides the lower one's entries
  dirAdd(k, c.dir, c.name, ino.ino)
  return 0
}

export function sysMknod(k: Kernel, kpid: Kpid, path: string, mode: number, dev: number): number {
  const t = k.taskOrOops(kpid)
  const type = mode & S_IFMT
  // mknod(2): "EPERM ... the caller is not privileged (CAP_MKNOD)" for device nodes.
  if ((type === S_IFCHR || type === S_IFBLK) && !capable(k, t, CAP.MKNOD)) return -E.EPERM
  const kind: InodeType | undefined = type === S_IFCHR ? 'c' : type === S_IFBLK ? 'b' : type === S_IFIFO ? 'p' : type === S_IFREG || type === 0 ? 'f' : undefined
  if (!kind) return -E.EINVAL
  const c = createIn(k, t, path)
  if (typeof c === 'number') return c
  const ino = newInode(k, kind, mode & ~t.umask & 0o7777, t.cred.fsuid, t.cred.fsgid)
  ino.rdev = dev
  dirAdd(k, c.dir, c.name, ino.ino)
  return 0
}

export function sysSymlink(k: Kernel, kpid: Kpid, target: string, path: string): number {
  const t = k.taskOrOops(kpid)
  if (target === '') return -E.ENOENT
  const c = createIn(k, t, path)
  if (typeof c === 'number') return c
  const ino = newInode(k, 'l', 0o777, t.cred.fsuid, t.cred.fsgid)
  ino.data = target
  dirAdd(k, c.dir, c.name, ino.ino)
  return 0
}

export function sysLink(k: Kernel, kpid: Kpid, from: string, to: string): number {
  const t = k.taskOrOops(kpid)
  const r = namei(k, t, from, false)
  if (typeof r === 'number') return r
  if (r.node.kind !== 'tmpfs') return -E.EXDEV
  if (getattr(k, r.node).type === 'd') return -E.EPERM
  const c = createIn(k, t, to)
  if (typeof c === 'number') return c
  if (c.mount !== r.node.mount) return -E.EXDEV
  const src = ovlCopyUp(k, t, r.node) as { ino: number } // ovl_link: the source is copied up first
  k.mutInode(src.ino).nlink++
  dirAdd(k, c.dir, c.name, src.ino)
  return 0
}

/** Checks for removing an entry: write+search on the dir, and the sticky bit rule. */
function removable(k: Kernel, t: Task, path: string): { dir: number; name: string; ino: number; pdir: VNode; node: VNode; view: Task } | number {
  const p = nameiParent(k, t, path)
  if (typeof p === 'number') return p
  t = inView(t, p.in)
  if (!p.name) return -E.EBUSY
  if (!p.node) return -E.ENOENT
  const ro = mntWantWrite(k, t, p.dir)
  if (ro) return ro
  if (p.dir.kind !== 'tmpfs' || p.node.kind !== 'tmpfs') return -E.EACCES
  const da = getattr(k, p.dir)
  if (!permitted(t.cred, da, MAY_WRITE | MAY_EXEC)) return -E.EACCES
  const ia = getattr(k, p.node)
  // Sticky directories (/tmp): only the file's or the dir's owner, or CAP_FOWNER.
  if (da.mode & 0o1000 && t.cred.fsuid !== ia.uid && t.cred.fsuid !== da.uid && !capableSelf(k, t, CAP.FOWNER)) return -E.EPERM
  // A mount point in the caller's mount namespace cannot be removed (rmdir(2) EBUSY).
  if (mountPathsOf(k, t).has(p.dirPath === '/' ? '/' + p.name : p.dirPath + '/' + p.name)) return -E.EBUSY
  return { dir: p.dir.ino, name: p.name, ino: p.node.ino, pdir: p.dir, node: p.node, view: t }
}

export function sysUnlink(k: Kernel, kpid: Kpid, path: string): number {
  const r = removable(k, k.taskOrOops(kpid), path)
  if (typeof r === 'number') return r
  if (k.inode(r.ino)!.type === 'd') return -E.EISDIR
  if (isOvl(r.pdir)) return ovlRemove(k, r.view, r.pdir, r.name, r.node)
  dirRemove(k, r.dir, r.name)
  dropLink(k, r.ino)
  return 0
}

export function sysRmdir(k: Kernel, kpid: Kpid, path: string): number {
  if (/(^|\/)\.$/.test(path)) return -E.EINVAL
  const g = genRmdir(k, k.taskOrOops(kpid), path)
  if (g !== undefined) return g
  const r = removable(k, k.taskOrOops(kpid), path)
  if (typeof r === 'number') return r
  const i = k.inode(r.ino)!
  if (i.type !== 'd') return -E.ENOTDIR
  if (isOvl(r.pdir) ? !ovlEmpty(k, r.node) : i.entries.size > 0) return -E.ENOTEMPTY
  if (isOvl(r.pdir)) return ovlRemove(k, r.view, r.pdir, r.name, r.node)
  dirRemove(k, r.dir, r.name)
  dropLink(k, r.ino)
  return 0
}

export function sysRename(k: Kernel, kpid: Kpid, from: string, to: string): number {
  const t = k.taskOrOops(kpid)
  const src = removable(k, t, from)
  if (typeof src === 'number') return src
  const p = nameiParent(k, t, to)
  if (typeof p === 'number') return p
  if (!p.name || p.dir.kind !== 'tmpfs') return -E.EBUSY
  const ro = mntWantWrite(k, t, p.dir)
  if (ro) return ro
  if (!permitted(t.cred, getattr(k, p.dir), MAY_WRITE | MAY_EXEC)) return -E.EACCES
  const srcType = k.inode(src.ino)!.type
  // rename(2) EXDEV: "oldpath and newpath are not on the same mounted filesystem" (here: tmpfs instance or disk).
  const moved = k.inode(src.ino)!, into = k.inode(p.dir.ino)!
  if (moved.sb !== into.sb || (moved.sb === undefined && !moved.disk !== !into.disk && moved.type === 'f')) return -E.EXDEV
  if (p.node) {
    if (p.node.kind !== 'tmpfs') return -E.EXDEV
    if (p.node.ino === src.ino) return 0
    const dst = k.inode(p.node.ino)!
    if (dst.type === 'd' && srcType !== 'd') return -E.EISDIR
    if (dst.type !== 'd' && srcType === 'd') return -E.ENOTDIR
    if (dst.type === 'd' && (isOvl(p.node) ? !ovlEmpty(k, p.node) : dst.entries.size > 0)) return -E.ENOTEMPTY
    if (isOvl(p.dir)) return ovlRename(k, t, src.pdir, src.name, src.node, p.dir, p.name, p.node)
    dirRemove(k, p.dir.ino, p.name)
    dropLink(k, p.node.ino)
  }
  if (isOvl(p.dir) || isOvl(src.pdir)) return ovlRename(k, t, src.pdir, src.name, src.node, p.dir, p.name, undefined)
  dirRemove(k, src.dir, src.name)
  dirAdd(k, p.dir.ino, p.name, src.ino)
  return 0
}

export function sysReadlink(k: Kernel, kpid: Kpid, path: string): string | number {
  const r = namei(k, k.taskOrOops(kpid), path, false)
  if (typeof r === 'number') return r
  if (getattr(k, r.node).type !== 'l') return -E.EINVAL
  return readlinkNode(k, r.node)
}

export function sysChmod(k: Kernel, kpid: Kpid, path: string, mode: number): number {
  let t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  t = inView(t, r.in)
  const ro = mntWantWrite(k, t, r.node) // chmod(2) EROFS
  if (ro) return ro
  if (r.node.kind !== 'tmpfs') return -E.EPERM
  const i = k.inode(r.node.ino)!
  if (!ownerOrCapable(t.cred, i.uid)) return -E.EPERM
  const w = k.mutInode((ovlCopyUp(k, t, r.node) as { ino: number }).ino)
  w.mode = mode & 0o7777
  w.ctimeNs = realtimeNs(k)
  return 0
}

/** chown(2): changing the owner needs CAP_CHOWN; the group, owner-in-that-group or CAP_CHOWN. */
export function sysChown(k: Kernel, kpid: Kpid, path: string, uid: number, gid: number): number {
  let t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  t = inView(t, r.in)
  const ro = mntWantWrite(k, t, r.node) // chown(2) EROFS
  if (ro) return ro
  if (r.node.kind !== 'tmpfs') return -E.EPERM
  const i = k.inode(r.node.ino)!
  const cap = capableSelf(k, t, CAP.CHOWN)
  if (uid !== -1 && uid !== i.uid && !cap) return -E.EPERM
  if (gid !== -1 && gid !== i.gid && !cap && !(t.cred.fsuid === i.uid && (t.cred.groups.includes(gid) || t.cred.fsgid === gid))) return -E.EPERM
  const w = k.mutInode((ovlCopyUp(k, t, r.node) as { ino: number }).ino)
  if (uid !== -1) w.uid = uid
  if (gid !== -1) w.gid = gid
  w.ctimeNs = realtimeNs(k)
  return 0
}

export function sysTruncate(k: Kernel, kpid: Kpid, path: string, length: number): number | typeof GONE {
  let t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  t = inView(t, r.in)
  if (r.node.kind !== 'tmpfs') return -E.EACCES
  const i = k.inode(r.node.ino)!
  if (i.type === 'd') return -E.EISDIR
  if (!permitted(t.cred, getattr(k, r.node), MAY_WRITE)) return -E.EACCES
  const ro = mntWantWrite(k, t, r.node) // truncate(2) EROFS
  if (ro) return ro
  if (length < 0) return -E.EINVAL
  const busy = executing(k, i.ino) || sealDenies(k, i.ino, i.data.length, length, false) // truncate(2) ETXTBSY; a sealed memfd's EPERM
  if (busy) return busy
  return writeFileData(k, kpid, (ovlCopyUp(k, t, r.node) as { ino: number }).ino, i.data.length >= length ? i.data.slice(0, length) : i.data.padEnd(length, '\0'))
}

export function sysAccess(k: Kernel, kpid: Kpid, path: string, mode: number): number {
  const t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  if (mode === 0) return 0
  // access(2) checks with the real ids. SIMPLIFICATION: capabilities stay those of the caller.
  const cred = { ...t.cred, fsuid: t.cred.ruid, fsgid: t.cred.rgid }
  const mask = (mode & 4 ? MAY_READ : 0) | (mode & 2 ? MAY_WRITE : 0) | (mode & 1 ? MAY_EXEC : 0)
  return permitted(cred, getattr(k, r.node), mask) ? 0 : -E.EACCES
}

export function sysChdir(k: Kernel, kpid: Kpid, path: string): number {
  const t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  const a = getattr(k, r.node)
  if (a.type !== 'd') return -E.ENOTDIR
  if (!permitted(t.cred, a, MAY_EXEC)) return -E.EACCES
  const w = k.mutTask(kpid)
  w.cwd = r.path
  // Through a magic link (/proc/self/fd/N) the directory may be in another mount namespace or outside
  // the root: keep where `cwd` names it, as Linux's fs->pwd keeps the dentry (CVE-2024-21626 depends on it).
  if (r.in && (r.in.mnt !== t.ns.mnt || r.in.root !== t.root)) w.cwdIn = r.in
  else w.cwdIn = undefined // not delete: a task is one record shape (task/record.ts)
  if (reachesHostRoot(t, r.in)) {
    reportExploited(k, kpid, `chdir("${path}"): the working directory is the host's ${r.path}, outside this process's root and mount namespace (a leaked fd of the host's)`, { hostCwd: r.path })
  }
  return 0
}

export function sysGetcwd(k: Kernel, kpid: Kpid): string {
  const t = k.taskOrOops(kpid)
  if (t.cwdIn) return '(unreachable)' + t.cwd // d_path: the cwd is not under the task's root
  if (t.root === '/') return t.cwd
  return t.cwd.startsWith(t.root) ? t.cwd.slice(t.root.length) || '/' : '(unreachable)' + t.cwd
}

export function sysChroot(k: Kernel, kpid: Kpid, path: string): number {
  const t = k.taskOrOops(kpid)
  if (!capableSelf(k, t, CAP.SYS_CHROOT)) return -E.EPERM
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  if (getattr(k, r.node).type !== 'd') return -E.ENOTDIR
  k.mutTask(kpid).root = r.path
  return 0
}

export function sysUmask(k: Kernel, kpid: Kpid, mask: number): number {
  const old = k.taskOrOops(kpid).umask
  k.mutTask(kpid).umask = mask & 0o777
  return old
}

