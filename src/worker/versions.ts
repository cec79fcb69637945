// What the page needs to choose a machine's component versions: the defaults,
// the CPU models and the same check the command line uses (web/ reaches the
// kernel's values only through the worker layer). Imported file by file, not
// through kernel-sim's index, so the page's bundle gets these small tables and
// no kernel. The versions with a modelled bug come from the worker
// (WorkerApi.versionSuggestions): the CVE catalogue is the worker's code already.
import { CPU_MODELS } from '../../kernel-sim/vulns/cpu-models.ts'

export { DEFAULT_VERSIONS, type ComponentVersions } from '../../kernel-sim/vulns/versions.ts'
export { parseVersionOptions, type VersionOption } from '../../kernel-sim/vulns/version-options.ts'
export const CPU_MODEL_NAMES: readonly string[] = Object.keys(CPU_MODELS)

/** Per component, the catalogue's demonstration versions and the CVEs each has: suggestions for the dialog. */
export type VersionSuggestions = Record<'kernel' | 'runc' | 'qemu', { version: string; cves: string[] }[]>
