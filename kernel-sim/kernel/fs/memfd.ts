// Anonymous files and the rules about executables (memfd_create(2), fcntl(2)
// "File seals", execve(2) ETXTBSY):
//  - memfd_create: a tmpfs inode with no name; /proc/PID/fd/N shows
//    "/memfd:NAME (deleted)" and still opens it (the link resolves to the inode);
//  - seals: F_SEAL_WRITE/GROW/SHRINK refuse changes with EPERM, F_SEAL_SEAL
//    freezes the set; without MFD_ALLOW_SEALING the file starts with F_SEAL_SEAL;
//  - deny_write_access(): a file some process is executing cannot be opened for
//    writing or truncated (ETXTBSY), for as long as it runs.
// runc >= 1.0.0-rc7 re-executes itself from a sealed memfd copy (CVE-2019-5736's fix).
import type { Kpid } from '../../abi/pid.ts'
import { E, F_ADD_SEALS, F_GET_SEALS, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_WRITE, MFD_ALLOW_SEALING, MFD_CLOEXEC, O_ACCMODE, O_RDONLY, O_RDWR } from '../../abi/index.ts'
import { allocFile } from '../fd/files.ts'
import { fdInstall, lowestFreeFd } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import type { OpenFile } from '../state.ts'
import { inodeRoom, newInode } from './tmpfs.ts'

/** "The name ... is limited to 249 bytes" (memfd_create(2)): NAME_MAX minus "memfd:". */
const MFD_NAME_MAX = 249
/** Flags this kernel knows; MFD_HUGETLB and the rest are refused as unsupported. */
const MFD_KNOWN = MFD_CLOEXEC | MFD_ALLOW_SEALING

export function sysMemfdCreate(k: Kernel, kpid: Kpid, name: string, flags: number): number {
  if (typeof name !== 'string') return -E.EFAULT
  if (name.length > MFD_NAME_MAX || (flags & ~MFD_KNOWN) !== 0) return -E.EINVAL
  const t = k.taskOrOops(kpid)
  const fd = lowestFreeFd(k, t)
  if (fd < 0) return fd
  const room = inodeRoom(k, kpid)
  if (room < 0) return room
  const ino = newInode(k, 'f', 0o777, t.cred.fsuid, t.cred.fsgid)
  const w = k.mutInode(ino.ino)
  w.nlink = 0 // no name in any directory: only fds and executing processes hold it
  w.seals = flags & MFD_ALLOW_SEALING ? 0 : F_SEAL_SEAL
  const f = allocFile(k, t, { flags: O_RDWR, pos: 0, kind: 'inode', obj: ino.ino, path: `/memfd:${name} (deleted)` })
  if (typeof f === 'number') {
    k.remove('inodes', ino.ino)
    return f
  }
  fdInstall(k, t, fd, f.id, (flags & MFD_CLOEXEC) !== 0)
  return fd
}

/** fcntl F_ADD_SEALS / F_GET_SEALS on an open file; EINVAL for a file that is not a memfd. */
export function memfdFcntl(k: Kernel, f: OpenFile, cmd: number, arg: number): number {
  const i = f.kind === 'inode' ? k.inode(f.obj) : undefined
  if (i?.seals === undefined) return -E.EINVAL
  if (cmd === F_GET_SEALS) return i.seals
  if (cmd !== F_ADD_SEALS) return -E.EINVAL
  // "EPERM: the file was not opened for writing" / "F_SEAL_SEAL is set".
  if ((f.flags & O_ACCMODE) === O_RDONLY || i.seals & F_SEAL_SEAL) return -E.EPERM
  if (arg & ~(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)) return -E.EINVAL
  k.mutInode(i.ino).seals = i.seals | arg
  return 0
}

/** A change of a sealed file's data from `oldLen` to `newLen` bytes (write or truncate): EPERM when a seal forbids it. */
export function sealDenies(k: Kernel, ino: number, oldLen: number, newLen: number, write: boolean): number {
  const s = k.inode(ino)?.seals ?? 0
  if (write && s & F_SEAL_WRITE) return -E.EPERM
  if (newLen > oldLen && s & F_SEAL_GROW) return -E.EPERM
  if (newLen < oldLen && s & F_SEAL_SHRINK) return -E.EPERM
  return 0
}

/** deny_write_access(): ETXTBSY while a live process executes the inode. Only executables are looked for. */
export function executing(k: Kernel, ino: number): number {
  const i = k.inode(ino)
  if (!i || (i.mode & 0o111) === 0) return 0
  for (const t of k.s.tasks.values()) if (t.exeIno === ino && t.state !== 'Z') return -E.ETXTBSY
  return 0
}
