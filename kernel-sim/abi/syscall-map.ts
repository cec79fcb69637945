// The typed system-call map: every syscall's arguments and result, in one
// place, read by both sides of the boundary. The libc wrappers
// (src/libc/syscalls.ts) build requests from it and the kernel's table
// (kernel/syscalls/table.ts, kernel/security/sys-security.ts) decodes them with
// it, so a wrapper and its handler that disagree on an argument's position or
// type no longer compile (test/types/syscall-map.test-d.ts proves it).
//
// To add a syscall:
//   1. Add a line here: `name: (arg: Type, ...) => Result`, with the man page
//      section. Results are what the program receives: >= 0 or data on
//      success, a negative errno on failure (so most are `T | number`).
//   2. Add the handler to SYSCALLS in kernel/syscalls/table.ts (or
//      SECURITY_SYSCALLS): `name: spec((k, p, a) => sysName(k, p, a[0], ...), costNs)`.
//      `a` is typed from this line; the handler may also return BLOCK, GONE
//      or EXECED (kernel/block.ts), which never reach the program.
//   3. Add the wrapper to src/libc/syscalls.ts: `export const name = (...) => call('name', ...)`;
//      its result type comes from here.
// A missing handler fails `tsc` (the table is a total map over SysName).
//
// Pids in arguments and results are plain numbers: user space sees pids of its
// own pid namespace; the kernel turns them into Vpid/Kpid (kernel/ns/pid.ts)
// at the boundary.
import type { RtnlReq } from './rtnl.ts'
import type { TraceEvent } from './ptrace.ts'
import type { PollFd } from './poll.ts'
import type { CapState, Dirent, SigDisposition, SockAddr, Stat, Statfs, Sysinfo, Tms, Utsname, WaitResult } from './syscall.ts'


export interface SyscallMap {
  // files (open(2), read(2), ...)
  open: (dirfd: number, path: string, flags: number, mode: number) => number
  close: (fd: number) => number
  /** '' at end of file. */
  read: (fd: number, count: number) => string | number
  write: (fd: number, data: string) => number
  lseek: (fd: number, offset: number, whence: number) => number
  dup: (fd: number) => number
  dup2: (oldfd: number, newfd: number) => number
  dup3: (oldfd: number, newfd: number, flags: number) => number
  fcntl: (fd: number, cmd: number, arg: number) => number
  /** close_range(2): close (or, with CLOSE_RANGE_CLOEXEC, mark close-on-exec) fds first..last; ~0U is the highest. */
  close_range: (first: number, last: number, flags: number) => number
  /** memfd_create(2): an anonymous file (a tmpfs inode with no name); its fd. */
  memfd_create: (name: string, flags: number) => number
  /** [readFd, writeFd] or -errno. */
  pipe2: (flags: number) => [number, number] | number
  /** poll(2): waits until an fd is ready or `timeoutMs` passes (< 0: no timeout); fills each revents; entries with revents, 0 on timeout. */
  poll: (fds: PollFd[], timeoutMs: number) => number
  /** ppoll(2): poll(2) with a timespec timeout (here nanoseconds; null: none). */
  ppoll: (fds: PollFd[], timeoutNs: number | null) => number
  stat: (path: string) => Stat | number
  lstat: (path: string) => Stat | number
  fstat: (fd: number) => Stat | number
  newfstatat: (dirfd: number, path: string, flags: number) => Stat | number
  getdents: (fd: number) => Dirent[] | number
  mkdir: (path: string, mode: number) => number
  rmdir: (path: string) => number
  unlink: (path: string) => number
  rename: (from: string, to: string) => number
  symlink: (target: string, path: string) => number
  link: (from: string, to: string) => number
  readlink: (path: string) => string | number
  readlinkat: (dirfd: number, path: string) => string | number
  chmod: (path: string, mode: number) => number
  chown: (path: string, uid: number, gid: number) => number
  truncate: (path: string, length: number) => number
  /** statfs(2), fstatfs(2): the filesystem a path or open file is on. */
  statfs: (path: string) => Statfs | number
  fstatfs: (fd: number) => Statfs | number
  access: (path: string, mode: number) => number
  chdir: (path: string) => number
  getcwd: () => string | number
  chroot: (path: string) => number
  umask: (mask: number) => number
  /** Structured arguments and results (termios, winsize, KVM and /dev/mem requests) stand for the pointers. */
  ioctl: (fd: number, request: number, arg?: unknown) => number | string | object
  mknod: (path: string, mode: number, dev: number) => number

  // processes
  /** A JS continuation cannot be copied, so clone(2) takes the child's code (see libc's clone). */
  clone: (flags: number, child: () => Program) => number
  /** Only returns on failure (-errno). */
  execve: (path: string, argv: readonly string[], envp: readonly string[]) => number
  exit: (status: number) => never
  wait4: (pid: number, options: number) => WaitResult | number
  getpid: () => number
  getppid: () => number
  gettid: () => number
  getpgid: (pid: number) => number
  setpgid: (pid: number, pgid: number) => number
  setsid: () => number
  getsid: (pid: number) => number
  kill: (pid: number, sig: number) => number
  /** Returns the previous disposition. */
  sigaction: (sig: number, disp: SigDisposition) => SigDisposition | number
  sigtake: () => number[]
  getresuid: () => [number, number, number]
  getresgid: () => [number, number, number]
  setresuid: (r: number, e: number, s: number) => number
  setresgid: (r: number, e: number, s: number) => number
  getgroups: () => number[]
  setgroups: (groups: number[]) => number
  capget: (pid: number) => CapState | number
  capset: (caps: CapState) => number
  prctl: (option: number, arg2: unknown, arg3?: unknown) => number | string
  /** Sets `next` when given; returns the old [soft, hard] (Infinity = unlimited). */
  prlimit: (pid: number, resource: number, next?: readonly [number, number]) => [number, number] | number
  uname: () => Utsname
  sethostname: (name: string) => number
  setdomainname: (name: string) => number
  nanosleep: (ns: number) => number
  clock_gettime: (clock: number) => number
  /** Burns `ns` of user CPU time (stands for computation). */
  cpu: (ns: number) => number
  sched_yield: () => number
  pause: () => number
  /** ptrace(2) for tracing system calls (kernel/task/ptrace.ts): GET_SYSCALL_INFO on pid -1 returns the stops so far. */
  ptrace: (request: number, pid: number, data: number) => number | TraceEvent[]
  times: () => Tms
  getrandom: (n: number) => string
  syslog: (action: number) => string | number
  sysinfo: () => Sysinfo
  /** Anonymous memory: reserve and touch `bytes`; returns a region id. */
  mmap: (bytes: number) => number
  munmap: (region: number) => number
  /** sbrk(3)'s request: grows (shrinks) the program heap by `increment` bytes; its new size or -ENOMEM (kernel/mm.ts sysSbrk). */
  brk: (increment: number) => number

  // sockets (socket(2), ...)
  socket: (domain: number, type: number, protocol: number) => number
  bind: (fd: number, addr: SockAddr) => number
  listen: (fd: number, backlog: number) => number
  connect: (fd: number, addr: SockAddr) => number
  accept: (fd: number, flags: number) => number
  shutdown: (fd: number, how: number) => number
  getsockname: (fd: number) => SockAddr | number
  getpeername: (fd: number) => SockAddr | number

  // namespaces and mounts (namespaces(7), mount(2))
  unshare: (flags: number) => number
  setns: (fd: number, nstype: number) => number
  mount: (source: string, target: string, fstype: string, flags: number, data: string) => number
  umount2: (target: string, flags: number) => number
  pivot_root: (newRoot: string, putOld: string) => number
  /** ip(8)'s rtnetlink requests (rtnl.ts); the result depends on `op` (links, routes, or 0/-errno). */
  rtnl: (req: RtnlReq) => unknown

  // System V IPC (svipc(7))
  msgget: (key: number, flags: number) => number
  semget: (key: number, nsems: number, flags: number) => number
  shmget: (key: number, size: number, flags: number) => number
  /** msgctl/semctl/shmctl(IPC_RMID). */
  ipc_rmid: (kind: 'msg' | 'sem' | 'shm', id: number) => number
  msgsnd: (id: number, text: string) => number
  /** splice(2): file → pipe (the page-cache page goes into the pipe); bytes moved or -errno. */
  splice: (fdIn: number, offIn: number | null, fdOut: number, offOut: number | null, len: number, flags: number) => number
  // the new mount API (fsopen(2), fsconfig(2))
  fsopen: (fsname: string, flags: number) => number
  fsconfig: (fd: number, cmd: number, key: string | null, value: string | null, aux: number) => number

  // security (kernel/security/sys-security.ts)
  /** seccomp(2): op, flags, and a SeccompFilterSpec (abi/seccomp.ts) or action for the op. */
  seccomp: (op: number, flags: number, arg?: unknown) => number
  /** SIMPLIFICATION: the module image is its name. */
  init_module: (image: string, len?: number, params?: string) => number
  finit_module: (fd: number, params?: string, flags?: number) => number
  delete_module: (name: string, flags?: number) => number
  settimeofday: (ns: number) => number
  clock_settime: (clock: number, ns: number) => number
  reboot: (magic1: number, magic2: number, cmd: number) => number
  kexec_load: (...args: number[]) => number
  bpf: (cmd: number, ...args: unknown[]) => number
  personality: (persona: number) => number
  keyctl: (...args: unknown[]) => number
  add_key: (...args: unknown[]) => number
  request_key: (...args: unknown[]) => number
  // x86 port I/O (ioperm(2), iopl(2), outb(2); kernel/ioport.ts). outb/inb are
  // instructions in C; here they are requests that seccomp does not see.
  ioperm: (from: number, num: number, turnOn: number) => number
  iopl: (level: number) => number
  outb: (value: number, port: number) => number
  inb: (port: number) => number
  /**
   * A speculative load of host-physical `hpa` by the named technique (Spectre v2 branch target
   * injection 'bti', or an L1 terminal fault 'l1tf'), then a flush+reload over 256 cache lines:
   * the index of the one line found hot, or -1 (kernel/spec-probe.ts).
   */
  spec_probe: (technique: 'bti' | 'l1tf', hpa: number) => number
  /** RtlGetVersion() of an NT-personality kernel (kernel/personality.ts); ENOSYS on Linux. */
  nt_version: () => { major: number; minor: number; build: number; revision: number } | number
}

/** Every syscall the kernel dispatches. */
export type SysName = keyof SyscallMap
/** A syscall's arguments, as a (named) tuple. */
export type SysArgs<N extends SysName> = Parameters<SyscallMap[N]>
/** What a syscall returns to the program. */
export type SysRet<N extends SysName> = ReturnType<SyscallMap[N]>

/** One syscall request, typed by its name: what libc yields. */
export type SyscallReq = { [N in SysName]: { readonly nr: N; readonly args: SysArgs<N> } }[SysName]

/**
 * A request as the kernel receives it: a program may yield anything, so the
 * kernel checks what it decodes (as Linux checks user pointers).
 */
export interface RawSyscallReq {
  readonly nr: SysName
  readonly args: readonly unknown[]
}

/** A running program: yields syscalls, receives their results, returns its exit status. */
export type Program = Generator<SyscallReq, number, unknown>

/** A program's entry point, as execve(2) starts it. */
export type ProgramMain = (argv: readonly string[], envp: readonly string[]) => Program

/** Resolves an executable's program name (an inode's `exe`) to its code. Injected by src/. */
export type ProgramRegistry = (name: string) => ProgramMain | undefined
