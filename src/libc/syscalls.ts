// Typed wrappers over the raw syscall ABI (kernel-sim/abi/syscall.ts), as glibc
// wraps the kernel's. Each is a generator to call with `yield*`:
//   const fd = yield* open('/etc/hostname', O_RDONLY)   // fd, or -errno
// Nothing here touches kernel state: programs see only syscalls.
import type {
  CapState, Dirent, PollFd, Program, RtnlReq, SigDisposition, SockAddr, Stat, SyscallReq, SysArgs, SysName, SysRet,
  Sysinfo, Utsname, WaitResult,
} from '../../kernel-sim/abi/index.ts'
import { AT_FDCWD } from '../../kernel-sim/abi/index.ts'

export type Sys<T> = Generator<SyscallReq, T, unknown>

/**
 * One syscall, typed by the map in kernel-sim/abi/syscall-map.ts: arguments that
 * do not match the kernel's handler fail to compile. The kernel's answer comes
 * back through the generator protocol untyped, hence the one cast.
 */
function call<N extends SysName>(nr: N, ...args: SysArgs<N>): Sys<SysRet<N>> {
  return new OneCall<SysRet<N>>({ nr, args } as SyscallReq)
}

/**
 * What `function* (){ return yield req }` does, as a plain iterator: it yields
 * the request once, then returns the kernel's answer. Every syscall of every
 * program passes through here, and a generator object per call was the
 * largest share of the JS heap's garbage in a flood of a million connections.
 *
 * Both results are one plain `{ value, done }` (the request, then the answer):
 * `yield*` passes a pending result up the chain of generators unread
 * (ECMA-262 GeneratorYield(innerResult)), so every generator above a syscall
 * sees it, and V8 gives a plain `{ value, done }` the shape of a generator's
 * own results. A result of another shape (this object itself, as it once was)
 * deoptimized each `yield*` that had only seen generators' results, frame by
 * frame up to the kernel: the first command substitution after a loop of
 * builtins threw away the shell's optimized code. A caller may keep a result
 * and read it after later calls (runtime/steps.ts does), so it is not shared.
 */
class OneCall<T> implements Sys<T> {
  private readonly res: { value: unknown; done: boolean }
  private asked = false
  constructor(req: SyscallReq) {
    this.res = { value: req, done: false }
  }

  next(answer?: unknown): IteratorResult<SyscallReq, T> {
    if (this.asked) return this.finish(answer)
    this.asked = true // the first next() yields the request
    return this.res as IteratorResult<SyscallReq, T>
  }

  return(v: T): IteratorResult<SyscallReq, T> {
    return this.finish(v)
  }

  throw(e: unknown): IteratorResult<SyscallReq, T> {
    this.finish(undefined)
    throw e
  }

  [Symbol.iterator](): Sys<T> {
    return this
  }

  private finish(v: unknown): IteratorResult<SyscallReq, T> {
    this.res.done = true
    this.res.value = v
    return this.res as IteratorResult<SyscallReq, T>
  }
}

// files
export const open = (path: string, flags: number, mode = 0o666) => call('open', AT_FDCWD, path, flags, mode)
export const close = (fd: number) => call('close', fd)
/** poll(2): fills each entry's revents; the number of ready entries, 0 on timeout, or -errno. */
export const poll = (fds: PollFd[], timeoutMs: number) => call('poll', fds, timeoutMs)
export const ppoll = (fds: PollFd[], timeoutNs: number | null) => call('ppoll', fds, timeoutNs)
export const memfdCreate = (name: string, flags: number) => call('memfd_create', name, flags)
/** Up to `count` bytes; '' at end of file. */
export const read = (fd: number, count = 65536) => call('read', fd, count)
export const write = (fd: number, data: string) => call('write', fd, data)
export const lseek = (fd: number, offset: number, whence: number) => call('lseek', fd, offset, whence)
export const dup = (fd: number) => call('dup', fd)
export const dup2 = (oldfd: number, newfd: number) => call('dup2', oldfd, newfd)
export const dup3 = (oldfd: number, newfd: number, flags: number) => call('dup3', oldfd, newfd, flags)
export const fcntl = (fd: number, cmd: number, arg = 0) => call('fcntl', fd, cmd, arg)
export const closeRange = (first: number, last: number, flags = 0) => call('close_range', first, last, flags)
/** [readFd, writeFd] or -errno. */
export const pipe2 = (flags = 0) => call('pipe2', flags)
export const stat = (path: string) => call('stat', path)
export const lstat = (path: string) => call('lstat', path)
export const fstat = (fd: number) => call('fstat', fd)
/** fstatat(2) (the newfstatat syscall on x86-64): flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
export const fstatat = (dirfd: number, path: string, flags = 0) => call('newfstatat', dirfd, path, flags)
export const getdents = (fd: number) => call('getdents', fd)
export const mkdir = (path: string, mode = 0o777) => call('mkdir', path, mode)
export const rmdir = (path: string) => call('rmdir', path)
export const unlink = (path: string) => call('unlink', path)
export const rename = (from: string, to: string) => call('rename', from, to)
export const symlink = (target: string, path: string) => call('symlink', target, path)
export const link = (from: string, to: string) => call('link', from, to)
export const readlink = (path: string) => call('readlink', path)
/** readlinkat(2): `path` relative to the directory open as `dirfd` (or AT_FDCWD). */
export const readlinkat = (dirfd: number, path: string) => call('readlinkat', dirfd, path)
export const chmod = (path: string, mode: number) => call('chmod', path, mode)
export const chown = (path: string, uid: number, gid: number) => call('chown', path, uid, gid)
export const truncate = (path: string, length: number) => call('truncate', path, length)
export const statfs = (path: string) => call('statfs', path)
export const fstatfs = (fd: number) => call('fstatfs', fd)
/** access(2) mode bits: R_OK 4, W_OK 2, X_OK 1, F_OK 0. */
export const access = (path: string, mode: number) => call('access', path, mode)
export const chdir = (path: string) => call('chdir', path)
export const getcwd = () => call('getcwd')
export const chroot = (path: string) => call('chroot', path)
export const umask = (mask: number) => call('umask', mask)
export const ioctl = (fd: number, request: number, arg?: unknown) => call('ioctl', fd, request, arg)
export const mknod = (path: string, mode: number, dev: number) => call('mknod', path, mode, dev)

// processes
/**
 * fork(2)/clone(2). A JS continuation cannot be copied, so the caller passes the
 * child's code: `child` runs in the new task (with copies of the parent's
 * fd table, credentials, limits, cwd ...). Returns the child's pid to the parent.
 */
export const clone = (flags: number, child: () => Program) => call('clone', flags, child)
export const fork = (child: () => Program) => clone(0, child)
/** Only returns on failure (-errno). */
export const execve = (path: string, argv: readonly string[], envp: readonly string[]) => call('execve', path, argv, envp)
export const exit = (status: number) => call('exit', status)
export const wait4 = (pid: number, options = 0) => call('wait4', pid, options)
export const getpid = () => call('getpid')
export const getppid = () => call('getppid')
export const gettid = () => call('gettid')
export const getpgid = (pid = 0) => call('getpgid', pid)
export const setpgid = (pid: number, pgid: number) => call('setpgid', pid, pgid)
export const setsid = () => call('setsid')
export const getsid = (pid = 0) => call('getsid', pid)
export const kill = (pid: number, sig: number) => call('kill', pid, sig)
/** Sets a disposition; returns the previous one. 'catch' queues the signal for sigtake(). */
export const sigaction = (sig: number, disp: SigDisposition) => call('sigaction', sig, disp)
/** Caught signals delivered since the last call (a simplified handler model). */
export const sigtake = () => call('sigtake')
/** ptrace(2) (kernel/task/ptrace.ts); GET_SYSCALL_INFO with pid -1 returns the tracees' stops so far. */
export const ptrace = (request: number, pid: number, data = 0) => call('ptrace', request, pid, data)
export const getresuid = () => call('getresuid')
export const getresgid = () => call('getresgid')
export const setresuid = (r: number, e: number, s: number) => call('setresuid', r, e, s)
export const setresgid = (r: number, e: number, s: number) => call('setresgid', r, e, s)
export const getgroups = () => call('getgroups')
export const setgroups = (groups: number[]) => call('setgroups', groups)
export const capget = (pid = 0) => call('capget', pid)
export const capset = (caps: CapState) => call('capset', caps)
export const prctl = (option: number, arg2: unknown = 0) => call('prctl', option, arg2)
/** prlimit64(2): sets `next` when given; returns the old [soft, hard] (Infinity = unlimited). */
export const prlimit = (pid: number, resource: number, next?: readonly [number, number]) =>
  call('prlimit', pid, resource, next)
export const uname = () => call('uname')
export const sethostname = (name: string) => call('sethostname', name)
export const setdomainname = (name: string) => call('setdomainname', name)
export const nanosleep = (ns: number) => call('nanosleep', ns)
export const clockGettime = (clock: number) => call('clock_gettime', clock)
/** Burn `ns` of CPU time in user mode (stands for computation; see SIMPLIFICATION in sched.ts). */
export const cpu = (ns: number) => call('cpu', ns)
export const schedYield = () => call('sched_yield')
/** times(2): this process's and its reaped children's CPU time, in ns. */
export const times = () => call('times')
/** pause(2): sleep until a signal arrives; returns -EINTR. */
export const pause = () => call('pause')
export const getrandom = (n: number) => call('getrandom', n)
export const syslog = (action: number) => call('syslog', action)
export const sysinfo = () => call('sysinfo')
/** Anonymous memory: reserve and touch `bytes`; returns a region id. */
export const mmap = (bytes: number) => call('mmap', bytes)
export const munmap = (region: number) => call('munmap', region)

// sockets
export const socket = (domain: number, type: number, protocol = 0) => call('socket', domain, type, protocol)
export const bind = (fd: number, addr: SockAddr) => call('bind', fd, addr)
export const listen = (fd: number, backlog = 128) => call('listen', fd, backlog)
export const connect = (fd: number, addr: SockAddr) => call('connect', fd, addr)
export const accept = (fd: number, flags = 0) => call('accept', fd, flags)
export const shutdown = (fd: number, how: number) => call('shutdown', fd, how)
export const getsockname = (fd: number) => call('getsockname', fd)
export const getpeername = (fd: number) => call('getpeername', fd)

// namespaces and mounts (namespaces(7), mount(2))
export const unshare = (flags: number) => call('unshare', flags)
/** setns(2): fd of a /proc/PID/ns/* file (or a bind mount of one); nstype 0 or a CLONE_NEW* flag. */
export const setns = (fd: number, nstype = 0) => call('setns', fd, nstype)
export const mount = (source: string, target: string, fstype: string, flags = 0, data = '') => call('mount', source, target, fstype, flags, data)
export const umount2 = (target: string, flags = 0) => call('umount2', target, flags)
export const pivotRoot = (newRoot: string, putOld: string) => call('pivot_root', newRoot, putOld)
/** ip(8)'s rtnetlink requests (SIMPLIFICATION: structured, see kernel-sim/kernel/ns/rtnl.ts). */
export const rtnl = <T = number>(req: RtnlReq) => call('rtnl', req) as Sys<T | number>

// System V IPC (svipc(7)): key 0 is IPC_PRIVATE; flags IPC_CREAT 0o1000, IPC_EXCL 0o2000 | mode
export const msgget = (key: number, flags: number) => call('msgget', key, flags)
export const semget = (key: number, nsems: number, flags: number) => call('semget', key, nsems, flags)
export const shmget = (key: number, size: number, flags: number) => call('shmget', key, size, flags)
/** msgctl/semctl/shmctl(IPC_RMID). */
export const ipcRmid = (kind: 'msg' | 'sem' | 'shm', id: number) => call('ipc_rmid', kind, id)
export const msgsnd = (id: number, text: string) => call('msgsnd', id, text)
export const splice = (fdIn: number, offIn: number | null, fdOut: number, offOut: number | null, len: number, flags = 0) => call('splice', fdIn, offIn, fdOut, offOut, len, flags)
export const fsopen = (fsname: string, flags = 0) => call('fsopen', fsname, flags)
export const fsconfig = (fd: number, cmd: number, key: string | null, value: string | null, aux = 0) => call('fsconfig', fd, cmd, key, value, aux)

// security (seccomp(2))
/** seccomp(2): SECCOMP_SET_MODE_FILTER takes a SeccompFilterSpec (abi/seccomp.ts) that the kernel compiles. */
export const seccomp = (op: number, flags: number, arg?: unknown) => call('seccomp', op, flags, arg)

// x86 port I/O (<sys/io.h>): outb/inb are instructions in C, requests here
export const ioperm = (from: number, num: number, turnOn: number) => call('ioperm', from, num, turnOn)
export const iopl = (level: number) => call('iopl', level)
export const outb = (value: number, port: number) => call('outb', value, port)
export const inb = (port: number) => call('inb', port)
/** A speculative load + flush+reload round (kernel/spec-probe.ts): the hot line's index, or -1. */
export const specProbe = (technique: 'bti' | 'l1tf', hpa: number) => call('spec_probe', technique, hpa)
/** RtlGetVersion() on an NT kernel (the windows-like guest); ENOSYS on Linux. */
export const ntVersion = () => call('nt_version')

export type { CapState, Dirent, Program, SockAddr, Stat, Sysinfo, Utsname, WaitResult }
