// setns(2) through a file descriptor: the fd must refer to an nsfs file
// (/proc/PID/ns/TYPE or a bind mount of one), else EINVAL; EBADF for a bad fd.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import { sysSetns } from './nsproxy.ts'

export function sysSetnsFd(k: Kernel, kpid: Kpid, fd: number, nstype: number): number {
  const id = fdGet(k, k.taskOrOops(kpid), fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  if (f.kind !== 'proc' || !(f.obj > 0)) return -E.EINVAL
  return sysSetns(k, kpid, f.obj, nstype)
}
