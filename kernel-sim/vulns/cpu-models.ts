// CPU models by QEMU's -cpu name, with what arch/x86/kernel/cpu/common.c
// decides about them (the cpu_vuln_whitelist and ARCH_CAPABILITIES bits) and
// the speculation-control features the mitigations need.
//
// SIMPLIFICATION: a handful of server models; the bugs listed are those the
// kernel reports in the files isolab models (spectre_v1, spectre_v2,
// meltdown, l1tf, mds), plus the two that change spectre_v2's text.

export type CpuBug = 'spectre_v1' | 'spectre_v2' | 'meltdown' | 'l1tf' | 'mds' | 'retbleed' | 'eibrs_pbrsb'

export interface CpuModel {
  vendor: 'intel' | 'amd'
  /** X86_BUG_* the kernel sets for it, in /proc/cpuinfo's order (x86_bug_flags). */
  bugs: readonly CpuBug[]
  /** Enhanced IBRS (ARCH_CAP_IBRS_ALL): the kernel prefers it to retpolines. */
  eibrs: boolean
  /** AMD: STIBP always-on is the preferred mode (X86_FEATURE_AMD_STIBP_ALWAYS_ON). */
  stibpAlwaysOn: boolean
  /** Hyper-threads per core. */
  threadsPerCore: number
  /** /proc/cpuinfo: "model name", and the family/model numbers. */
  modelName: string
  family: number
  model: number
}

export const CPU_MODELS: Readonly<Record<string, CpuModel>> = {
  // Intel Xeon Scalable (2017): before the hardware fixes.
  'Skylake-Server': { vendor: 'intel', bugs: ['meltdown', 'spectre_v1', 'spectre_v2', 'l1tf', 'mds', 'retbleed'], eibrs: false, stibpAlwaysOn: false, threadsPerCore: 2, modelName: 'Intel Xeon Processor (Skylake)', family: 6, model: 85 },
  // 2nd gen (2019): RDCL_NO, SKIP_L1DFL_VMENTRY, MDS_NO, eIBRS.
  'Cascadelake-Server': { vendor: 'intel', bugs: ['spectre_v1', 'spectre_v2', 'eibrs_pbrsb'], eibrs: true, stibpAlwaysOn: false, threadsPerCore: 2, modelName: 'Intel Xeon Processor (Cascadelake)', family: 6, model: 85 },
  'Icelake-Server': { vendor: 'intel', bugs: ['spectre_v1', 'spectre_v2', 'eibrs_pbrsb'], eibrs: true, stibpAlwaysOn: false, threadsPerCore: 2, modelName: 'Intel Xeon Processor (Icelake)', family: 6, model: 106 },
  // AMD Zen 3: not affected by Meltdown, L1TF, MDS; retpolines for Spectre v2.
  'EPYC-Milan': { vendor: 'amd', bugs: ['spectre_v1', 'spectre_v2'], eibrs: false, stibpAlwaysOn: true, threadsPerCore: 2, modelName: 'AMD EPYC-Milan Processor', family: 25, model: 1 },
}

/** The models whose kernel sets `bug` (for the catalogue's `cpus`). */
export function cpusWith(bug: CpuBug): string[] {
  return Object.entries(CPU_MODELS).filter(([, m]) => m.bugs.includes(bug)).map(([name]) => name)
}

/**
 * Whether the kernel leaves a listed CPU's bug open, as its sysfs verdict says:
 * Spectre v2 is closed by any mitigation mode (mitigations=auto); L1TF-VMM stays
 * open through the sibling thread while SMT is on ("SMT vulnerable"), and through
 * the same core when mitigations=off drops the L1D flush on VM entry.
 */
export function cpuBugOpen(sysfs: string | undefined, v: { mitigations: string; smt?: string }): boolean {
  if (sysfs === 'l1tf') return v.mitigations === 'off' || v.smt !== 'off'
  return v.mitigations === 'off'
}
