// UTS namespaces (uts_namespaces(7)): hostname and NIS domain name per
// namespace. The initial namespace keeps its values in coarse.uts.
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { INIT_INO, mutNs, nsRec } from './core.ts'
import { nsCapable } from './user.ts'

/** __NEW_UTS_LEN: a hostname or domain name is at most 64 bytes. */
export const UTS_LEN = 64

export function utsOf(k: Kernel, ino: number): { hostname: string; domainname: string } {
  if (ino === INIT_INO.uts) return k.coarse.uts
  const r = nsRec(k, ino)!
  return { hostname: r.hostname ?? '', domainname: r.domainname ?? '(none)' }
}

export function setUts(k: Kernel, ino: number, field: 'hostname' | 'domainname', value: string): void {
  if (ino === INIT_INO.uts) k.mutCoarse().uts[field] = value
  else mutNs(k, ino)[field] = value
}

/** sethostname(2)/setdomainname(2): EINVAL over 64 bytes; EPERM without CAP_SYS_ADMIN over the UTS namespace's owner. */
export function sysSetUts(k: Kernel, kpid: Kpid, name: unknown, field: 'hostname' | 'domainname'): number {
  const t = k.taskOrOops(kpid)
  if (typeof name !== 'string' || name.length > UTS_LEN) return -E.EINVAL
  if (!nsCapable(k, t, CAP.SYS_ADMIN, utsOwner(k, t))) return -E.EPERM
  setUts(k, t.ns.uts, field, name)
  return 0
}

export function utsOwner(k: Kernel, t: Task): number {
  return t.ns.uts === INIT_INO.uts ? INIT_INO.user : nsRec(k, t.ns.uts)!.owner
}
