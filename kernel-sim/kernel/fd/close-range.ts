// close_range(2) (fs/file.c, Linux 5.9; CLOSE_RANGE_CLOEXEC since 5.11): close,
// or mark close-on-exec, every open fd in [first, last] in one call. runc's
// CloseExecFrom uses it instead of listing /proc/self/fd and an fcntl per fd.
import type { Kpid } from '../../abi/pid.ts'
import { CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, E } from '../../abi/index.ts'
import { compareVersions } from '../../vulns/index.ts'
import type { Kernel } from '../kernel.ts'
import { machineVersions } from '../version.ts'
import { copyFdTable, entryCloexec, fdClose, fdSetCloexec, putFdTable } from './fd-table.ts'

/** close_range(2): 0, or ENOSYS before 5.9, EINVAL for unknown flags (CLOEXEC before 5.11) or first > last. */
export function sysCloseRange(k: Kernel, kpid: Kpid, first: number, last: number, flags: number): number {
  const release = machineVersions(k).kernel
  if (compareVersions(release, '5.9') < 0) return -E.ENOSYS
  const known = compareVersions(release, '5.11') < 0 ? CLOSE_RANGE_UNSHARE : CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC
  if (flags & ~known) return -E.EINVAL
  // The arguments are unsigned int: ~0U (-1 here) is the highest fd.
  const lo = first >>> 0
  const hi = last >>> 0
  if (lo > hi) return -E.EINVAL
  const t0 = k.taskOrOops(kpid)
  // CLOSE_RANGE_UNSHARE: a table shared with other tasks (CLONE_FILES) is first copied, so only
  // the caller's copy changes ("avoiding races with other threads sharing the file descriptor table").
  if (flags & CLOSE_RANGE_UNSHARE && k.fdTable(t0.fdTable)!.users > 1) {
    const copy = copyFdTable(k, t0.fdTable)
    putFdTable(k, t0.fdTable)
    k.mutTask(kpid).fdTable = copy.id
  }
  const t = k.taskOrOops(kpid)
  const cloexec = (flags & CLOSE_RANGE_CLOEXEC) !== 0
  const hits: number[] = []
  for (const [fd, e] of k.fdTable(t.fdTable)!.fds.entries()) {
    if (fd > hi) break
    if (fd >= lo && !(cloexec && entryCloexec(e))) hits.push(fd)
  }
  // "Errors closing a given file descriptor are currently ignored."
  for (const fd of hits) {
    if (cloexec) fdSetCloexec(k, t, fd, true)
    else fdClose(k, t, fd)
  }
  return 0
}
