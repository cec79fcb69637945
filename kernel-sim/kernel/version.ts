// What `uname -r`, /proc/version and /proc/sys/kernel/osrelease report: the
// release this kernel was built as (the machine's component versions,
// vulns/versions.ts), which also decides which modelled bugs it has.
import { DEFAULT_VERSIONS, armed, type ComponentVersions } from '../vulns/index.ts'
import type { Kernel } from './kernel.ts'

export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC isolab'

/** The machine's component versions (defaults: current, patched). */
export function machineVersions(k: Kernel): ComponentVersions {
  return k.s.machine.versions ?? DEFAULT_VERSIONS
}

export function kernelRelease(k: Kernel): string {
  return machineVersions(k).kernel
}

export function procVersion(k: Kernel): string {
  return `Linux version ${kernelRelease(k)} (isolab@isolab) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_VERSION}`
}

/** True when this kernel's release has bug `id` (vulns/): the code path then behaves as the affected version did. */
export function kernelArmed(k: Kernel, id: string): boolean {
  return armed(machineVersions(k), id)
}

/** /proc/cmdline: the boot loader's line, with `mitigations=off` when the machine was booted so. */
export function kernelCmdline(k: Kernel): string {
  const base = k.s.machine.cmdline ?? 'BOOT_IMAGE=/boot/vmlinuz-isolab root=/dev/vda1 ro quiet'
  const v = machineVersions(k)
  return base + (v.mitigations === 'off' ? ' mitigations=off' : '') + (v.smt === 'off' ? ' nosmt' : '')
}
