// CPU bugs: the hardware every VM and container shares. The kernel reports its
// own verdict in /sys/devices/system/cpu/vulnerabilities/<sysfs> (kernel/cpu-bugs.ts).
import { cpusWith } from './cpu-models.ts'
import type { VulnEntry } from './types.ts'

export const CVE_2017_5715: VulnEntry = {
  id: 'CVE-2017-5715',
  name: 'Spectre v2',
  component: 'cpu',
  ranges: [],
  cpus: cpusWith('spectre_v2'),
  sysfs: 'spectre_v2',
  codePath: 'indirect branch prediction (BTB) shared across privilege levels and sibling threads; arch/x86/kernel/cpu/bugs.c picks the mitigation',
  preconditions: [
    'code running in a guest on the same physical core as the victim (sibling thread, or time-sliced without IBPB)',
    'the host kernel booted without Spectre v2 mitigations (mitigations=off)',
  ],
  effect: 'reads memory the guest must not see, byte by byte: Project Zero read host kernel memory from a KVM guest at about 1,500 bytes/s',
  fix: 'retpolines or (enhanced) IBRS in the kernel, IBPB on VM switch, STIBP between siblings: the injected branch targets are never used',
  stoppedBy: ['mitigations', 'smt-off'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2017-5715',
    'https://googleprojectzero.blogspot.com/2018/01/reading-privileged-memory-with-side.html',
    'https://www.kernel.org/doc/html/latest/admin-guide/hw-vuln/spectre.html',
  ],
}

export const CVE_2018_3646: VulnEntry = {
  id: 'CVE-2018-3646',
  name: 'L1TF',
  component: 'cpu',
  ranges: [],
  cpus: cpusWith('l1tf'),
  sysfs: 'l1tf',
  codePath: 'L1 terminal fault: a guest PTE marked not-present still feeds its address to the L1D lookup, as a host-physical address (EPT is bypassed)',
  preconditions: [
    'an Intel CPU before Cascade Lake',
    'a guest vCPU on the sibling hyperthread of the victim (SMT on), or on the same core with no L1D flush on VM entry (mitigations=off)',
  ],
  effect: 'reads whatever host-physical memory is in the shared L1D: another VM\'s or the host\'s data',
  fix: 'L1D flush on VM entry (conditional by default) stops the same-core case; only SMT off (nosmt) or core scheduling stops the sibling case',
  stoppedBy: ['smt-off', 'mitigations'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2018-3646',
    'https://www.kernel.org/doc/html/latest/admin-guide/hw-vuln/l1tf.html',
    'https://foreshadowattack.eu/',
  ],
}

export const CPU_CVES: readonly VulnEntry[] = [CVE_2017_5715, CVE_2018_3646]
