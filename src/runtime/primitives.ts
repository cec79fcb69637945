// The kernel primitives the runtime needs beyond the libc wrappers that exist
// today: mount(2), pivot_root(2), unshare(2), setns(2), seccomp(2) and the
// LSM's attr/current. Each is one named raw syscall; a kernel without it
// answers ENOSYS (kernel-sim/kernel/syscalls/table.ts: "a call missing here
// returns ENOSYS"), and the runtime reports the failure as runc would rather
// than pretend to isolate.
import type { SysName } from '../../kernel-sim/abi/index.ts'
import type { Sys } from '../libc/index.ts'

function* raw<T>(nr: string, ...args: unknown[]): Sys<T> {
  return (yield { nr: nr as SysName, args }) as T
}

/** mount(2): source, target, filesystem type, flags, data. */
export const mount = (source: string, target: string, fstype: string, flags = 0, data = '') =>
  raw<number>('mount', source, target, fstype, flags, data)
export const pivotRoot = (newRoot: string, putOld: string) => raw<number>('pivot_root', newRoot, putOld)
export const umount2 = (target: string, flags = 0) => raw<number>('umount2', target, flags)
export const unshare = (flags: number) => raw<number>('unshare', flags)
/** setns(2) on an open /proc/PID/ns/* file. */
export const setns = (fd: number, nstype = 0) => raw<number>('setns', fd, nstype)
/** seccomp(SECCOMP_SET_MODE_FILTER, 0, filter): a SeccompFilterSpec (abi/seccomp.ts) the kernel compiles. */
export const seccompLoad = (filter: unknown) => raw<number>('seccomp', 1, 0, filter)
