// strace -e trace=SET (strace(1) "Filtering"): system call names, the classes
// %file, %process, %network (%net), %signal, %ipc, %desc, %memory, %creds and
// %clock, "all" and "none", a leading "!" to negate; and the -c summary table
// (strace's count.c: % time, seconds, usecs/call, calls, errors, syscall, sorted
// by time).

const CLASSES: Record<string, readonly string[]> = {
  file: ['openat', 'newfstatat', 'execve', 'mkdir', 'rmdir', 'unlink', 'rename', 'symlink', 'link', 'readlink', 'readlinkat', 'chmod',
    'chown', 'truncate', 'access', 'chdir', 'chroot', 'mknod', 'mount', 'umount2', 'pivot_root', 'open', 'stat', 'lstat'],
  desc: ['openat', 'close', 'read', 'write', 'lseek', 'dup', 'dup2', 'dup3', 'fcntl', 'close_range', 'pipe2', 'newfstatat', 'getdents64', 'ioctl',
    'readlinkat', 'splice', 'fsopen', 'fsconfig', 'setns', 'fstat', 'open'],
  process: ['clone', 'clone3', 'fork', 'vfork', 'execve', 'exit', 'exit_group', 'wait4', 'kill', 'ptrace'],
  network: ['socket', 'bind', 'listen', 'connect', 'accept', 'accept4', 'shutdown', 'getsockname', 'getpeername', 'sendmsg', 'sendto', 'recvfrom', 'recvmsg'],
  signal: ['rt_sigaction', 'kill', 'pause', 'rt_sigprocmask'],
  memory: ['mmap', 'munmap', 'brk', 'mprotect'],
  ipc: ['msgget', 'semget', 'shmget', 'msgctl', 'semctl', 'shmctl', 'msgsnd'],
  creds: ['getresuid', 'getresgid', 'setresuid', 'setresgid', 'getgroups', 'setgroups', 'capget', 'capset', 'prctl', 'getuid', 'geteuid', 'setuid'],
  clock: ['clock_gettime', 'clock_nanosleep', 'settimeofday', 'clock_settime', 'nanosleep'],
}

/** Linux system call names strace accepts in -e trace= (the ones isolab's programs make, and common others). */
const KNOWN = new Set([
  ...Object.values(CLASSES).flat(),
  'getpid', 'getppid', 'gettid', 'getpgid', 'setpgid', 'setsid', 'getsid', 'prlimit64', 'uname', 'sethostname', 'setdomainname',
  'sched_yield', 'times', 'getrandom', 'syslog', 'sysinfo', 'getcwd', 'umask', 'unshare', 'seccomp', 'init_module', 'finit_module',
  'delete_module', 'reboot', 'kexec_load', 'bpf', 'personality', 'keyctl', 'add_key', 'request_key', 'ioperm', 'iopl',
  'arch_prctl', 'pread64', 'set_tid_address', 'set_robust_list', 'rseq', 'futex', 'poll', 'select', 'epoll_wait', 'statx',
  'unlinkat', 'mkdirat', 'renameat2', 'faccessat2', 'getgid', 'getegid', 'setgid', 'capget',
])

export type TraceFilter = (name: string) => boolean

/** Parses an -e expression; a message for an invalid one (as strace words it). */
export function parseFilter(expr: string): TraceFilter | string {
  let q = 'trace'
  let set = expr
  const eq = expr.indexOf('=')
  if (eq >= 0) {
    q = expr.slice(0, eq)
    set = expr.slice(eq + 1)
  }
  if (q === 't') q = 'trace'
  if (q !== 'trace') return `invalid filter action '${q}'`
  const negate = set.startsWith('!')
  if (negate) set = set.slice(1)
  const names = new Set<string>()
  let all = false
  for (const item of set.split(',')) {
    if (item === 'all') all = true
    else if (item === 'none') continue
    else if (item.startsWith('%')) {
      const cls = CLASSES[item === '%net' ? 'network' : item.slice(1)]
      if (!cls) return `invalid system call '${item}'`
      for (const n of cls) names.add(n)
    } else if (KNOWN.has(item)) names.add(item)
    else return `invalid system call '${item}'`
  }
  return (name) => (all || names.has(name)) !== negate
}

export interface CallCount {
  calls: number
  errors: number
  ns: number
}

/** The -c table, as count.c prints it. */
export function summaryTable(counts: ReadonlyMap<string, CallCount>): string {
  const rows = [...counts].filter(([, c]) => c.calls > 0)
  rows.sort(([an, a], [bn, b]) => b.ns - a.ns || b.calls - a.calls || (an < bn ? -1 : 1))
  const total = rows.reduce((t, [, c]) => ({ calls: t.calls + c.calls, errors: t.errors + c.errors, ns: t.ns + c.ns }), { calls: 0, errors: 0, ns: 0 })
  const secs = (ns: number) => (ns / 1e9).toFixed(6)
  const usecs = (c: CallCount) => String(Math.floor(c.ns / c.calls / 1e3))
  const w = {
    secs: Math.max(11, secs(total.ns).length),
    usecs: Math.max(11, ...rows.map(([, c]) => usecs(c).length)),
    calls: Math.max(9, String(total.calls).length),
    errors: Math.max(9, String(total.errors).length),
    name: Math.max(16, ...rows.map(([n]) => n.length + 1)),
  }
  const line = (pct: string, s: string, u: string, calls: string, errors: string, name: string) =>
    `${pct.padStart(6)} ${s.padStart(w.secs)} ${u.padStart(w.usecs)} ${calls.padStart(w.calls)} ${errors.padStart(w.errors)} ${name}\n`
  const dash = line('-'.repeat(6), '-'.repeat(w.secs), '-'.repeat(w.usecs), '-'.repeat(w.calls), '-'.repeat(w.errors), '-'.repeat(w.name))
  let o = line('% time', 'seconds', 'usecs/call', 'calls', 'errors', 'syscall') + dash
  for (const [name, c] of rows) {
    const pct = total.ns > 0 ? (100 * c.ns) / total.ns : 0
    o += line(pct.toFixed(2), secs(c.ns), usecs(c), String(c.calls), c.errors ? String(c.errors) : '', name)
  }
  o += dash
  o += line('100.00', secs(total.ns), total.calls ? usecs(total) : '0', String(total.calls), total.errors ? String(total.errors) : '', 'total')
  return o
}
