// Audit records as the kernel prints them when no auditd is listening
// (kauditd_printk_skb): "audit: type=1400 audit(1795683601.234:7): ...",
// with the record's CLOCK_REALTIME (seconds.milliseconds) and a serial number.
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import type { SecurityState } from './types.ts'

/** AUDIT_AVC (LSM decisions) and AUDIT_SECCOMP (include/uapi/linux/audit.h). */
export const AUDIT_AVC = 1400
export const AUDIT_SECCOMP = 1326

const EMPTY: SecurityState = { profiles: {}, auditSerial: 0, modules: [] }

export const securityState = (k: Kernel): SecurityState => k.coarse.security ?? EMPTY

/** Machine-wide security state for writing (created on first use). */
export function mutSecurity(k: Kernel) {
  const c = k.mutCoarse()
  if (!c.security) c.security = { profiles: {}, auditSerial: 0, modules: [] }
  return c.security
}

export function audit(k: Kernel, type: number, body: string): void {
  const s = mutSecurity(k)
  s.auditSerial++
  const ms = Math.floor((k.coarse.bootEpochNs + k.s.nowNs) / 1e6)
  const stamp = `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`
  printk(k, `audit: type=${type} audit(${stamp}:${s.auditSerial}): ${body}`)
}
