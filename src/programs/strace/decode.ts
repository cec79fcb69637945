// strace's decoding of one system call: the x86-64 name glibc's wrapper calls
// (open() is openat(2), stat() is newfstatat(2), sleep() is clock_nanosleep(2)),
// its arguments as strace prints them (flags by name, strings quoted and cut at
// -s bytes, structures in braces), and its result ("= 3", "= -1 ENOENT (No such
// file or directory)"). `entry` is how many leading arguments are known when the
// call is entered: a call that sleeps prints those first ("wait4(-1, <unfinished ...>")
// and the rest when it resumes.
//
// SIMPLIFICATION: pointers are fixed addresses (no address space is modelled);
// rtnetlink requests, one structured call here, print as sendmsg(2) on fd 3.
import {
  AF_INET, AF_UNIX, AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, CAPS, CLONE_NEWTIME, CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, FD_CLOEXEC,
  O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOCTTY, O_NOFOLLOW, O_NONBLOCK, O_PATH, O_TRUNC,
  RLIMITS, S_IFMT, SOCK_CLOEXEC, SOCK_NONBLOCK, WIFEXITED, WIFSIGNALED, WIFSTOPPED, WEXITSTATUS, WSTOPSIG, WTERMSIG,
  WCOREDUMP, SIG, errnoName, signalName, strerror, type SigInfo, type Stat,
} from '../../../kernel-sim/abi/index.ts'

export interface Decoded {
  name: string
  args: string[]
  /** Arguments known at syscall entry (the rest are results the kernel fills in). */
  entry: number
  ret: string
}

/** The calls of the simulator's table that are no system calls: computation, signal delivery, CPU instructions. */
export const HIDDEN = new Set(['cpu', 'sigtake', 'outb', 'inb', 'spec_probe', 'nt_version'])

const PTR = '0x7ffd3c4a9e10'
const HEAP = 0x5633a1c4b000
const MMAP_BASE = 0x7f3a8c200000

/** strace's string quoting (-s N: at most N bytes, then "..."). */
export function qstr(s: string, max: number): string {
  const cut = s.length > max
  let o = '"'
  const t = cut ? s.slice(0, max) : s
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    const ch = t[i]!
    if (ch === '"' || ch === '\\') o += '\\' + ch
    else if (ch === '\n') o += '\\n'
    else if (ch === '\t') o += '\\t'
    else if (ch === '\r') o += '\\r'
    else if (ch === '\v') o += '\\v'
    else if (ch === '\f') o += '\\f'
    else if (c < 32 || c >= 127) {
      const next = t.charCodeAt(i + 1)
      o += '\\' + (next >= 48 && next <= 55 ? c.toString(8).padStart(3, '0') : c.toString(8))
    } else o += ch
  }
  return o + '"' + (cut ? '...' : '')
}

function flagNames(v: number, table: readonly (readonly [number, string])[], zero = '0'): string {
  const names: string[] = []
  let rest = v
  for (const [bit, name] of table) {
    if (bit !== 0 && (rest & bit) === bit) {
      names.push(name)
      rest &= ~bit
    }
  }
  if (rest !== 0) names.push(`0x${(rest >>> 0).toString(16)}`)
  return names.length ? names.join('|') : zero
}

const OPEN_FLAGS: readonly (readonly [number, string])[] = [
  [O_CREAT, 'O_CREAT'], [O_EXCL, 'O_EXCL'], [O_NOCTTY, 'O_NOCTTY'], [O_TRUNC, 'O_TRUNC'], [O_APPEND, 'O_APPEND'],
  [O_NONBLOCK, 'O_NONBLOCK'], [O_DIRECTORY, 'O_DIRECTORY'], [O_NOFOLLOW, 'O_NOFOLLOW'], [O_CLOEXEC, 'O_CLOEXEC'], [O_PATH, 'O_PATH'],
]
function openFlags(f: number): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'][f & O_ACCMODE]!
  const rest = flagNames(f & ~O_ACCMODE, OPEN_FLAGS, '')
  return rest ? `${acc}|${rest}` : acc
}

const CLONE_FLAGS: readonly (readonly [number, string])[] = [
  [0x100, 'CLONE_VM'], [0x200, 'CLONE_FS'], [0x400, 'CLONE_FILES'], [0x800, 'CLONE_SIGHAND'], [0x1000, 'CLONE_PIDFD'],
  [0x2000, 'CLONE_PTRACE'], [0x4000, 'CLONE_VFORK'], [0x8000, 'CLONE_PARENT'], [0x10000, 'CLONE_THREAD'],
  [0x20000, 'CLONE_NEWNS'], [0x40000, 'CLONE_SYSVSEM'], [0x200000, 'CLONE_CHILD_CLEARTID'], [0x1000000, 'CLONE_CHILD_SETTID'],
  [0x2000000, 'CLONE_NEWCGROUP'], [0x4000000, 'CLONE_NEWUTS'], [0x8000000, 'CLONE_NEWIPC'], [0x10000000, 'CLONE_NEWUSER'],
  [0x20000000, 'CLONE_NEWPID'], [0x40000000, 'CLONE_NEWNET'],
]
const nsFlags = (f: number) => flagNames(f & ~CLONE_NEWTIME, CLONE_FLAGS, '') + (f & CLONE_NEWTIME ? (f & ~CLONE_NEWTIME ? '|' : '') + 'CLONE_NEWTIME' : '') || '0'

const MOUNT_FLAGS: readonly (readonly [number, string])[] = [
  [1, 'MS_RDONLY'], [2, 'MS_NOSUID'], [4, 'MS_NODEV'], [8, 'MS_NOEXEC'], [32, 'MS_REMOUNT'], [4096, 'MS_BIND'],
  [8192, 'MS_MOVE'], [16384, 'MS_REC'], [1 << 17, 'MS_UNBINDABLE'], [1 << 18, 'MS_PRIVATE'], [1 << 19, 'MS_SLAVE'], [1 << 20, 'MS_SHARED'],
]

const sig = (n: unknown) => signalName(Number(n)) ?? String(n)
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : String(v ?? 0))
const dirfd = (v: unknown) => (v === AT_FDCWD ? 'AT_FDCWD' : num(v))
const strOrNull = (v: unknown, max: number) => (typeof v === 'string' && v !== '' ? qstr(v, max) : 'NULL')
const hex = (n: number) => `0x${n.toString(16)}`

function statStruct(s: Stat): string {
  const type = ({ 0o140000: 'S_IFSOCK', 0o120000: 'S_IFLNK', 0o100000: 'S_IFREG', 0o60000: 'S_IFBLK', 0o40000: 'S_IFDIR', 0o20000: 'S_IFCHR', 0o10000: 'S_IFIFO' } as Record<number, string>)[s.mode & S_IFMT] ?? '0'
  const perm = (s.mode & 0o7777).toString(8).padStart(4, '0')
  const isDev = (s.mode & S_IFMT) === 0o20000 || (s.mode & S_IFMT) === 0o60000
  const dev = isDev ? `st_rdev=makedev(${hex(s.rdev >> 8)}, ${s.rdev & 0xff})` : `st_size=${s.size}`
  return `{st_mode=${type}|${perm}, ${dev}, ...}`
}

/** Signals whose siginfo names a faulting address (strace's printsiginfo: si_addr). */
const FAULTS = new Set([SIG.SIGSEGV, SIG.SIGBUS, SIG.SIGILL, SIG.SIGFPE])

/** A signal-delivery line as strace's print_stopped() writes it: "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---". */
export function signalLine(n: number, i: SigInfo): string {
  const f = [`si_signo=${sig(n)}`, `si_code=${i.code}`]
  if (i.code === 'SI_USER') f.push(`si_pid=${i.pid ?? 0}`, `si_uid=${i.uid ?? 0}`)
  else if (i.code.startsWith('CLD_')) {
    const status = i.code === 'CLD_EXITED' ? String(i.status ?? 0) : sig(i.status)
    f.push(`si_pid=${i.pid ?? 0}`, `si_uid=${i.uid ?? 0}`, `si_status=${status}`, `si_utime=${i.utime ?? 0}`, `si_stime=${i.stime ?? 0}`)
  } else if (FAULTS.has(n)) f.push('si_addr=NULL')
  return `--- ${sig(n)} {${f.join(', ')}} ---`
}

function waitStatus(st: number): string {
  if (WIFEXITED(st)) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${WEXITSTATUS(st)}}]`
  if (WIFSIGNALED(st)) return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${sig(WTERMSIG(st))}${WCOREDUMP(st) ? ' && WCOREDUMP(s)' : ''}}]`
  if (WIFSTOPPED(st)) return `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${sig(WSTOPSIG(st))}}]`
  return `[{WIFCONTINUED(s)}]`
}

function sockaddr(a: unknown): [string, number] {
  const s = a as { family?: string; path?: string; addr?: string; port?: number } | undefined
  if (s?.family === 'unix') return [`{sa_family=AF_UNIX, sun_path=${qstr(s.path ?? '', 108)}}`, 110]
  if (s?.family === 'inet') return [`{sa_family=AF_INET, sin_port=htons(${s.port}), sin_addr=inet_addr("${s.addr}")}`, 16]
  return [PTR, 0]
}

/** strace prints multiples of 1024 as "N*1024" (print_rlim64_t). */
function rlim(v: number): string {
  if (v === Infinity) return 'RLIM64_INFINITY'
  return v > 0 && v % 1024 === 0 ? `${rlim(v / 1024)}*1024` : String(v)
}
const rlimStruct = (r: unknown) => (Array.isArray(r) ? `{rlim_cur=${rlim(Number(r[0]))}, rlim_max=${rlim(Number(r[1]))}}` : 'NULL')

function capSet(v: unknown): string {
  const n = typeof v === 'bigint' ? v : 0n
  const names = CAPS.filter((_, i) => (n >> BigInt(i)) & 1n).map((c) => `1<<CAP_${c}`)
  return names.length ? names.join('|') : '0'
}

const IOCTLS: Record<number, string> = {
  0x5401: 'TCGETS', 0x5402: 'TCSETS', 0x5403: 'TCSETSW', 0x540e: 'TIOCSCTTY', 0x540f: 'TIOCGPGRP', 0x5410: 'TIOCSPGRP',
  0x5413: 'TIOCGWINSZ', 0x5414: 'TIOCSWINSZ', 0x80045430: 'TIOCGPTN', 0x40045431: 'TIOCSPTLCK', 0xae01: 'KVM_CREATE_VM', 0xae80: 'KVM_RUN',
}
const PRCTL: Record<number, string> = {
  1: 'PR_SET_PDEATHSIG', 15: 'PR_SET_NAME', 16: 'PR_GET_NAME', 22: 'PR_SET_SECCOMP', 23: 'PR_CAPBSET_READ', 24: 'PR_CAPBSET_DROP',
  36: 'PR_SET_CHILD_SUBREAPER', 38: 'PR_SET_NO_NEW_PRIVS', 39: 'PR_GET_NO_NEW_PRIVS', 47: 'PR_CAP_AMBIENT',
}
const CLOCKS: Record<number, string> = { 0: 'CLOCK_REALTIME', 1: 'CLOCK_MONOTONIC', 7: 'CLOCK_BOOTTIME' }
const NS_TYPES: Record<number, string> = { 0: '0', 0x20000: 'CLONE_NEWNS', 0x2000000: 'CLONE_NEWCGROUP', 0x4000000: 'CLONE_NEWUTS', 0x8000000: 'CLONE_NEWIPC', 0x10000000: 'CLONE_NEWUSER', 0x20000000: 'CLONE_NEWPID', 0x40000000: 'CLONE_NEWNET', 0x80: 'CLONE_NEWTIME' }
const RTM: Record<string, string> = {
  getlink: 'RTM_GETLINK', newlink: 'RTM_NEWLINK', dellink: 'RTM_DELLINK', setlink: 'RTM_NEWLINK', newaddr: 'RTM_NEWADDR',
  deladdr: 'RTM_DELADDR', getroute: 'RTM_GETROUTE', getroutes: 'RTM_GETROUTE', newroute: 'RTM_NEWROUTE', delroute: 'RTM_DELROUTE',
}

/** The Linux name of a simulator call. */
export function linuxName(nr: string, args: readonly unknown[] = []): string {
  switch (nr) {
    case 'open': return 'openat'
    case 'stat': case 'lstat': case 'fstat': return 'newfstatat'
    case 'getdents': return 'getdents64'
    case 'exit': return 'exit_group'
    case 'sigaction': return 'rt_sigaction'
    case 'prlimit': return 'prlimit64'
    case 'nanosleep': return 'clock_nanosleep'
    case 'accept': return 'accept4'
    case 'rtnl': return 'sendmsg'
    case 'ipc_rmid': return `${String(args[0] ?? 'msg')}ctl`
    default: return nr
  }
}

/** The result as strace prints it after " = ". */
function retText(ret: unknown, fallback: string): string {
  if (typeof ret === 'number' && ret < 0) {
    const name = errnoName(-ret)
    return name ? `-1 ${name} (${strerror(-ret)})` : `-1 ${-ret} (${strerror(-ret)})`
  }
  return fallback
}

/** Decodes a call; `done` false for a call that has not returned yet. */
export function decode(nr: string, args: readonly unknown[], ret: unknown, done: boolean, max: number): Decoded {
  const a = args
  const ok = done && !(typeof ret === 'number' && ret < 0)
  const s = (i: number) => qstr(String(a[i] ?? ''), max)
  const n = (i: number) => num(a[i])
  let r = typeof ret === 'number' ? String(ret) : '0'
  let out: string[]
  let entry: number | undefined
  switch (nr) {
    case 'open': {
      const f = Number(a[2]) | 0
      out = [dirfd(a[0]), s(1), openFlags(f)]
      if (f & O_CREAT) out.push(`0${(Number(a[3]) & 0o7777).toString(8)}`)
      break
    }
    case 'read': {
      entry = 1
      const data = typeof ret === 'string' ? ret : ''
      out = [n(0), ok ? qstr(data, max) : PTR, n(1)]
      if (ok) r = String(data.length)
      break
    }
    case 'write': {
      const data = String(a[1] ?? '')
      out = [n(0), qstr(data, max), String(data.length)]
      break
    }
    case 'stat': case 'lstat': case 'newfstatat': case 'fstat': {
      const st = ok && typeof ret === 'object' && ret ? statStruct(ret as Stat) : PTR
      if (nr === 'fstat') out = [n(0), '""', st, 'AT_EMPTY_PATH']
      else if (nr === 'newfstatat') out = [dirfd(a[0]), s(1), st, flagNames(Number(a[2]) | 0, [[AT_SYMLINK_NOFOLLOW, 'AT_SYMLINK_NOFOLLOW'], [AT_EMPTY_PATH, 'AT_EMPTY_PATH']])]
      else out = ['AT_FDCWD', s(0), st, nr === 'lstat' ? 'AT_SYMLINK_NOFOLLOW' : '0']
      entry = out.length - 2
      if (ok) r = '0'
      break
    }
    case 'getdents': {
      const ents = Array.isArray(ret) ? (ret as { name: string }[]) : undefined
      out = [n(0), ents ? `${PTR} /* ${ents.length} entries */` : PTR, '32768']
      // linux_dirent64: 19 bytes of header, the name and its NUL, 8-byte aligned.
      if (ents) r = String(ents.reduce((sum, e) => sum + ((19 + e.name.length + 1 + 7) & ~7), 0))
      entry = 1
      break
    }
    case 'readlink': case 'readlinkat': {
      const off = nr === 'readlinkat' ? 1 : 0
      out = [...(off ? [dirfd(a[0])] : []), s(off), ok ? qstr(String(ret), max) : PTR, '4096']
      if (ok) r = String(String(ret).length)
      entry = off + 1
      break
    }
    case 'getcwd':
      out = [ok ? qstr(String(ret), max) : PTR, '4096']
      if (ok) r = String(String(ret).length + 1)
      entry = 0
      break
    case 'pipe2': {
      out = [Array.isArray(ret) ? `[${ret.join(', ')}]` : PTR, flagNames(Number(a[0]) | 0, [[O_CLOEXEC, 'O_CLOEXEC'], [O_NONBLOCK, 'O_NONBLOCK']])]
      if (ok) r = '0'
      entry = 0
      break
    }
    case 'fcntl': {
      const cmd = ({ 0: 'F_DUPFD', 1: 'F_GETFD', 2: 'F_SETFD', 3: 'F_GETFL', 4: 'F_SETFL', 1030: 'F_DUPFD_CLOEXEC' } as Record<number, string>)[Number(a[1])] ?? n(1)
      out = [n(0), cmd]
      if (cmd === 'F_SETFD') out.push(Number(a[2]) & FD_CLOEXEC ? 'FD_CLOEXEC' : '0')
      else if (cmd === 'F_SETFL') out.push(openFlags(Number(a[2]) | 0))
      else if (cmd !== 'F_GETFD' && cmd !== 'F_GETFL') out.push(n(2))
      if (ok && cmd === 'F_GETFD') r = Number(ret) & FD_CLOEXEC ? '0x1 (flags FD_CLOEXEC)' : '0'
      break
    }
    // strace prints first and last as unsigned int and names the flags (xlat/close_range_flags.in).
    case 'close_range': out = [String(Number(a[0]) >>> 0), String(Number(a[1]) >>> 0), flagNames(Number(a[2]) | 0, [[CLOSE_RANGE_UNSHARE, 'CLOSE_RANGE_UNSHARE'], [CLOSE_RANGE_CLOEXEC, 'CLOSE_RANGE_CLOEXEC']])]; break
    case 'mkdir': out = [s(0), `0${(Number(a[1]) & 0o7777).toString(8)}`]; break
    case 'chmod': out = [s(0), `0${(Number(a[1]) & 0o7777).toString(8)}`]; break
    case 'access': out = [s(0), flagNames(Number(a[1]) | 0, [[4, 'R_OK'], [2, 'W_OK'], [1, 'X_OK']], 'F_OK')]; break
    case 'mknod': out = [s(0), `0${(Number(a[1]) >>> 0).toString(8)}`, `makedev(${hex(Number(a[2]) >> 8)}, ${Number(a[2]) & 0xff})`]; break
    case 'rmdir': case 'unlink': case 'chdir': case 'chroot': case 'truncate': case 'rename': case 'symlink': case 'link': case 'pivot_root':
    case 'sethostname': case 'setdomainname': case 'chown': {
      out = a.map((v) => (typeof v === 'string' ? qstr(v, max) : num(v)))
      if (nr === 'sethostname' || nr === 'setdomainname') out.push(String(String(a[0] ?? '').length))
      break
    }
    case 'clone': {
      const f = Number(a[0]) | 0
      const base = f === 0 ? 0x1200000 : f // glibc's fork(): CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID
      out = ['child_stack=NULL', `flags=${flagNames(base, CLONE_FLAGS, '')}${base ? '|' : ''}SIGCHLD`]
      if (f === 0) out.push(`child_tidptr=0x7f3a8c1b2a10`)
      break
    }
    case 'execve': {
      const argv = Array.isArray(a[1]) ? (a[1] as unknown[]) : []
      const envc = Array.isArray(a[2]) ? a[2].length : 0
      out = [s(0), `[${argv.map((x) => qstr(String(x), max)).join(', ')}]`, `${PTR} /* ${envc} vars */`]
      break
    }
    case 'exit': out = [n(0)]; r = '?'; break
    case 'wait4': {
      const res = ret as { pid?: number; status?: number } | undefined
      const got = ok && typeof res === 'object' && res !== null && (res.pid ?? 0) > 0
      out = [n(0), got ? waitStatus(res.status ?? 0) : PTR, flagNames(Number(a[1]) | 0, [[1, 'WNOHANG'], [2, 'WSTOPPED'], [8, 'WCONTINUED']]), 'NULL']
      if (ok && typeof res === 'object' && res !== null) r = String(res.pid ?? 0)
      entry = 1
      break
    }
    case 'kill': out = [n(0), sig(a[1])]; break
    case 'sigaction': {
      const disp = (d: unknown) => (d === 'ignore' ? 'SIG_IGN' : d === 'catch' ? '0x5633a1b2c4f0' : 'SIG_DFL')
      const flags = a[1] === 'default' ? '0' : 'SA_RESTORER'
      out = [sig(a[0]), `{sa_handler=${disp(a[1])}, sa_mask=[], sa_flags=${flags}${flags === '0' ? '' : ', sa_restorer=0x7f3a8c242520'}}`,
        ok && typeof ret === 'string' ? `{sa_handler=${disp(ret)}, sa_mask=[], sa_flags=${ret === 'default' ? '0' : 'SA_RESTORER, sa_restorer=0x7f3a8c242520'}}` : 'NULL', '8']
      if (ok) r = '0'
      break
    }
    case 'getresuid': case 'getresgid':
      out = Array.isArray(ret) ? ret.map((x) => `[${x}]`) : [PTR, PTR, PTR]
      r = '0'
      entry = 0
      break
    case 'getgroups': {
      const g = Array.isArray(ret) ? ret : []
      out = ['0', 'NULL']
      r = String(g.length)
      break
    }
    case 'setgroups': {
      const g = Array.isArray(a[0]) ? a[0] : []
      out = [String(g.length), `[${g.join(', ')}]`]
      break
    }
    case 'capget': case 'capset': {
      const c = (nr === 'capget' ? ret : a[0]) as { eff?: bigint; prm?: bigint; inh?: bigint } | undefined
      out = [`{version=_LINUX_CAPABILITY_VERSION_3, pid=${nr === 'capget' ? n(0) : '0'}}`,
        c && typeof c === 'object' ? `{effective=${capSet(c.eff)}, permitted=${capSet(c.prm)}, inheritable=${capSet(c.inh)}}` : PTR]
      if (ok) r = '0'
      entry = 1
      break
    }
    case 'prctl': {
      const opt = Number(a[0])
      const arg2 = opt === 15 ? s(1) : opt === 23 || opt === 24 ? `CAP_${CAPS[Number(a[1])] ?? n(1)}` : opt === 1 ? sig(a[1]) : n(1)
      out = [PRCTL[opt] ?? n(0), arg2]
      if (opt !== 15 && opt !== 16) out.push('0', '0', '0')
      if (ok && opt === 16) { out[1] = qstr(String(ret), max); r = '0' }
      break
    }
    case 'prlimit': {
      const res = RLIMITS[Number(a[1])] ? `RLIMIT_${['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'NPROC', 'NOFILE', 'MEMLOCK', 'AS', 'LOCKS', 'SIGPENDING', 'MSGQUEUE', 'NICE', 'RTPRIO', 'RTTIME'][Number(a[1])]}` : n(1)
      out = [n(0), res, rlimStruct(a[2]), ok ? rlimStruct(ret) : 'NULL']
      if (ok) r = '0'
      entry = 3
      break
    }
    case 'uname': {
      const u = ret as { sysname?: string; nodename?: string } | undefined
      out = [u && typeof u === 'object' ? `{sysname="${u.sysname}", nodename="${u.nodename}", ...}` : PTR]
      r = '0'
      entry = 0
      break
    }
    case 'nanosleep': {
      const ns = Number(a[0]) || 0
      out = ['CLOCK_REALTIME', '0', `{tv_sec=${Math.floor(ns / 1e9)}, tv_nsec=${ns % 1e9}}`, PTR]
      entry = 3
      break
    }
    case 'clock_gettime': {
      const ns = Number(ret) || 0
      out = [CLOCKS[Number(a[0])] ?? n(0), ok ? `{tv_sec=${Math.floor(ns / 1e9)}, tv_nsec=${ns % 1e9}}` : PTR]
      if (ok) r = '0'
      entry = 1
      break
    }
    case 'times': {
      const t = ret as { utime?: number; stime?: number; cutime?: number; cstime?: number } | undefined
      const tick = (v?: number) => Math.floor((v ?? 0) / 1e7)
      out = [t && typeof t === 'object' ? `{tms_utime=${tick(t.utime)}, tms_stime=${tick(t.stime)}, tms_cutime=${tick(t.cutime)}, tms_cstime=${tick(t.cstime)}}` : PTR]
      r = '0'
      entry = 0
      break
    }
    case 'getrandom': {
      const len = Number(a[0]) || 0
      out = [typeof ret === 'string' ? qstr(ret, max) : PTR, String(len), 'GRND_NONBLOCK']
      if (ok) r = String(String(ret).length)
      entry = 0
      break
    }
    case 'sysinfo': out = [`{uptime=..., ...}`]; r = '0'; entry = 0; break
    case 'mmap':
      out = ['NULL', n(0), 'PROT_READ|PROT_WRITE', 'MAP_PRIVATE|MAP_ANONYMOUS', '-1', '0']
      if (ok) r = hex(MMAP_BASE + Number(ret) * 0x21000)
      break
    case 'munmap': out = [hex(MMAP_BASE + (Number(a[0]) || 0) * 0x21000), '?']; break
    case 'brk':
      out = [Number(a[0]) === 0 ? 'NULL' : hex(HEAP + Math.max(0, Number(ret) || 0))]
      if (ok) r = hex(HEAP + (Number(ret) || 0))
      break
    case 'socket': {
      const dom = ({ [AF_UNIX]: 'AF_UNIX', [AF_INET]: 'AF_INET', 16: 'AF_NETLINK' } as Record<number, string>)[Number(a[0])] ?? n(0)
      const t = Number(a[1]) | 0
      const type = ({ 1: 'SOCK_STREAM', 2: 'SOCK_DGRAM', 3: 'SOCK_RAW' } as Record<number, string>)[t & 0xf] ?? String(t & 0xf)
      out = [dom, type + (t & SOCK_CLOEXEC ? '|SOCK_CLOEXEC' : '') + (t & SOCK_NONBLOCK ? '|SOCK_NONBLOCK' : ''), n(2)]
      break
    }
    case 'bind': case 'connect': {
      const [sa, len] = sockaddr(a[1])
      out = [n(0), sa, String(len)]
      break
    }
    case 'accept': out = [n(0), 'NULL', 'NULL', flagNames(Number(a[1]) | 0, [[SOCK_CLOEXEC, 'SOCK_CLOEXEC'], [SOCK_NONBLOCK, 'SOCK_NONBLOCK']])]; entry = 1; break
    case 'getsockname': case 'getpeername': {
      const [sa, len] = ok ? sockaddr(ret) : [PTR, 16]
      out = [n(0), sa, `[${len}]`]
      if (ok) r = '0'
      entry = 1
      break
    }
    case 'shutdown': out = [n(0), ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'][Number(a[1])] ?? n(1)]; break
    case 'listen': out = [n(0), n(1)]; break
    case 'unshare': out = [nsFlags(Number(a[0]) | 0)]; break
    case 'setns': out = [n(0), NS_TYPES[Number(a[1]) | 0] ?? n(1)]; break
    case 'mount':
      out = [strOrNull(a[0], max), s(1), strOrNull(a[2], max), flagNames(Number(a[3]) | 0, MOUNT_FLAGS), strOrNull(a[4], max)]
      break
    case 'umount2': out = [s(0), flagNames(Number(a[1]) | 0, [[1, 'MNT_FORCE'], [2, 'MNT_DETACH'], [4, 'MNT_EXPIRE'], [8, 'UMOUNT_NOFOLLOW']])]; break
    case 'rtnl': {
      const op = String((a[0] as { op?: string } | undefined)?.op ?? '')
      out = ['3', `{msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base={nlmsg_type=${RTM[op] ?? 'RTM_GETLINK'}, ...}, ...}], msg_iovlen=1, msg_controllen=0, msg_flags=0}`, '0']
      if (ok) r = '32'
      break
    }
    case 'ipc_rmid': out = [n(1), 'IPC_RMID', 'NULL']; break
    case 'seccomp': {
      const spec = a[2] as { rules?: unknown[] } | undefined
      const op = ['SECCOMP_SET_MODE_STRICT', 'SECCOMP_SET_MODE_FILTER', 'SECCOMP_GET_ACTION_AVAIL', 'SECCOMP_GET_NOTIF_SIZES'][Number(a[0])] ?? n(0)
      out = [op, n(1), spec && Array.isArray(spec.rules) ? `{len=${spec.rules.length * 4 + 6}, filter=0x5633a1d2e4a0}` : 'NULL']
      break
    }
    case 'ioctl': out = [n(0), IOCTLS[Number(a[1]) >>> 0] ?? hex(Number(a[1]) >>> 0), a[2] === undefined ? '0' : PTR]; break
    case 'fsopen': out = [s(0), Number(a[1]) & 1 ? 'FSOPEN_CLOEXEC' : '0']; break
    case 'fsconfig': {
      const cmd = ['FSCONFIG_SET_FLAG', 'FSCONFIG_SET_STRING', 'FSCONFIG_SET_BINARY', 'FSCONFIG_SET_PATH', 'FSCONFIG_SET_PATH_EMPTY', 'FSCONFIG_SET_FD', 'FSCONFIG_CMD_CREATE', 'FSCONFIG_CMD_RECONFIGURE'][Number(a[1])] ?? n(1)
      out = [n(0), cmd, strOrNull(a[2], max), strOrNull(a[3], max), n(4)]
      break
    }
    case 'ptrace': {
      const req = ({ 0: 'PTRACE_TRACEME', 16: 'PTRACE_ATTACH', 17: 'PTRACE_DETACH', 0x4206: 'PTRACE_SEIZE', 0x420e: 'PTRACE_GET_SYSCALL_INFO' } as Record<number, string>)[Number(a[0])] ?? n(0)
      out = [req, n(1), 'NULL', n(2)]
      if (Array.isArray(ret)) r = '0'
      break
    }
    default:
      out = a.map((v) => (typeof v === 'string' ? qstr(v, max) : typeof v === 'number' ? String(v) : v === undefined ? 'NULL' : PTR))
  }
  return { name: linuxName(nr, a), args: out, entry: Math.min(entry ?? out.length, out.length), ret: done ? retText(ret, r) : '' }
}
