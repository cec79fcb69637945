// The settings dialog's suggestions, computed in the worker, where the CVE
// catalogue is loaded anyway (the page would otherwise ship a second copy).
import { CATALOGUE } from '../../kernel-sim/vulns/index.ts'
import type { VersionSuggestions } from './versions.ts'

/** Per component, the catalogue's demonstration versions and the CVEs each has. */
export function versionSuggestions(): VersionSuggestions {
  const s: VersionSuggestions = { kernel: [], runc: [], qemu: [] }
  for (const component of ['kernel', 'runc', 'qemu'] as const) {
    const m = new Map<string, string[]>()
    for (const e of CATALOGUE) {
      if (e.component !== component || !e.demoVersion) continue
      m.set(e.demoVersion, [...(m.get(e.demoVersion) ?? []), e.id])
    }
    s[component] = [...m].map(([version, cves]) => ({ version, cves }))
  }
  return s
}
