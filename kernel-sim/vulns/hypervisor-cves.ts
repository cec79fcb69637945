// VMM bugs: a guest reaches the VMM process on the host, not the host kernel.
import type { VulnEntry } from './types.ts'

/**
 * hw/block/fdc.c fdctrl_write_data(): READ ID and DRIVE SPECIFICATION COMMAND
 * left data_pos unbounded, so guest bytes on port 0x3f5 ran past the 512-byte
 * FIFO (the controller exists even with no floppy drive).
 */
export const CVE_2015_3456: VulnEntry = {
  id: 'CVE-2015-3456',
  name: 'VENOM',
  component: 'qemu',
  // The FDC code dates from 2004 (QEMU 0.x). Fixed by e907746266721f305d67bc0718795fedee2e824c
  // "fdc: force the fifo access to be in bounds of the allocated buffer" (13 May 2015), after the
  // 2.3.0 release (24 April 2015): in 2.3.1 and 2.4.0.
  ranges: [{ introduced: '0', fixed: '2.4.0', backports: { '2.3': '2.3.1' } }],
  demoVersion: '2.2.0',
  codePath: 'hw/block/fdc.c fdctrl_write_data() (FD_CMD_READ_ID 0x0a, FD_CMD_DRIVE_SPECIFICATION_COMMAND 0x8e)',
  preconditions: [
    'root in a guest of a full VM (ioperm(0x3f0, 8, 1) needs CAP_SYS_RAWIO)',
    'a device model with the ISA floppy controller (QEMU\'s PC machine type has it even without a drive)',
  ],
  effect: 'code execution in the VMM process on the host (qemu-system-x86_64), with its uid, namespaces, seccomp filter and LSM profile; its memory includes the guest\'s RAM',
  fix: 'every FIFO index is data_pos % FD_SECTOR_LEN: the bytes wrap inside the FIFO and READ ID completes normally',
  stoppedBy: ['patched', 'no-fdc', 'vmm-confined'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2015-3456',
    'https://gitlab.com/qemu-project/qemu/-/commit/e907746266721f305d67bc0718795fedee2e824c',
    'https://www.openwall.com/lists/oss-security/2015/05/13/7',
    'https://venom.crowdstrike.com/',
  ],
}

export const HYPERVISOR_CVES: readonly VulnEntry[] = [CVE_2015_3456]
