// /sys/devices/system/cpu/vulnerabilities/* and /sys/devices/system/cpu/smt/:
// the kernel's own verdict on the CPU's speculation bugs, as Linux 6.8's
// arch/x86/kernel/cpu/bugs.c writes it (spectre_v2_show_state(),
// l1tf_show_state(), mds_show_state(), cpu_show_common()), from the CPU model,
// the command line's mitigations= and nosmt, and whether this kernel is a KVM
// host or a guest.
//
// SIMPLIFICATION: five of the files; the strings follow 6.8.0 (no "BHI:" part,
// which 6.9 added); auto picks what bugs.c picks for these models.
import { CPU_MODELS, DEFAULT_VERSIONS, type CpuModel } from '../vulns/index.ts'
import type { Kernel } from './kernel.ts'
import { machineVersions } from './version.ts'

export const VULN_FILES = ['l1tf', 'mds', 'meltdown', 'spectre_v1', 'spectre_v2'] as const

export interface CpuBugState {
  cpu: CpuModel
  mitigated: boolean
  /** SMT possible and not disabled (sched_smt_active()). */
  smt: boolean
  /** X86_FEATURE_HYPERVISOR: this kernel runs in a VM. */
  guest: boolean
  /** kvm_intel is loaded: the VMX part of l1tf applies. */
  kvmHost: boolean
}

export function cpuState(k: Kernel): CpuBugState {
  const v = machineVersions(k)
  const cpu = CPU_MODELS[v.cpu] ?? CPU_MODELS[DEFAULT_VERSIONS.cpu]!
  return {
    cpu, mitigated: v.mitigations !== 'off', smt: v.smt !== 'off' && cpu.threadsPerCore > 1,
    guest: !!k.s.machine.guest, kvmHost: !k.s.machine.guest && k.chrdevs.size > 0,
  }
}

/** spectre_v2_show_state(): the mode, then "; IBPB: ...", IBRS_FW, STIBP, RSB filling, PBRSB-eIBRS. */
function spectreV2(s: CpuBugState): string {
  const { cpu } = s
  if (!cpu.bugs.includes('spectre_v2')) return 'Not affected'
  // spectre_v2_select_mitigation(): eIBRS when the CPU has it; Intel with RETBleed uses IBRS; else retpolines.
  const mode = !s.mitigated ? 'none' : cpu.eibrs ? 'eibrs' : cpu.vendor === 'intel' && cpu.bugs.includes('retbleed') ? 'ibrs' : 'retpoline'
  const name = { none: 'Vulnerable', eibrs: 'Mitigation: Enhanced / Automatic IBRS', ibrs: 'Mitigation: IBRS', retpoline: 'Mitigation: Retpolines' }[mode]
  const ibpb = s.mitigated ? '; IBPB: conditional' : '; IBPB: disabled'
  const ibrsFw = mode === 'retpoline' ? '; IBRS_FW' : '' // firmware calls under IBRS when the kernel itself is not
  // stibp_state(): nothing in eIBRS mode; otherwise the user-space STIBP mode (none without SMT).
  const stibp = mode === 'eibrs' ? '' : !s.mitigated || !s.smt ? '; STIBP: disabled' : cpu.stibpAlwaysOn ? '; STIBP: always-on' : '; STIBP: conditional'
  const rsb = s.mitigated ? '; RSB filling' : ''
  const pbrsb = !cpu.bugs.includes('eibrs_pbrsb') ? '; PBRSB-eIBRS: Not affected' : mode === 'eibrs' ? '; PBRSB-eIBRS: SW sequence' : '; PBRSB-eIBRS: Vulnerable'
  return name + ibpb + ibrsFw + stibp + rsb + pbrsb
}

/** l1tf_show_state(): PTE inversion always; the VMX part only on a KVM host. */
function l1tf(s: CpuBugState): string {
  if (!s.cpu.bugs.includes('l1tf')) return 'Not affected'
  const pte = 'Mitigation: PTE Inversion'
  if (!s.mitigated || !s.kvmHost) return pte
  return `${pte}; VMX: conditional cache flushes, SMT ${s.smt ? 'vulnerable' : 'disabled'}`
}

function mds(s: CpuBugState): string {
  if (!s.cpu.bugs.includes('mds')) return 'Not affected'
  const m = s.mitigated ? 'Mitigation: Clear CPU buffers' : 'Vulnerable'
  return s.guest ? `${m}; SMT Host state unknown` : `${m}; SMT ${s.smt ? 'vulnerable' : 'disabled'}`
}

/** The text of /sys/devices/system/cpu/vulnerabilities/<file> (with its newline). */
export function vulnerabilityText(k: Kernel, file: (typeof VULN_FILES)[number]): string {
  const s = cpuState(k)
  const has = (b: 'meltdown') => s.cpu.bugs.includes(b)
  switch (file) {
    case 'spectre_v1':
      return (s.mitigated ? 'Mitigation: usercopy/swapgs barriers and __user pointer sanitization' : 'Vulnerable: __user pointer sanitization and usercopy barriers only; no swapgs barriers') + '\n'
    case 'spectre_v2': return spectreV2(s) + '\n'
    case 'meltdown': return (!has('meltdown') ? 'Not affected' : s.mitigated ? 'Mitigation: PTI' : 'Vulnerable') + '\n'
    case 'l1tf': return l1tf(s) + '\n'
    case 'mds': return mds(s) + '\n'
  }
}

/** /sys/devices/system/cpu/smt/control: on, off (nosmt) or notsupported. */
export function smtControl(k: Kernel): string {
  const s = cpuState(k)
  if (s.cpu.threadsPerCore < 2) return 'notsupported\n'
  return s.smt ? 'on\n' : 'off\n'
}
