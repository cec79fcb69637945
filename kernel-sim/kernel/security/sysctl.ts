// The security tunables under /proc/sys/kernel (proc_sys_kernel(5), seccomp(2)).
import type { SysctlEntry } from '../fs/procfs/sysctl.ts'

export const SECURITY_SYSCTLS: Record<string, SysctlEntry> = {
  // seccomp(2): the actions this kernel knows, and those it logs (all but allow).
  'kernel/seccomp/actions_avail': { read: () => 'kill_process kill_thread trap errno user_notif trace log allow\n' },
  // SIMPLIFICATION: read-only here (root may write it on Linux).
  'kernel/seccomp/actions_logged': { read: () => 'kill_process kill_thread trap errno user_notif trace log\n' },
  // bpf(2) refuses unprivileged callers (sys-security.ts); Debian's default is 2.
  'kernel/unprivileged_bpf_disabled': { read: () => '2\n' },
  'kernel/modules_disabled': { read: () => '0\n' },
}
