// File syscalls: open, close, read, write, lseek, dup*, fcntl, pipe2.
// Order of checks follows Linux: the fd is reserved first (EMFILE), then the
// path is resolved (ENOENT, EACCES ...), then the struct file is allocated (ENFILE).
import type { Kpid } from '../../abi/pid.ts'
import {
  AT_FDCWD, E, FD_CLOEXEC, F_ADD_SEALS, F_DUPFD, F_GET_SEALS, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_SETFD, F_SETFL,
  O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY,
  O_TRUNC, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET,
} from '../../abi/index.ts'
import { mntWantWrite } from '../ns/mnt-ro.ts'
import { allocFile, fget } from '../fd/files.ts'
import {
  fdClose, fdCloexec, fdGet, fdInstall, fdSetCloexec, lowestFreeFd, nofileLimit,
} from '../fd/fd-table.ts'
import { DEV_TTY, PTS_MAJOR, devRead, devWrite, major, minor } from '../fs/devices.ts'
import { inView, namei, nameiParent, type Resolved } from '../fs/namei.ts'
import { MAY_EXEC, MAY_READ, MAY_WRITE, permitted } from '../fs/perm.ts'
import { dirAdd, inodeRoom, newInode, setData } from '../fs/tmpfs.ts'
import { fileRoom, tmpfsInodeRoom } from '../fs/shmem.ts'
import { writeFileData } from '../fs/file-data.ts'
import { getattr, meta, type VNode } from '../fs/vnode.ts'
import { ovlCopyUp, ovlCreateAt } from '../fs/overlay.ts'
import { pageCacheDirty, pageCacheRead, pageCacheWritten } from '../fs/pagecache.ts'
import { pipeRead, pipeWrite, createPipe } from '../ipc/pipe.ts'
import { BLOCK, type GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { sockFileRead, sockFileWrite } from '../net/socket.ts'
import type { OpenFile, Task } from '../state.ts'
import { ttyRead, ttyWrite } from '../tty.ts'
import { ptmRead, ptmWrite, ptmxOpen, ptsOpen } from '../pty.ts'
import { ptsGet } from '../pty-close.ts'
import { DEV_PTMX } from '../fs/devpts.ts'
import { genRead, genWrite } from './gen-io.ts'
import { rememberDir } from './sys-at.ts'
import { fsctxRead } from '../fs/fs-context.ts'
import { VDA_MAJOR, diskRead, diskWrite } from '../cgroup/index.ts'
import { securityFileOpen, securityPathCreate } from '../security/hooks.ts'
import { nsGet } from '../ns/core.ts'
import { executing, memfdFcntl, sealDenies } from '../fs/memfd.ts'
import { openedHostFileForWrite, reachesHostRoot } from '../security/exploit-report.ts'

type Ret = number | typeof BLOCK | typeof GONE

export function sysOpen(k: Kernel, kpid: Kpid, dirfd: number, path: string, flags: number, mode: number): number {
  if (typeof path !== 'string') return -E.EFAULT
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) return -E.EBADF // SIMPLIFICATION: only AT_FDCWD
  const t = k.taskOrOops(kpid)
  const fd = lowestFreeFd(k, t)
  if (fd < 0) return fd
  const target = openTarget(k, t, path, flags, mode)
  if (typeof target === 'number') return target
  const f = openFile(k, t, target.node, target.path, flags, target.in)
  if (typeof f === 'number') return f
  fdInstall(k, t, fd, f.id, (flags & O_CLOEXEC) !== 0)
  if (meta(k, target.node).type === 'd') rememberDir(k, t, f, target)
  // From a container, through a magic link, a host file opened for writing (CVE-2019-5736's step).
  if ((flags & O_ACCMODE) !== O_RDONLY && target.node.kind === 'tmpfs' && reachesHostRoot(t, target.in)) openedHostFileForWrite(k, kpid, target.node.ino, target.path)
  return fd
}

/** Resolves (and with O_CREAT creates) the file to open; checks type and permissions. */
function openTarget(k: Kernel, t: Task, path: string, flags: number, mode: number): Resolved | number {
  let r: Resolved | number
  if (flags & O_CREAT) {
    const p = nameiParent(k, t, path)
    if (typeof p === 'number') return p
    if (!p.name) return -E.EISDIR
    if (p.node) {
      if (flags & O_EXCL) return -E.EEXIST
      r = namei(k, t, path, !(flags & O_NOFOLLOW))
    } else {
      const tv = inView(t, p.in) // the mount table the directory lives in (after /proc/PID/root)
      const ro = mntWantWrite(k, tv, p.dir) // open(2) EROFS: "pathname refers to a file on a read-only filesystem and write access was requested"
      if (ro) return ro
      if (p.dir.kind !== 'tmpfs') return -E.EACCES
      if (!permitted(t.cred, getattr(k, p.dir), MAY_WRITE | MAY_EXEC)) return -E.EACCES
      if (securityPathCreate(k, t, p.dirPath, p.name)) return -E.EACCES
      const room = inodeRoom(k, t.kpid) || tmpfsInodeRoom(k, p.dir.ino)
      if (room < 0) return room
      const ino = newInode(k, 'f', mode & ~t.umask, t.cred.fsuid, t.cred.fsgid)
      dirAdd(k, ovlCreateAt(k, tv, p.dir, p.name).dir, p.name, ino.ino)
      const full = p.dirPath === '/' ? '/' + p.name : p.dirPath + '/' + p.name
      return { node: { kind: 'tmpfs', ino: ino.ino, mount: p.dir.mount }, path: full, ...(p.in ? { in: p.in } : {}) }
    }
  } else r = namei(k, t, path, !(flags & O_NOFOLLOW))
  if (typeof r === 'number') return r
  // Type, mode and owner only (no attribute record: a generated file's inode number is a hash of its path).
  const a = meta(k, r.node)
  if (a.type === 'l') return -E.ELOOP
  if (flags & O_DIRECTORY && a.type !== 'd') return -E.ENOTDIR
  const acc = flags & O_ACCMODE
  if (a.type === 'd' && acc !== O_RDONLY) return -E.EISDIR
  const need = (acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE)
  if (!permitted(t.cred, a, need)) return -E.EACCES
  // Regular files only: a device, FIFO or socket on a read-only mount can still be opened for writing.
  if (a.type === 'f' && (acc !== O_RDONLY || flags & O_TRUNC)) {
    const ro = mntWantWrite(k, inView(t, r.in), r.node)
    if (ro) return ro
    // open(2) ETXTBSY: "pathname refers to an executable image which is currently being executed and write access was requested".
    const busy = r.node.kind === 'tmpfs' ? executing(k, r.node.ino) : 0
    if (busy) return busy
    // A sealed memfd refuses O_TRUNC as it refuses ftruncate (F_SEAL_SHRINK, F_SEAL_WRITE).
    const size = flags & O_TRUNC && r.node.kind === 'tmpfs' ? getattr(k, r.node).size : 0
    const sealed = flags & O_TRUNC && r.node.kind === 'tmpfs' ? sealDenies(k, r.node.ino, size, 0, size > 0) : 0
    if (sealed) return sealed
  }
  const denied = securityFileOpen(k, t, r, flags) // the file's open check, then the LSM (security/hooks.ts)
  if (denied) return denied
  if (r.node.kind === 'gen' && acc !== O_RDONLY && !r.node.node.write) return -E.EACCES
  // overlayfs: opening a lower regular file for writing (or O_TRUNC) copies it up first (ovl_open).
  if (a.type === 'f' && (acc !== O_RDONLY || flags & O_TRUNC)) r = { ...r, node: ovlCopyUp(k, inView(t, r.in), r.node) }
  if (flags & O_TRUNC && a.type === 'f' && acc !== O_RDONLY && r.node.kind === 'tmpfs') setData(k, r.node.ino, '') // shrinking needs no room
  return r
}

/** Allocates the open file description for a resolved node. */
function openFile(k: Kernel, t: Task, node: VNode, path: string, flags: number, where?: { mnt: number; root: string }): OpenFile | number {
  const fl = flags & ~O_CLOEXEC
  if (node.kind === 'gen') {
    // An open /proc/PID/ns/* file (obj = the namespace) keeps the namespace alive (namespaces(7)).
    const nsIno = node.node.nsIno ?? 0
    const f = allocFile(k, t, { flags: fl, pos: 0, kind: 'proc', obj: nsIno, path })
    if (typeof f === 'number') return f
    f.openedIn = where ?? { mnt: t.ns.mnt, root: t.root } // where `path` names it (gen-io.ts); a fresh record, not yet shared
    if (nsIno) nsGet(k, nsIno)
    return f
  }
  const i = k.inode(node.ino)!
  if (i.type === 'f' || i.type === 'd') {
    const f = allocFile(k, t, { flags: fl, pos: 0, kind: 'inode', obj: i.ino, path })
    if (where && typeof f !== 'number') f.openedIn = where // reached through /proc/PID/root: `path` is in that namespace
    return f
  }
  if (i.type === 'b' && major(i.rdev) === VDA_MAJOR) return allocFile(k, t, { flags: fl, pos: 0, kind: 'dev', obj: i.rdev, path })
  if (i.type !== 'c') return -E.ENXIO
  if (i.rdev === DEV_TTY) {
    if (t.ctty < 0) return -E.ENXIO
    const f = allocFile(k, t, { flags: fl, pos: 0, kind: 'tty', obj: t.ctty, path })
    if (typeof f !== 'number') ptsGet(k, t.ctty)
    return f
  }
  if (i.rdev === DEV_PTMX) return ptmxOpen(k, t, path, fl) // pty(7)
  if (major(i.rdev) === PTS_MAJOR) return ptsOpen(k, t, i.ino, minor(i.rdev), fl, path)
  const denied = k.chrdevs.get(i.rdev)?.open?.(k, t.kpid) ?? 0
  if (denied < 0) return denied
  return allocFile(k, t, { flags: fl, pos: 0, kind: 'dev', obj: i.rdev, path })
}

export function sysClose(k: Kernel, kpid: Kpid, fd: number): number {
  return fdClose(k, k.taskOrOops(kpid), fd)
}

function fileOf(k: Kernel, kpid: Kpid, fd: number): OpenFile | undefined {
  const id = fdGet(k, k.taskOrOops(kpid), fd)
  return id === undefined ? undefined : k.file(id)
}

export function sysRead(k: Kernel, kpid: Kpid, fd: number, count: number): string | Ret {
  const f = fileOf(k, kpid, fd)
  if (!f || (f.flags & O_ACCMODE) === O_WRONLY) return -E.EBADF
  if (!(count >= 0)) return -E.EINVAL
  const nonblock = (f.flags & O_NONBLOCK) !== 0
  switch (f.kind) {
    case 'pipe':
      return pipeRead(k, kpid, f.obj, count, nonblock)
    case 'socket':
      return sockFileRead(k, kpid, f, count, nonblock)
    case 'tty':
      return ttyRead(k, kpid, f.obj, count)
    case 'ptm':
      return ptmRead(k, kpid, f.obj, count, nonblock)
    case 'dev':
      if (major(f.obj) === VDA_MAJOR) return diskRead(k, kpid, f.obj, count) // the shared disk (io controller)
      return devRead(k, f.obj, count)
    case 'proc':
      return genRead(k, kpid, f, count)
    case 'fsctx':
      return fsctxRead(k, f.id)
    case 'inode': {
      const i = k.inode(f.obj)
      if (!i) return ''
      if (i.type === 'd') return -E.EISDIR
      const data = i.disk ? pageCacheRead(k, kpid, i.ino, f.pos, count) : i.data.slice(f.pos, f.pos + count)
      if (data.length) k.mutFile(f.id).pos += data.length
      return data
    }
  }
}

export function sysWrite(k: Kernel, kpid: Kpid, fd: number, data: string): Ret {
  const f = fileOf(k, kpid, fd)
  if (!f || (f.flags & O_ACCMODE) === O_RDONLY) return -E.EBADF
  if (typeof data !== 'string') return -E.EFAULT
  switch (f.kind) {
    case 'pipe':
      return pipeWrite(k, kpid, f.obj, data, (f.flags & O_NONBLOCK) !== 0)
    case 'socket':
      return sockFileWrite(k, kpid, f, data, (f.flags & O_NONBLOCK) !== 0)
    case 'tty':
      return ttyWrite(k, kpid, f.obj, data)
    case 'ptm':
      return ptmWrite(k, f.obj, data)
    case 'dev':
      if (major(f.obj) === VDA_MAJOR) return diskWrite(k, kpid, f.obj, data)
      return devWrite(f.obj, data)
    case 'proc':
      return genWrite(k, kpid, f, data)
    case 'fsctx':
      return -E.EOPNOTSUPP // fscontext_fops has no write
    case 'inode': {
      const i = k.inode(f.obj)
      if (!i) return -E.EIO
      const pos = f.flags & O_APPEND ? i.data.length : f.pos
      // A full filesystem takes what fits and refuses the rest: a short write, then ENOSPC (write(2)).
      const room = pos + data.length > i.data.length ? fileRoom(k, i) : Infinity
      if (pos + data.length > room) {
        if (room <= pos) return -E.ENOSPC
        data = data.slice(0, room - pos)
      }
      const old = i.disk ? pageCacheDirty(k, i.ino, pos, data.length) : i.data
      const next = old.length === pos ? old + data : old.slice(0, pos).padEnd(pos, '\0') + data + old.slice(pos + data.length)
      const sealed = i.seals === undefined ? 0 : sealDenies(k, i.ino, i.data.length, next.length, true)
      if (sealed) return sealed
      const r = writeFileData(k, kpid, f.obj, next)
      if (r !== 0) return r
      if (i.disk) pageCacheWritten(k, kpid, i.ino, pos, data.length)
      k.mutFile(f.id).pos = pos + data.length
      return data.length
    }
  }
}

export function sysLseek(k: Kernel, kpid: Kpid, fd: number, offset: number, whence: number): number {
  const f = fileOf(k, kpid, fd)
  if (!f) return -E.EBADF
  if (f.kind === 'pipe' || f.kind === 'socket' || f.kind === 'tty' || f.kind === 'ptm') return -E.ESPIPE
  const size = f.kind === 'inode' ? (k.inode(f.obj)?.data.length ?? 0) : (f.content?.length ?? 0)
  const pos = whence === SEEK_SET ? offset : whence === SEEK_CUR ? f.pos + offset : whence === SEEK_END ? size + offset : NaN
  if (!Number.isInteger(pos) || pos < 0) return -E.EINVAL
  const w = k.mutFile(f.id)
  w.pos = pos
  if (pos === 0 && f.kind === 'proc') w.content = undefined // seq_file: reading from 0 renders again (not delete: that makes the record a dictionary)
  w.dirDone = false
  return pos
}

/** dup(2): the lowest free fd (EMFILE at the limit), sharing the open file description. */
export function sysDup(k: Kernel, kpid: Kpid, oldfd: number, minFd = 0, cloexec = false): number {
  const t = k.taskOrOops(kpid)
  const file = fdGet(k, t, oldfd)
  if (file === undefined) return -E.EBADF
  const fd = lowestFreeFd(k, t, minFd)
  if (fd < 0) return fd
  fget(k, file)
  fdInstall(k, t, fd, file, cloexec)
  return fd
}

/** dup2/dup3: "If newfd was previously open, it is closed before being reused"; EBADF if newfd is out of range. */
export function sysDup3(k: Kernel, kpid: Kpid, oldfd: number, newfd: number, flags: number, isDup2: boolean): number {
  const t = k.taskOrOops(kpid)
  const file = fdGet(k, t, oldfd)
  if (file === undefined) return -E.EBADF
  if (!Number.isInteger(newfd) || newfd < 0 || newfd >= nofileLimit(t)) return -E.EBADF
  if (oldfd === newfd) return isDup2 ? newfd : -E.EINVAL
  if (!isDup2 && flags & ~O_CLOEXEC) return -E.EINVAL
  if (fdGet(k, t, newfd) !== undefined) fdClose(k, t, newfd)
  fget(k, file)
  fdInstall(k, t, newfd, file, (flags & O_CLOEXEC) !== 0)
  return newfd
}

export function sysFcntl(k: Kernel, kpid: Kpid, fd: number, cmd: number, arg: number): number {
  const t = k.taskOrOops(kpid)
  const file = fdGet(k, t, fd)
  if (file === undefined) return -E.EBADF
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0 || arg >= nofileLimit(t)) return -E.EINVAL
      return sysDup(k, kpid, fd, arg, cmd === F_DUPFD_CLOEXEC)
    case F_GETFD:
      return fdCloexec(k, t, fd) ? FD_CLOEXEC : 0
    case F_SETFD:
      fdSetCloexec(k, t, fd, (arg & FD_CLOEXEC) !== 0)
      return 0
    case F_GETFL:
      return k.file(file)!.flags
    case F_SETFL: {
      const w = k.mutFile(file)
      w.flags = (w.flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK))
      return 0
    }
    case F_ADD_SEALS:
    case F_GET_SEALS:
      return memfdFcntl(k, k.file(file)!, cmd, arg)
    default:
      return -E.EINVAL
  }
}

/** pipe2(2): two fds (EMFILE) and two open files (ENFILE). */
export function sysPipe2(k: Kernel, kpid: Kpid, flags: number): [number, number] | number {
  const t = k.taskOrOops(kpid)
  const rfd = lowestFreeFd(k, t)
  if (rfd < 0) return rfd
  const wfd = lowestFreeFd(k, t, rfd + 1)
  if (wfd < 0) return wfd
  const pipe = createPipe(k)
  const fl = flags & O_NONBLOCK
  const r = allocFile(k, t, { flags: O_RDONLY | fl, pos: 0, kind: 'pipe', obj: pipe.id, path: '' })
  if (typeof r === 'number') {
    k.remove('pipes', pipe.id)
    return r
  }
  const w = allocFile(k, t, { flags: O_WRONLY | fl, pos: 0, kind: 'pipe', obj: pipe.id, path: '' })
  if (typeof w === 'number') {
    k.mutPipe(pipe.id).writers = 0
    k.remove('files', r.id)
    k.remove('pipes', pipe.id)
    return w
  }
  const cloexec = (flags & O_CLOEXEC) !== 0
  fdInstall(k, t, rfd, r.id, cloexec)
  fdInstall(k, t, wfd, w.id, cloexec)
  return [rfd, wfd]
}

