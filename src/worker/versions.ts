// What the page needs to choose a machine's component versions: the defaults,
// the CPU models, versions that have a modelled bug, and the same check the
// command line uses (web/ reaches the kernel's values only through the worker
// layer). Imported file by file, not through kernel-sim's index, so the page's
// bundle gets these tables and no kernel.
import { CPU_MODELS } from '../../kernel-sim/vulns/cpu-models.ts'
import { CATALOGUE } from '../../kernel-sim/vulns/index.ts'

export { DEFAULT_VERSIONS, type ComponentVersions } from '../../kernel-sim/vulns/versions.ts'
export { parseVersionOptions, type VersionOption } from '../../kernel-sim/vulns/version-options.ts'
export const CPU_MODEL_NAMES: readonly string[] = Object.keys(CPU_MODELS)

/** Per component, the catalogue's demonstration versions and the CVEs each has: suggestions for the dialog. */
export function vulnerableVersions(component: 'kernel' | 'runc' | 'qemu'): { version: string; cves: string[] }[] {
  const m = new Map<string, string[]>()
  for (const e of CATALOGUE) {
    if (e.component !== component || !e.demoVersion) continue
    m.set(e.demoVersion, [...(m.get(e.demoVersion) ?? []), e.id])
  }
  return [...m].map(([version, cves]) => ({ version, cves }))
}
