// Typed wrappers over the raw syscall ABI (kernel-sim/abi/syscall.ts), as glibc
// wraps the kernel's. Each is a generator to call with `yield*`:
//   const fd = yield* open('/etc/hostname', O_RDONLY)   // fd, or -errno
// Nothing here touches kernel state: programs see only syscalls.
import type {
  CapState, Dirent, Program, SigDisposition, SockAddr, Stat, SyscallReq, SysName, Sysinfo, Tms,
  Utsname, WaitResult,
} from '../../kernel-sim/abi/index.ts'
import { AT_FDCWD } from '../../kernel-sim/abi/index.ts'

export type Sys<T> = Generator<SyscallReq, T, unknown>

function* call<T>(nr: SysName, ...args: unknown[]): Sys<T> {
  return (yield { nr, args }) as T
}

// files
export const open = (path: string, flags: number, mode = 0o666) => call<number>('open', AT_FDCWD, path, flags, mode)
export const close = (fd: number) => call<number>('close', fd)
/** Up to `count` bytes; '' at end of file. */
export const read = (fd: number, count = 65536) => call<string | number>('read', fd, count)
export const write = (fd: number, data: string) => call<number>('write', fd, data)
export const lseek = (fd: number, offset: number, whence: number) => call<number>('lseek', fd, offset, whence)
export const dup = (fd: number) => call<number>('dup', fd)
export const dup2 = (oldfd: number, newfd: number) => call<number>('dup2', oldfd, newfd)
export const dup3 = (oldfd: number, newfd: number, flags: number) => call<number>('dup3', oldfd, newfd, flags)
export const fcntl = (fd: number, cmd: number, arg = 0) => call<number>('fcntl', fd, cmd, arg)
/** [readFd, writeFd] or -errno. */
export const pipe2 = (flags = 0) => call<[number, number] | number>('pipe2', flags)
export const stat = (path: string) => call<Stat | number>('stat', path)
export const lstat = (path: string) => call<Stat | number>('lstat', path)
export const fstat = (fd: number) => call<Stat | number>('fstat', fd)
/** fstatat(2) (the newfstatat syscall on x86-64): flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
export const fstatat = (dirfd: number, path: string, flags = 0) => call<Stat | number>('newfstatat', dirfd, path, flags)
export const getdents = (fd: number) => call<Dirent[] | number>('getdents', fd)
export const mkdir = (path: string, mode = 0o777) => call<number>('mkdir', path, mode)
export const rmdir = (path: string) => call<number>('rmdir', path)
export const unlink = (path: string) => call<number>('unlink', path)
export const rename = (from: string, to: string) => call<number>('rename', from, to)
export const symlink = (target: string, path: string) => call<number>('symlink', target, path)
export const link = (from: string, to: string) => call<number>('link', from, to)
export const readlink = (path: string) => call<string | number>('readlink', path)
/** readlinkat(2): `path` relative to the directory open as `dirfd` (or AT_FDCWD). */
export const readlinkat = (dirfd: number, path: string) => call<string | number>('readlinkat', dirfd, path)
export const chmod = (path: string, mode: number) => call<number>('chmod', path, mode)
export const chown = (path: string, uid: number, gid: number) => call<number>('chown', path, uid, gid)
export const truncate = (path: string, length: number) => call<number>('truncate', path, length)
/** access(2) mode bits: R_OK 4, W_OK 2, X_OK 1, F_OK 0. */
export const access = (path: string, mode: number) => call<number>('access', path, mode)
export const chdir = (path: string) => call<number>('chdir', path)
export const getcwd = () => call<string | number>('getcwd')
export const chroot = (path: string) => call<number>('chroot', path)
export const umask = (mask: number) => call<number>('umask', mask)
export const ioctl = (fd: number, request: number, arg?: unknown) => call<number | object>('ioctl', fd, request, arg)
export const mknod = (path: string, mode: number, dev: number) => call<number>('mknod', path, mode, dev)

// processes
/**
 * fork(2)/clone(2). A JS continuation cannot be copied, so the caller passes the
 * child's code: `child` runs in the new task (with copies of the parent's
 * fd table, credentials, limits, cwd ...). Returns the child's pid to the parent.
 */
export const clone = (flags: number, child: () => Program) => call<number>('clone', flags, child)
export const fork = (child: () => Program) => clone(0, child)
/** Only returns on failure (-errno). */
export const execve = (path: string, argv: readonly string[], envp: readonly string[]) => call<number>('execve', path, argv, envp)
export const exit = (status: number) => call<never>('exit', status)
export const wait4 = (pid: number, options = 0) => call<WaitResult | number>('wait4', pid, options)
export const getpid = () => call<number>('getpid')
export const getppid = () => call<number>('getppid')
export const gettid = () => call<number>('gettid')
export const getpgid = (pid = 0) => call<number>('getpgid', pid)
export const setpgid = (pid: number, pgid: number) => call<number>('setpgid', pid, pgid)
export const setsid = () => call<number>('setsid')
export const getsid = (pid = 0) => call<number>('getsid', pid)
export const kill = (pid: number, sig: number) => call<number>('kill', pid, sig)
/** Sets a disposition; returns the previous one. 'catch' queues the signal for sigtake(). */
export const sigaction = (sig: number, disp: SigDisposition) => call<SigDisposition | number>('sigaction', sig, disp)
/** Caught signals delivered since the last call (a simplified handler model). */
export const sigtake = () => call<number[]>('sigtake')
export const getresuid = () => call<[number, number, number]>('getresuid')
export const getresgid = () => call<[number, number, number]>('getresgid')
export const setresuid = (r: number, e: number, s: number) => call<number>('setresuid', r, e, s)
export const setresgid = (r: number, e: number, s: number) => call<number>('setresgid', r, e, s)
export const getgroups = () => call<number[]>('getgroups')
export const setgroups = (groups: number[]) => call<number>('setgroups', groups)
export const capget = (pid = 0) => call<CapState | number>('capget', pid)
export const capset = (caps: CapState) => call<number>('capset', caps)
export const prctl = (option: number, arg2: unknown = 0) => call<number | string>('prctl', option, arg2)
/** prlimit64(2): sets `next` when given; returns the old [soft, hard] (Infinity = unlimited). */
export const prlimit = (pid: number, resource: number, next?: readonly [number, number]) =>
  call<[number, number] | number>('prlimit', pid, resource, next)
export const uname = () => call<Utsname>('uname')
export const sethostname = (name: string) => call<number>('sethostname', name)
export const setdomainname = (name: string) => call<number>('setdomainname', name)
export const nanosleep = (ns: number) => call<number>('nanosleep', ns)
export const clockGettime = (clock: number) => call<number>('clock_gettime', clock)
/** Burn `ns` of CPU time in user mode (stands for computation; see SIMPLIFICATION in sched.ts). */
export const cpu = (ns: number) => call<number>('cpu', ns)
export const schedYield = () => call<number>('sched_yield')
/** times(2): this process's and its reaped children's CPU time, in ns. */
export const times = () => call<Tms>('times')
/** pause(2): sleep until a signal arrives; returns -EINTR. */
export const pause = () => call<number>('pause')
export const getrandom = (n: number) => call<string>('getrandom', n)
export const syslog = (action: number) => call<string | number>('syslog', action)
export const sysinfo = () => call<Sysinfo>('sysinfo')
/** Anonymous memory: reserve and touch `bytes`; returns a region id. */
export const mmap = (bytes: number) => call<number>('mmap', bytes)
export const munmap = (region: number) => call<number>('munmap', region)

// sockets
export const socket = (domain: number, type: number, protocol = 0) => call<number>('socket', domain, type, protocol)
export const bind = (fd: number, addr: SockAddr) => call<number>('bind', fd, addr)
export const listen = (fd: number, backlog = 128) => call<number>('listen', fd, backlog)
export const connect = (fd: number, addr: SockAddr) => call<number>('connect', fd, addr)
export const accept = (fd: number, flags = 0) => call<number>('accept', fd, flags)
export const shutdown = (fd: number, how: number) => call<number>('shutdown', fd, how)
export const getsockname = (fd: number) => call<SockAddr | number>('getsockname', fd)
export const getpeername = (fd: number) => call<SockAddr | number>('getpeername', fd)

// namespaces and mounts (namespaces(7), mount(2))
export const unshare = (flags: number) => call<number>('unshare', flags)
/** setns(2): fd of a /proc/PID/ns/* file (or a bind mount of one); nstype 0 or a CLONE_NEW* flag. */
export const setns = (fd: number, nstype = 0) => call<number>('setns', fd, nstype)
export const mount = (source: string, target: string, fstype: string, flags = 0, data = '') => call<number>('mount', source, target, fstype, flags, data)
export const umount2 = (target: string, flags = 0) => call<number>('umount2', target, flags)
export const pivotRoot = (newRoot: string, putOld: string) => call<number>('pivot_root', newRoot, putOld)
/** ip(8)'s rtnetlink requests (SIMPLIFICATION: structured, see kernel-sim/kernel/ns/rtnl.ts). */
export const rtnl = <T = number>(req: Record<string, unknown>) => call<T | number>('rtnl', req)

// System V IPC (svipc(7)): key 0 is IPC_PRIVATE; flags IPC_CREAT 0o1000, IPC_EXCL 0o2000 | mode
export const msgget = (key: number, flags: number) => call<number>('msgget', key, flags)
export const semget = (key: number, nsems: number, flags: number) => call<number>('semget', key, nsems, flags)
export const shmget = (key: number, size: number, flags: number) => call<number>('shmget', key, size, flags)
/** msgctl/semctl/shmctl(IPC_RMID). */
export const ipcRmid = (kind: 'msg' | 'sem' | 'shm', id: number) => call<number>('ipc_rmid', kind, id)
export const msgsnd = (id: number, text: string) => call<number>('msgsnd', id, text)

export type { CapState, Dirent, Program, SockAddr, Stat, Sysinfo, Utsname, WaitResult }
