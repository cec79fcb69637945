// The security options of prctl(2): PR_CAP_AMBIENT (the ambient set,
// capabilities(7) "Ambient capability set") and PR_GET_SECCOMP/PR_SET_SECCOMP.
import type { Kpid } from '../../abi/pid.ts'
import { CAP_LAST_CAP, E, SECCOMP_SET_MODE_FILTER, SECCOMP_SET_MODE_STRICT, capBit, capHas } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { seccompMode, sysSeccomp } from './seccomp.ts'

export const PR_GET_SECCOMP = 21
export const PR_SET_SECCOMP = 22
export const PR_CAP_AMBIENT = 47
export const PR_CAP_AMBIENT_IS_SET = 1
export const PR_CAP_AMBIENT_RAISE = 2
export const PR_CAP_AMBIENT_LOWER = 3
export const PR_CAP_AMBIENT_CLEAR_ALL = 4

/** prctl options handled here, or undefined for "not mine" (the caller answers EINVAL). */
export function securityPrctl(k: Kernel, kpid: Kpid, option: number, arg2: unknown, arg3: unknown): number | undefined {
  const t = k.taskOrOops(kpid)
  switch (option) {
    case PR_GET_SECCOMP:
      // In strict mode the call itself is not allowed (SIGKILL): the dispatch gate has already handled it.
      return seccompMode(t)
    case PR_SET_SECCOMP:
      if (arg2 === 1) return sysSeccomp(k, kpid, SECCOMP_SET_MODE_STRICT, 0, undefined)
      if (arg2 === 2) return sysSeccomp(k, kpid, SECCOMP_SET_MODE_FILTER, 0, arg3)
      return -E.EINVAL
    case PR_CAP_AMBIENT:
      return ambient(k, kpid, arg2, arg3)
    default:
      return undefined
  }
}

/**
 * PR_CAP_AMBIENT: IS_SET → 0/1; RAISE needs the capability in both the
 * permitted and inheritable sets (EPERM); LOWER; CLEAR_ALL (arg3 must be 0).
 * SIMPLIFICATION: securebits are not modelled, so SECBIT_NO_CAP_AMBIENT_RAISE never applies.
 */
function ambient(k: Kernel, kpid: Kpid, op: unknown, cap: unknown): number {
  const c = k.taskOrOops(kpid).cred
  if (op === PR_CAP_AMBIENT_CLEAR_ALL) {
    if (cap !== 0 && cap !== undefined) return -E.EINVAL
    k.mutTask(kpid).cred = { ...c, capAmb: 0n }
    return 0
  }
  if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 0 || cap > CAP_LAST_CAP) return -E.EINVAL
  switch (op) {
    case PR_CAP_AMBIENT_IS_SET:
      return capHas(c.capAmb, cap) ? 1 : 0
    case PR_CAP_AMBIENT_RAISE:
      if (!capHas(c.capPrm, cap) || !capHas(c.capInh, cap)) return -E.EPERM
      k.mutTask(kpid).cred = { ...c, capAmb: c.capAmb | capBit(cap) }
      return 0
    case PR_CAP_AMBIENT_LOWER:
      k.mutTask(kpid).cred = { ...c, capAmb: c.capAmb & ~capBit(cap) }
      return 0
    default:
      return -E.EINVAL
  }
}
