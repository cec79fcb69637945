// A kernel personality other than Linux: the windows-like guest's NT kernel.
// It answers its own version call (RtlGetVersion) and lacks the Linux-only
// system calls: no namespaces (unshare/setns), no
// mounts or pivot_root, no seccomp, no cgroups, no ioperm/iopl (user-mode
// port I/O does not exist on Windows), no fsopen/fsconfig, no splice.
//
// SIMPLIFICATION: the NT personality keeps isolab's POSIX userland (bash and
// the tools run as in a POSIX subsystem, which emulates uname as busybox-w32
// does: "Windows_NT HOST 10.0 20348 x86_64"); what differs is the kernel: its
// version API and the calls it does not have, which answer ENOSYS.
import { E, type SysName } from '../abi/index.ts'
import type { Kernel } from './kernel.ts'

const LINUX_ONLY: ReadonlySet<string> = new Set<string>([
  'sethostname', 'setdomainname', 'unshare', 'setns', 'mount', 'umount2', 'pivot_root', 'seccomp',
  'ioperm', 'iopl', 'init_module', 'finit_module', 'delete_module', 'bpf', 'kexec_load', 'personality',
  'fsopen', 'fsconfig', 'fsmount', 'splice', 'syslog', 'rtnl', 'keyctl', 'add_key', 'request_key',
])

/** ENOSYS for a call this kernel's personality does not have, else undefined. */
export function personalityGate(k: Kernel, nr: SysName): number | undefined {
  if (k.s.machine.personality !== 'nt') return undefined
  return LINUX_ONLY.has(nr) ? -E.ENOSYS : undefined
}

/** RtlGetVersion(): the NT kernel's version, or ENOSYS on Linux. */
export function sysNtVersion(k: Kernel): { major: number; minor: number; build: number; revision: number } | number {
  if (k.s.machine.personality !== 'nt') return -E.ENOSYS
  const [major, minor, build, revision] = (k.s.machine.versions?.kernel ?? '10.0.20348.2700').split('.').map(Number)
  return { major: major ?? 10, minor: minor ?? 0, build: build ?? 0, revision: revision ?? 0 }
}

/** The POSIX subsystem's uname on NT (busybox-w32's fields), or undefined on Linux. */
export function ntUname(k: Kernel): { sysname: string; release: string; version: string; machine: string } | undefined {
  const v = sysNtVersion(k)
  if (typeof v === 'number') return undefined
  return { sysname: 'Windows_NT', release: `${v.major}.${v.minor}`, version: String(v.build), machine: 'x86_64' }
}
