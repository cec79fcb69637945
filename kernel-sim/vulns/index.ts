// The vulnerability catalogue: data, one entry per CVE (types.ts), grouped by
// component. A new entry goes in its component's file and in CATALOGUE below;
// the code path that has the bug asks `armed(versions, id)` (or the kernel's
// kernelArmed) and behaves as the affected or the fixed version did.
import { KERNEL_CVES } from './kernel-cves.ts'
import { RUNC_CVES } from './runc-cves.ts'
import { HYPERVISOR_CVES } from './hypervisor-cves.ts'
import { CPU_CVES } from './cpu-cves.ts'
import { isAffected, type VulnEntry } from './types.ts'
import type { ComponentVersions } from './versions.ts'

export const CATALOGUE: readonly VulnEntry[] = [...KERNEL_CVES, ...RUNC_CVES, ...HYPERVISOR_CVES, ...CPU_CVES]

/** The entries whose component, at the machine's version, has the bug. */
export function affected(v: ComponentVersions, catalogue: readonly VulnEntry[] = CATALOGUE): VulnEntry[] {
  return catalogue.filter((e) => isAffected(e, v))
}

/** The entry for "CVE-2022-0185" (case-insensitive), or undefined. */
export function findVuln(id: string): VulnEntry | undefined {
  const want = id.toUpperCase()
  return CATALOGUE.find((e) => e.id === want)
}

/** True when the bug `id` is present on a machine with versions `v` (an unknown id is never armed). */
export function armed(v: ComponentVersions, id: string): boolean {
  const e = findVuln(id)
  return e !== undefined && isAffected(e, v)
}

export { isAffected, type DefenceId, type VulnEntry } from './types.ts'
export { DEFAULT_VERSIONS, compareVersions, describeRange, inRange, isVersion, type ComponentVersions, type Mitigations, type VersionComponent } from './versions.ts'
export { CPU_MODELS, type CpuModel } from './cpu-models.ts'
export { parseVersionOptions, type VersionOption } from './version-options.ts'
