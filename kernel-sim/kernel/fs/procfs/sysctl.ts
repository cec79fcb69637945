// /proc/sys: kernel tunables (sysctl(8)). Each entry reads as Linux prints it
// and validates writes as its proc handler does (proc_doulongvec_minmax,
// proc_dointvec_minmax): bad numbers and values out of range are EINVAL.
import { E, EPHEMERAL_PORT_HIGH, EPHEMERAL_PORT_LOW, PID_MAX_LIMIT, CAP_LAST_CAP } from '../../../abi/index.ts'
import type { Kernel } from '../../kernel.ts'
import { KERNEL_VERSION, kernelRelease } from '../../version.ts'
import type { Task } from '../../state.ts'
import { NS_SYSCTLS } from '../../ns/sysctl-ns.ts'
import { SECURITY_SYSCTLS } from '../../security/sysctl.ts'
import { dropCaches, logDropCaches } from '../pagecache.ts'

export interface SysctlEntry {
  /** `viewer`: the reading/writing task, for per-namespace tunables. */
  read: (k: Kernel, viewer?: Task) => string
  write?: (k: Kernel, data: string, viewer?: Task) => number
  /** File mode; absent = 0644 if writable, else 0444. */
  mode?: number
}

/** Parses one integer as the kernel's proc handlers do: leading/trailing blanks allowed. */
export function parseSysctlInt(data: string): number | undefined {
  const s = data.trim()
  if (!/^[+-]?\d+$/.test(s)) return undefined
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : undefined
}

function intEntry(get: (k: Kernel) => number, set: (k: Kernel, v: number) => void, min: number, max: number): SysctlEntry {
  return {
    read: (k) => `${get(k)}\n`,
    write: (k, data) => {
      const v = parseSysctlInt(data)
      if (v === undefined || v < min || v > max) return -E.EINVAL
      set(k, v)
      return 0
    },
  }
}

const NR_OPEN_MIN = 64 // BITS_PER_LONG
const NR_OPEN_MAX = 2147483584 // INT_MAX & -BITS_PER_LONG
const THREADS_MIN = 20 // MIN_THREADS
const THREADS_MAX = 0x3fffffff // FUTEX_TID_MASK

export const SYSCTLS: Record<string, SysctlEntry> = {
  'fs/file-max': intEntry((k) => k.coarse.sysctl.fileMax, (k, v) => { k.mutCoarse().sysctl.fileMax = v }, 0, Number.MAX_SAFE_INTEGER),
  // "file-nr: allocated file handles, free file handles (always 0 since 2.6), maximum" (proc_sys_fs(5)).
  'fs/file-nr': { read: (k) => `${k.s.files.size}\t0\t${k.coarse.sysctl.fileMax}\n` },
  'fs/nr_open': intEntry((k) => k.coarse.sysctl.nrOpen, (k, v) => { k.mutCoarse().sysctl.nrOpen = v }, NR_OPEN_MIN, NR_OPEN_MAX),
  'kernel/pid_max': intEntry((k) => k.coarse.sysctl.pidMax, (k, v) => { k.mutCoarse().sysctl.pidMax = v }, 301, PID_MAX_LIMIT),
  // vm/drop_caches (Documentation/admin-guide/sysctl/vm.rst): 1 frees the page cache, 2 slab objects, 3 both;
  // 4 silences the log line. Mode 0200, range 1..4 (extra1 = SYSCTL_ONE, extra2 = SYSCTL_FOUR).
  'vm/drop_caches': {
    mode: 0o200,
    read: (k) => `${k.coarse.sysctl.dropCaches ?? 0}\n`,
    write: (k, data, viewer) => {
      const v = parseSysctlInt(data)
      if (v === undefined || v < 1 || v > 4) return -E.EINVAL
      k.mutCoarse().sysctl.dropCaches = v
      if (v & 1) dropCaches(k)
      logDropCaches(k, viewer?.comm ?? 'kworker', viewer?.kpid ?? 0, v)
      return 0
    },
  },
  // Debian's "add sysctl to disallow unprivileged CLONE_NEWUSER by default": 0 refuses user namespaces
  // to callers without CAP_SYS_ADMIN (EPERM from clone/unshare); user.max_user_namespaces=0 refuses them to all (ENOSPC).
  'kernel/unprivileged_userns_clone': intEntry((k) => k.coarse.sysctl.unprivilegedUsernsClone ?? 1, (k, v) => { k.mutCoarse().sysctl.unprivilegedUsernsClone = v }, 0, 1),
  'kernel/threads-max': intEntry((k) => k.coarse.sysctl.threadsMax, (k, v) => { k.mutCoarse().sysctl.threadsMax = v }, THREADS_MIN, THREADS_MAX),
  // Yama.rst: who may attach with ptrace (task/ptrace.ts). SIMPLIFICATION: 3 is not made irrevocable.
  'kernel/yama/ptrace_scope': intEntry((k) => k.coarse.sysctl.ptraceScope ?? 0, (k, v) => { k.mutCoarse().sysctl.ptraceScope = v }, 0, 3),
  ...NS_SYSCTLS,
  ...SECURITY_SYSCTLS,
  'kernel/ostype': { read: () => 'Linux\n' },
  'kernel/osrelease': { read: (k) => kernelRelease(k) + '\n' },
  'kernel/version': { read: () => KERNEL_VERSION + '\n' },
  'kernel/cap_last_cap': { read: () => `${CAP_LAST_CAP}\n` },
  'kernel/ns_last_pid': { read: (k) => `${k.s.counters.lastPid}\n` },
  'kernel/dmesg_restrict': { read: () => '1\n' },
  'net/ipv4/ip_local_port_range': { read: () => `${EPHEMERAL_PORT_LOW}\t${EPHEMERAL_PORT_HIGH}\n` },
}

/** Directory names under /proc/sys, derived from the table. */
export function sysctlDirs(): Set<string> {
  const dirs = new Set<string>([''])
  for (const key of Object.keys(SYSCTLS)) {
    const parts = key.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  return dirs
}
