// /sys/devices/system/cpu/vulnerabilities/* as Linux 6.8's arch/x86/kernel/cpu/bugs.c
// writes them (spectre_v2_show_state, l1tf_show_state, mds_show_state), from the
// CPU model (--cpu), mitigations= and nosmt; guests run their own kernel.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import type { ComponentVersions } from '../../kernel-sim/index.ts'

const V = '/sys/devices/system/cpu/vulnerabilities'
function read(versions: Partial<ComponentVersions>, files: string) {
  return new Machine({ versions }).runScript(`cat ${files}`).stdout
}

describe('CPU vulnerability files', () => {
  it('default (Icelake, mitigations=auto): spectre_v2 is a Mitigation line; mitigations=off: Vulnerable', () => {
    expect(read({}, `${V}/spectre_v2`)).toBe('Mitigation: Enhanced / Automatic IBRS; IBPB: conditional; RSB filling; PBRSB-eIBRS: SW sequence\n')
    expect(read({ mitigations: 'off' }, `${V}/spectre_v2`)).toBe('Vulnerable; IBPB: disabled; STIBP: disabled; PBRSB-eIBRS: Vulnerable\n')
    expect(read({}, `${V}/l1tf ${V}/meltdown`)).toBe('Not affected\nNot affected\n')
  })

  it('Skylake on a KVM host: IBRS, PTI, and L1TF "VMX: conditional cache flushes, SMT vulnerable"', () => {
    expect(read({ cpu: 'Skylake-Server' }, `${V}/spectre_v2 ${V}/meltdown ${V}/l1tf ${V}/mds`)).toBe([
      'Mitigation: IBRS; IBPB: conditional; STIBP: conditional; RSB filling; PBRSB-eIBRS: Not affected',
      'Mitigation: PTI',
      'Mitigation: PTE Inversion; VMX: conditional cache flushes, SMT vulnerable',
      'Mitigation: Clear CPU buffers; SMT vulnerable',
    ].join('\n') + '\n')
  })

  it('--smt off boots with nosmt: smt/control off, L1TF "SMT disabled", no STIBP', () => {
    const m = new Machine({ versions: { cpu: 'Skylake-Server', smt: 'off' } })
    const out = m.runScript(`cat /sys/devices/system/cpu/smt/control /proc/cmdline ${V}/l1tf ${V}/spectre_v2`).stdout
    expect(out).toBe('off\nBOOT_IMAGE=/boot/vmlinuz-isolab root=/dev/vda1 ro quiet nosmt\n'
      + 'Mitigation: PTE Inversion; VMX: conditional cache flushes, SMT disabled\n'
      + 'Mitigation: IBRS; IBPB: conditional; STIBP: disabled; RSB filling; PBRSB-eIBRS: Not affected\n')
  })

  it('AMD (EPYC-Milan): retpolines, IBRS_FW, STIBP always-on', () => {
    expect(read({ cpu: 'EPYC-Milan' }, `${V}/spectre_v2`)).toBe('Mitigation: Retpolines; IBPB: conditional; IBRS_FW; STIBP: always-on; RSB filling; PBRSB-eIBRS: Not affected\n')
  })

  it('/proc/cpuinfo names the model and the kernel\'s bugs', () => {
    const out = new Machine({ versions: { cpu: 'Skylake-Server' } }).runScript('head -13 /proc/cpuinfo | grep -E "model name|bugs"').stdout
    expect(out).toBe('model name\t: Intel Xeon Processor (Skylake)\nbugs\t\t: cpu_meltdown spectre_v1 spectre_v2 l1tf mds retbleed\n')
  })
})

describe('guest kernels', () => {
  it('vm create --kernel 5.10.0: the guest reports its own release and its own verdicts (hypervisor CPU flag)', () => {
    const m = new Machine({ versions: { cpu: 'Skylake-Server', mitigations: 'off' } })
    const out = m.runScript(`vm create a --image alpine --memory 256M --kernel 5.10.0; vm start -q a
vm exec a -- "uname -r; cat /proc/cmdline ${V}/mds ${V}/l1tf; grep -c hypervisor /proc/cpuinfo"; uname -r`, { maxSteps: 50_000_000 }).stdout
    expect(out).toContain('5.10.0\nBOOT_IMAGE=/boot/vmlinuz-isolab root=/dev/vda1 ro console=ttyS0\n' // the guest's own command line (boot-plan.ts: a cloud image logs to ttyS0)
      + 'Mitigation: Clear CPU buffers; SMT Host state unknown\nMitigation: PTE Inversion\n1\n6.8.0-isolab\n')
  })

  it('an invalid --kernel is refused at create', () => {
    const r = new Machine().runScript('vm create a --kernel five')
    expect(r.stderr).toBe("vm: invalid kernel version 'five' (e.g. 5.10.0)\n")
  })
})

describe('the windows-like guest: an NT kernel personality', () => {
  it('ver and systeminfo ask the kernel (RtlGetVersion); Linux-only calls are ENOSYS; a Linux kernel has no RtlGetVersion', () => {
    const r = new Machine().runScript(`vm create w --image windows-like; vm start -q w
vm exec w -- 'ver; systeminfo | grep "OS Version"; uname -a; unshare -U id'; ver`, { maxSteps: 80_000_000 })
    expect(r.stdout).toContain('Microsoft Windows [Version 10.0.20348.2700]\nOS Version:                10.0.20348 N/A Build 20348\nWindows_NT w 10.0 20348 x86_64 MS/Windows\n')
    expect(r.stderr).toContain('unshare: unshare failed: Function not implemented')
    expect(r.stderr).toContain('ver: RtlGetVersion: Function not implemented (this kernel is not Windows NT; uname -a names it)')
  })
})
