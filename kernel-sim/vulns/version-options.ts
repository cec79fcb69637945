// Choosing a machine's component versions, from the command line (isolab
// --kernel 5.16.1 --mitigations off) or the web app's settings dialog: one
// check, so both accept the same values and say the same thing about the rest.
import { CPU_MODELS } from './cpu-models.ts'
import { isVersion, type ComponentVersions } from './versions.ts'

export const VERSION_OPTIONS = ['kernel', 'runc', 'qemu', 'cpu', 'mitigations', 'smt'] as const
export type VersionOption = (typeof VERSION_OPTIONS)[number]

/** What is wrong with `value` for option `name`: "invalid version" and what was expected; null when it is fine. */
function versionOptionProblem(name: VersionOption, value: string): { what: string; expected: string } | null {
  switch (name) {
    case 'kernel': case 'runc': case 'qemu':
      return isVersion(value) ? null : { what: 'invalid version', expected: 'e.g. 5.16.1, 1.1.11, 1.0.0-rc6' }
    case 'cpu':
      return value in CPU_MODELS ? null : { what: 'unknown CPU model', expected: `one of: ${Object.keys(CPU_MODELS).join(', ')}` }
    case 'mitigations':
      return value === 'auto' || value === 'off' ? null : { what: 'invalid value', expected: 'auto or off' }
    case 'smt':
      return value === 'on' || value === 'off' ? null : { what: 'invalid value', expected: 'on or off' }
  }
}

/**
 * The versions given (absent options keep the defaults), or the first bad one.
 * `values` holds raw strings, as a command line or a form has them.
 */
export function parseVersionOptions(values: Partial<Record<VersionOption, string>>):
  { ok: true; versions: Partial<ComponentVersions> } | { ok: false; name: VersionOption; value: string; what: string; expected: string } {
  const v: Record<string, string> = {}
  for (const name of VERSION_OPTIONS) {
    const s = values[name]
    if (s === undefined) continue
    const p = versionOptionProblem(name, s)
    if (p) return { ok: false, name, value: s, ...p }
    v[name] = s
  }
  return { ok: true, versions: v as Partial<ComponentVersions> }
}
