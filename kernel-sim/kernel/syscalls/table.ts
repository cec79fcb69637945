// The syscall table: every call a program can make, its handler and its cost
// in virtual time. This file is the coverage document (gVisor's linux64.go):
// a call missing here returns ENOSYS.
import type { Kpid } from '../../abi/pid.ts'
import { E, SHUT_RDWR, type RawSyscallReq, W_EXITCODE } from '../../abi/index.ts'
import { sysMmap, sysMunmap, sysSbrk } from '../mm.ts'
import { BLOCK, GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { spec, type SyscallTable } from './spec.ts'
import { sysExecve } from '../task/exec.ts'
import { exitTask } from '../task/exit.ts'
import { sysClone } from '../task/fork.ts'
import { sysPtrace } from '../task/ptrace.ts'
import { randomBytes } from '../fs/devices.ts'
import {
  sysClose, sysDup, sysDup3, sysFcntl, sysLseek, sysOpen, sysPipe2, sysRead, sysWrite,
} from './sys-file.ts'
import {
  sysAccess, sysChdir, sysChmod, sysChown, sysChroot, sysFstat, sysGetcwd, sysGetdents, sysLink,
  sysMkdir, sysMknod, sysReadlink, sysRename, sysRmdir, sysStat, sysSymlink, sysTruncate, sysUmask,
  sysUnlink,
} from './sys-fsmeta.ts'
import {
  sysAccept, sysBind, sysConnect, sysGetsockname, sysListen, sysShutdown, sysSocket,
} from './sys-net.ts'
import {
  sysCapset, sysPrctl, sysSetgroups, sysSigaction, sysSigtake, sysSysinfo,
} from './sys-proc.ts'
import { sysIoctl } from './sys-tty.ts'
import { sysFstatat, sysReadlinkat } from './sys-at.ts'
import { sysSyslog } from './sys-log.ts'
import { sysFstatfs, sysStatfs } from '../fs/statfs.ts'
import { SECURITY_SYSCALLS } from '../security/sys-security.ts'
import { IOPORT_SYSCALLS } from '../ioport.ts'
import { SPEC_SYSCALLS } from '../spec-probe.ts'
import { sysNtVersion } from '../personality.ts'
import {
  nsCapget, nsCloneRet, nsClockGettime, nsPrlimit, nsGetgroups, nsGetpgid, nsGetpid, nsGetppid, nsGetresgid, nsGetresuid, nsGetsid, nsKill,
  nsSetpgid, nsSetresid, nsSetsid, nsUname, nsWait4,
} from '../ns/sys-ns.ts'
import { sysSetnsFd } from '../ns/setns-fd.ts'
import { sysUnshare } from '../ns/nsproxy.ts'
import { sysMount, sysUmount } from '../ns/mnt.ts'
import { sysPivotRoot } from '../ns/pivot.ts'
import { sysSetUts } from '../ns/uts.ts'
import { sysRtnl } from '../ns/rtnl.ts'
import { sysIpcGet, sysIpcRmid, sysMsgsnd } from '../ns/svipc.ts'
import { sysFsconfig, sysFsopen } from '../fs/fs-context.ts'
import { sysMemfdCreate } from '../fs/memfd.ts'
import { sysSplice } from '../ipc/splice.ts'
import { sysPoll } from '../fd/poll.ts'
import { sysCloseRange } from '../fd/close-range.ts'

export const SYSCALLS: SyscallTable = {
  open: spec((k, p, a) => sysOpen(k, p, a[0], a[1], a[2] | 0, a[3] ?? 0o666), 600),
  close: spec((k, p, a) => sysClose(k, p, a[0]), 150),
  read: spec((k, p, a) => sysRead(k, p, a[0], a[1] ?? 65536), 250),
  write: spec((k, p, a) => sysWrite(k, p, a[0], a[1]), 250),
  lseek: spec((k, p, a) => sysLseek(k, p, a[0], a[1], a[2])),
  dup: spec((k, p, a) => sysDup(k, p, a[0])),
  dup2: spec((k, p, a) => sysDup3(k, p, a[0], a[1], 0, true)),
  dup3: spec((k, p, a) => sysDup3(k, p, a[0], a[1], a[2] | 0, false)),
  fcntl: spec((k, p, a) => sysFcntl(k, p, a[0], a[1], a[2] ?? 0)),
  close_range: spec((k, p, a) => sysCloseRange(k, p, a[0], a[1], a[2] | 0), 150),
  pipe2: spec((k, p, a) => sysPipe2(k, p, a[0] | 0), 900),
  poll: spec((k, p, a) => sysPoll(k, p, a[0], a[1] < 0 ? -1 : a[1] * 1_000_000), 400), // fd/poll.ts
  ppoll: spec((k, p, a) => sysPoll(k, p, a[0], a[1] === null ? -1 : a[1] < 0 ? NaN : a[1]), 400), // ppoll(2): a negative timespec is EINVAL
  stat: spec((k, p, a) => sysStat(k, p, a[0], true), 400),
  lstat: spec((k, p, a) => sysStat(k, p, a[0], false), 400),
  fstat: spec((k, p, a) => sysFstat(k, p, a[0])),
  getdents: spec((k, p, a) => sysGetdents(k, p, a[0]), 2000),
  mkdir: spec((k, p, a) => sysMkdir(k, p, a[0], a[1] ?? 0o777), 1500),
  rmdir: spec((k, p, a) => sysRmdir(k, p, a[0]), 1500),
  unlink: spec((k, p, a) => sysUnlink(k, p, a[0]), 1500),
  rename: spec((k, p, a) => sysRename(k, p, a[0], a[1]), 2000),
  symlink: spec((k, p, a) => sysSymlink(k, p, a[0], a[1]), 1500),
  link: spec((k, p, a) => sysLink(k, p, a[0], a[1]), 1500),
  readlink: spec((k, p, a) => sysReadlink(k, p, a[0]), 400),
  readlinkat: spec((k, p, a) => sysReadlinkat(k, p, a[0], a[1]), 400),
  newfstatat: spec((k, p, a) => sysFstatat(k, p, a[0], a[1], a[2] | 0), 400),
  chmod: spec((k, p, a) => sysChmod(k, p, a[0], a[1]), 600),
  chown: spec((k, p, a) => sysChown(k, p, a[0], a[1], a[2]), 600),
  truncate: spec((k, p, a) => sysTruncate(k, p, a[0], a[1]), 800),
  statfs: spec((k, p, a) => sysStatfs(k, p, a[0]), 400),
  fstatfs: spec((k, p, a) => sysFstatfs(k, p, a[0])),
  access: spec((k, p, a) => sysAccess(k, p, a[0], a[1] | 0), 400),
  chdir: spec((k, p, a) => sysChdir(k, p, a[0]), 400),
  getcwd: spec((k, p) => sysGetcwd(k, p)),
  chroot: spec((k, p, a) => sysChroot(k, p, a[0]), 600),
  umask: spec((k, p, a) => sysUmask(k, p, a[0])),
  ioctl: spec((k, p, a) => sysIoctl(k, p, a[0], a[1], a[2])),
  mknod: spec((k, p, a) => sysMknod(k, p, a[0], a[1], a[2] | 0), 1500),
  clone: spec((k, p, a) => nsCloneRet(k, p, sysClone(k, p, a[0] | 0, a[1])), 60_000),
  execve: spec((k, p, a) => sysExecve(k, p, a[0], a[1], a[2]), 250_000),
  exit: spec((k, p, a) => (exitTask(k, p, W_EXITCODE(a[0] ?? 0, 0)), GONE), 20_000),
  wait4: spec((k, p, a) => nsWait4(k, p, a[0], a[1] | 0), 500),
  getpid: spec((k, p) => nsGetpid(k, p), 60),
  gettid: spec((k, p) => nsGetpid(k, p), 60),
  getppid: spec((k, p) => nsGetppid(k, p), 60),
  getpgid: spec((k, p, a) => nsGetpgid(k, p, a[0] | 0)),
  setpgid: spec((k, p, a) => nsSetpgid(k, p, a[0] | 0, a[1] | 0)),
  setsid: spec((k, p) => nsSetsid(k, p)),
  getsid: spec((k, p, a) => nsGetsid(k, p, a[0] | 0)),
  kill: spec((k, p, a) => nsKill(k, p, a[0], a[1]), 400),
  sigaction: spec((k, p, a) => sysSigaction(k, p, a[0], a[1])),
  sigtake: spec((k, p) => sysSigtake(k, p)),
  getresuid: spec((k, p) => nsGetresuid(k, p), 60),
  getresgid: spec((k, p) => nsGetresgid(k, p), 60),
  setresuid: spec((k, p, a) => nsSetresid(k, p, [a[0], a[1], a[2]], 'uid')),
  setresgid: spec((k, p, a) => nsSetresid(k, p, [a[0], a[1], a[2]], 'gid')),
  getgroups: spec((k, p) => nsGetgroups(k, p), 60),
  setgroups: spec((k, p, a) => sysSetgroups(k, p, a[0])),
  capget: spec((k, p, a) => nsCapget(k, p, a[0] | 0)),
  capset: spec((k, p, a) => sysCapset(k, p, a[0])),
  prctl: spec((k, p, a) => sysPrctl(k, p, a[0], a[1], a[2])),
  prlimit: spec((k, p, a) => nsPrlimit(k, p, a[0] | 0, a[1], a[2])),
  uname: spec((k, p) => nsUname(k, p)),
  sethostname: spec((k, p, a) => sysSetUts(k, p, a[0], 'hostname')),
  setdomainname: spec((k, p, a) => sysSetUts(k, p, a[0], 'domainname')),
  nanosleep: spec((k, p, a) => sysNanosleep(k, p, a[0])),
  clock_gettime: spec((k, p, a) => nsClockGettime(k, p, a[0]), 30),
  cpu: spec((_k, _p, a) => (Number(a[0]) >= 0 ? 0 : -E.EINVAL), 0),
  sched_yield: spec(() => 0, 100),
  times: spec((k, p) => {
    const t = k.taskOrOops(p)
    return { utime: t.utimeNs, stime: t.stimeNs, cutime: t.cutimeNs ?? 0, cstime: t.cstimeNs ?? 0 }
  }, 60),
  pause: spec((k, p) => k.sched.sleepOn(p, `pause:${p}`, 'do_sys_pause')),
  ptrace: spec((k, p, a) => sysPtrace(k, p, a[0] | 0, a[1] | 0, a[2] | 0), 1_000),
  getrandom: spec((k, _p, a) => randomBytes(k, Math.min(Math.max(0, a[0] | 0), 256))),
  syslog: spec((k, p, a) => sysSyslog(k, p, a[0])),
  sysinfo: spec((k) => sysSysinfo(k)),
  mmap: spec((k, p, a) => sysMmap(k, p, a[0]), 2000),
  munmap: spec((k, p, a) => sysMunmap(k, p, a[0]), 1000),
  brk: spec((k, p, a) => sysSbrk(k, p, Number(a[0])), 300),
  socket: spec((k, p, a) => sysSocket(k, p, a[0], a[1]), 700),
  bind: spec((k, p, a) => sysBind(k, p, a[0], a[1]), 600),
  listen: spec((k, p, a) => sysListen(k, p, a[0], a[1] ?? 128), 400),
  connect: spec((k, p, a) => sysConnect(k, p, a[0], a[1]), 3000),
  accept: spec((k, p, a) => sysAccept(k, p, a[0], a[1] | 0), 1500),
  shutdown: spec((k, p, a) => sysShutdown(k, p, a[0], a[1] ?? SHUT_RDWR)),
  getsockname: spec((k, p, a) => sysGetsockname(k, p, a[0], false)),
  getpeername: spec((k, p, a) => sysGetsockname(k, p, a[0], true)),
  ...SECURITY_SYSCALLS, // kernel/security/sys-security.ts
  ...IOPORT_SYSCALLS, // kernel/ioport.ts
  ...SPEC_SYSCALLS, // kernel/spec-probe.ts
  nt_version: spec((k) => sysNtVersion(k)), // kernel/personality.ts
  unshare: spec((k, p, a) => sysUnshare(k, p, a[0] | 0), 20_000),
  setns: spec((k, p, a) => sysSetnsFd(k, p, a[0], a[1] | 0), 10_000),
  mount: spec((k, p, a) => sysMount(k, p, a[0], a[1], a[2], a[3] | 0, a[4] ?? ''), 10_000),
  umount2: spec((k, p, a) => sysUmount(k, p, a[0], a[1] | 0), 10_000),
  pivot_root: spec((k, p, a) => sysPivotRoot(k, p, a[0], a[1]), 10_000),
  rtnl: spec((k, p, a) => sysRtnl(k, p, a[0]), 5_000),
  msgget: spec((k, p, a) => sysIpcGet(k, p, 'msg', a[0], a[1] | 0, 0), 1_000),
  semget: spec((k, p, a) => sysIpcGet(k, p, 'sem', a[0], a[2] | 0, a[1] | 0), 1_000),
  shmget: spec((k, p, a) => sysIpcGet(k, p, 'shm', a[0], a[2] | 0, a[1] | 0), 1_000),
  ipc_rmid: spec((k, p, a) => sysIpcRmid(k, p, a[0], a[1]), 1_000),
  msgsnd: spec((k, p, a) => sysMsgsnd(k, p, a[0], String(a[1] ?? '')), 1_000),
  splice: spec((k, p, a) => sysSplice(k, p, a[0], a[1] ?? null, a[2], a[3] ?? null, a[4], a[5] | 0), 800),
  memfd_create: spec((k, p, a) => sysMemfdCreate(k, p, a[0], a[1] | 0), 1_000),
  fsopen: spec((k, p, a) => sysFsopen(k, p, a[0], a[1] | 0), 2_000),
  fsconfig: spec((k, p, a) => sysFsconfig(k, p, a[0], a[1], a[2] ?? null, a[3] ?? null, a[4] | 0), 1_500),
}

/** nanosleep(2): sleeps in virtual time; a signal makes it return EINTR. */
function sysNanosleep(k: Kernel, kpid: Kpid, ns: number): number | typeof BLOCK {
  if (!(ns >= 0) || !Number.isFinite(ns)) return -E.EINVAL
  const t = k.taskOrOops(kpid)
  // A retried call finds its timer expired (wakeNs was cleared when it fired).
  const c = k.sched.conts.get(kpid)!
  if (c.retry === undefined && t.wakeNs === -1) {
    if (ns === 0) return 0
    return k.sched.sleepUntil(kpid, k.s.nowNs + ns)
  }
  return 0
}

type AnySpec = { impl: (k: Kernel, kpid: Kpid, a: readonly unknown[]) => unknown; cost: number }

/** The table as a Map: one lookup per syscall (the object literal of ~150 names is a dictionary, and needed hasOwn first). */
const BY_NAME = new Map<string, AnySpec>(Object.entries(SYSCALLS) as [string, unknown][] as [string, AnySpec][])

/** A request's handler and cost, or undefined (ENOSYS) for a name the table lacks. */
export function syscallSpec(req: RawSyscallReq): AnySpec | undefined {
  // The one unchecked step of the typed map: a program may yield any arguments
  // (handlers check what they decode, as Linux checks user pointers).
  return BY_NAME.get(req.nr)
}

