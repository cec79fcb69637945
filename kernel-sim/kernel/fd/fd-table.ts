// Per-task file descriptor tables (getrlimit(2), open(2), dup(2)). An fd maps to
// an open file id; the close-on-exec flag is the low bit. Tables are shared by
// CLONE_FILES and copied by fork. The lowest free fd is found in O(log n)
// (PMap.lowestFree, like Linux's full_fds_bits).
import { E, RLIMIT_NOFILE } from '../../abi/index.ts'
import { PMap } from '../../base/pmap.ts'
import type { Kernel } from '../kernel.ts'
import type { FdTable, Task } from '../state.ts'
import { fget, fput } from './files.ts'
import { FileUncharges } from '../cgroup/index.ts'

export const entryFile = (e: number) => e >>> 1
export const entryCloexec = (e: number) => (e & 1) === 1
const entry = (file: number, cloexec: boolean) => file * 2 + (cloexec ? 1 : 0)

export function newFdTable(k: Kernel): FdTable {
  const c = k.ctr()
  const t: FdTable = { id: c.nextFdTable++, users: 1, fds: PMap.empty<number>(), nextFd: 0 }
  return k.put('fdTables', t.id, t)
}

/** fork without CLONE_FILES: a copy of the table; every open file gains a reference. */
export function copyFdTable(k: Kernel, from: number): FdTable {
  const src = k.fdTable(from)!
  const t = newFdTable(k)
  t.fds = src.fds // persistent: sharing the structure is the copy
  t.nextFd = src.nextFd
  k.seal() // ...so neither table may now edit the shared nodes in place
  for (const e of src.fds.values()) fget(k, entryFile(e))
  return t
}

export function nofileLimit(t: Task): number {
  return t.rlimits[RLIMIT_NOFILE]![0]
}

/** The file id behind fd, or undefined (EBADF). */
export function fdGet(k: Kernel, t: Task, fd: number): number | undefined {
  const e = k.fdTable(t.fdTable)!.fds.get(fd)
  return e === undefined ? undefined : entryFile(e)
}

export function fdCloexec(k: Kernel, t: Task, fd: number): boolean {
  const e = k.fdTable(t.fdTable)!.fds.get(fd)
  return e !== undefined && entryCloexec(e)
}

/**
 * get_unused_fd_flags(): the lowest free fd >= minFd, or EMFILE at the
 * RLIMIT_NOFILE soft limit ("one greater than the maximum file descriptor
 * number that can be opened", getrlimit(2)). Does not reserve it.
 */
export function lowestFreeFd(k: Kernel, t: Task, minFd = 0): number {
  const tbl = k.fdTable(t.fdTable)!
  const start = minFd > tbl.nextFd ? minFd : tbl.nextFd
  const fd = tbl.fds.lowestFree(start)
  // Every fd in [nextFd, fd) is in use, so the hint moves up (alloc_fd() sets next_fd past the fd it
  // found): a table whose low fds are taken out of order (bash's fd 10, a dup2) would otherwise
  // search from the old hint through every full subtree again, on each socket() of a flood.
  if (start === tbl.nextFd && fd > start) k.mutFdTable(t.fdTable).nextFd = fd
  return fd >= nofileLimit(t) ? -E.EMFILE : fd
}

/** fd_install(): put an open file (whose reference the caller hands over) at fd. */
export function fdInstall(k: Kernel, t: Task, fd: number, file: number, cloexec: boolean): void {
  const tbl = k.mutFdTable(t.fdTable)
  tbl.fds = tbl.fds.set(fd, entry(file, cloexec), k.edit)
  if (fd === tbl.nextFd) tbl.nextFd = fd + 1
}

export function fdSetCloexec(k: Kernel, t: Task, fd: number, cloexec: boolean): void {
  const e = k.fdTable(t.fdTable)!.fds.get(fd)
  if (e !== undefined) fdInstall(k, t, fd, entryFile(e), cloexec)
}

/** close(2): EBADF if not open. */
export function fdClose(k: Kernel, t: Task, fd: number): number {
  const file = fdGet(k, t, fd)
  if (file === undefined) return -E.EBADF
  const tbl = k.mutFdTable(t.fdTable)
  tbl.fds = tbl.fds.delete(fd, k.edit)
  if (fd < tbl.nextFd) tbl.nextFd = fd
  fput(k, file)
  return 0
}

/** Drops a task's use of its table (exit, unshare, exec with CLONE_FILES); the last user closes all. */
export function putFdTable(k: Kernel, id: number): void {
  const tbl = k.fdTable(id)!
  if (tbl.users > 1) {
    k.mutFdTable(id).users--
    return
  }
  k.remove('fdTables', id)
  const uncharges = new FileUncharges()
  // some() with a predicate that never holds: a plain walk, no generator resumed per fd (a table may hold a million)
  tbl.fds.some((e) => {
    fput(k, entryFile(e), uncharges)
    return false
  })
  uncharges.flush(k)
}

/** execve(2): close every close-on-exec fd. */
export function closeOnExec(k: Kernel, t: Task): void {
  const tbl = k.fdTable(t.fdTable)!
  for (const [fd, e] of tbl.fds.entries()) if (entryCloexec(e)) fdClose(k, t, fd)
}

/** Open fds of a task, ascending. */
export function fdList(k: Kernel, t: Task): number[] {
  return [...k.fdTable(t.fdTable)!.fds.keys()]
}
