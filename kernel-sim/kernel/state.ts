// The kernel's state: plain data (docs/architecture.md "How state changes"). Hot tables are
// PMaps (persistent tries, opaque to immer); the coarse, rarely-changed part
// (`coarse`) is updated through immer drafts, one per tick. A committed
// KernelState is an immutable snapshot: keep any number of them.
import type { Kpid, Vpid } from '../abi/pid.ts'
import type { CapSet, Rlimit, SigDisposition, TraceEvent } from '../abi/index.ts'
import type { PMap } from '../base/pmap.ts'
import type { RngState } from '../base/rng.ts'
import type { CgroupTable } from './cgroup/types.ts'
import type { CgroupV1State } from './cgroup/v1/types.ts'
import type { NsRecord } from './ns/types.ts'
import type { LsmTaskState, SeccompState, SecurityState } from './security/types.ts'
import type { OvlMount } from './fs/overlay.ts'
import type { Termios } from '../abi/termios.ts'
import type { ComponentVersions } from '../vulns/versions.ts'

/** The simulated hardware a kernel runs on. */
export interface MachineSpec {
  cpus: number
  memoryBytes: number
  diskBytes: number
  /** Memory the kernel itself holds (text, data, drivers); default 96 MiB + RAM/64. A guest sets it from its image. */
  kernelBytes?: number
  /** This kernel runs in a VM (X86_FEATURE_HYPERVISOR: the hypervisor bit in CPUID). */
  guest?: boolean
  /** 'nt': the windows-like guest's kernel (kernel/personality.ts); absent = Linux. */
  personality?: 'nt'
  /** The kernel command line its boot loader or VMM passed (a guest's, from hypervisor/boot-plan.ts); absent = the host's default. */
  cmdline?: string
  /** The versions of the kernel, runtime, VMM and CPU this machine is built from (vulns/versions.ts); absent = the defaults. */
  versions?: ComponentVersions
}

export interface KernelState {
  /** Tick number: the edit token of the tick that produced this state. */
  tick: number
  /** Virtual time since boot (CLOCK_MONOTONIC), ns. */
  nowNs: number
  rng: RngState
  machine: MachineSpec
  tasks: PMap<Task>
  fdTables: PMap<FdTable>
  /**
   * The system-wide open-file table ("struct file"s); its size is file-nr. A number is a
   * record-less socket held compactly (fd/compact.ts): read it through Kernel.file() or openFiles().
   */
  files: PMap<OpenFile | number>
  inodes: PMap<Inode>
  pipes: PMap<Pipe>
  sockets: PMap<Socket>
  ttys: PMap<Tty>
  /** Loopback TCP port → listening/bound socket id (the inet port space). */
  ports: PMap<number>
  /** Namespace records by nsKey(inode): one immer draft per changed record per tick (Kernel.mutNsRecord). */
  namespaces: PMap<NsRecord>
  /** The page cache: cached pages of disk-backed files, by inode (fs/pagecache.ts). */
  pagecache: PMap<CachedFile>
  counters: Counters
  coarse: Coarse
  /** The cgroup v2 hierarchy (kernel/cgroup/). */
  cgroups: CgroupTable
}

/** Monotonic id allocators and running totals (derivable ones are kept for O(1) reads). */
export interface Counters {
  nextFile: number
  nextIno: number
  nextPipe: number
  nextSocket: number
  nextFdTable: number
  nextTty: number
  /** Last pid handed out; pids are allocated cyclically below pid_max. */
  lastPid: number
  /** Tasks per real uid, for RLIMIT_NPROC. */
  procsByUid: Record<number, number>
  /** Bytes of anonymous memory mapped by all tasks. */
  anonBytes: number
  /** Bytes held by tmpfs files (Shmem in /proc/meminfo). */
  shmemBytes: number
  /** Bytes of disk-backed file data (the disk's content, not memory); absent = 0. */
  diskBytes?: number
  /** Kernel memory of the live namespaces (mm.ts NS_SLAB); absent = 0. */
  nsBytes?: number
  /** Bytes of the page cache (fs/pagecache.ts); absent = 0. */
  pageCacheBytes?: number
  /** Ephemeral ports in use per destination "srcNetns addr:port": port → socket id (net/ephemeral.ts). */
  ephemeral: Record<string, { key: string; ports: PMap<number>; next: number }>
  /** Connections to remote servers that have no socket record yet (net/socket.ts isRemoteConn); absent = 0. */
  remoteConns?: number
  /** Sockets fresh from socket(2) that have no socket record yet (net/socket.ts socketFile); absent = 0. */
  freshSockets?: number
  /** Bytes of program heaps (brk, mm.ts HEAP_REGION) of all tasks: held as real JS data, so bounded (SIM_MAX_HEAP_BYTES); absent = 0. */
  heapBytes?: number
  /** Tasks that exited and wait to be reaped (their memory is already gone); absent = 0. */
  zombies?: number
  forks: number
  ctxSwitches: number
  /** Tasks with a tracer (kernel/task/ptrace.ts); absent = 0. */
  tracees?: number
  /**
   * tmpfs instances by their root directory's inode (fs/shmem.ts); absent = none mounted. A PMap:
   * each container mounts a few (/dev, /dev/shm), and a mount adds one without copying the others.
   */
  tmpfs?: PMap<TmpfsSb>
}

/** A tmpfs instance (struct shmem_sb_info): its limits (tmpfs(5) options) and what is used. */
export interface TmpfsSb {
  /** size= in pages; 0 = no limit. */
  maxBlocks: number
  /** nr_inodes=; 0 = no limit. */
  maxInodes: number
  /** Pages of file data held. */
  blocks: number
  /** Inodes in use, the root included. */
  inodes: number
  /** The root directory's mode=, uid=, gid= as mounted. */
  mode: number
  uid: number
  gid: number
}

/** Settings and tables that change rarely: updated through immer. */
export interface Coarse {
  sysctl: Sysctl
  uts: { hostname: string; domainname: string }
  mounts: Mount[]
  nextMountId: number
  /** Kernel log ring (dmesg), each line already formatted `[    1.234567] msg`. */
  dmesg: string[]
  bootEpochNs: number
  /** One load-average sample per 5 s of virtual time: [1, 5, 15]-minute averages. */
  loadavg: [number, number, number]
  lastLoadNs: number
  /** Last namespace inode number handed out (proc_alloc_inum: above 0xF0000000). */
  lastNsIno: number
  /** Namespaces per "type:creator kuid" (ucounts, /proc/sys/user/max_*_namespaces). */
  nsCounts: Record<string, number>
  /** /proc/sys/user/max_<type>_namespaces, by type. */
  nsMax: Record<string, number>
  /** LSM profiles, audit serial, loaded modules (kernel/security/); absent until first used. */
  security?: SecurityState
  /** cgroup v1 hierarchies (kernel/cgroup/v1/); absent until the first `mount -t cgroup`. */
  cgroupV1?: CgroupV1State
}

export interface Sysctl {
  /** kernel.unprivileged_userns_clone (Debian's patch; absent = 1, its default since bookworm). */
  unprivilegedUsernsClone?: number
  fileMax: number
  nrOpen: number
  pidMax: number
  threadsMax: number
  /** Last value written to vm/drop_caches; absent = 0. */
  dropCaches?: number
  /** kernel/yama/ptrace_scope (Yama.rst: 0 classic, 1 descendants, 2 admin-only, 3 no attach); absent = 0, Debian's default. */
  ptraceScope?: number
}

export interface Mount {
  id: number
  parent: number
  /** Absolute path of the mount point. */
  path: string
  fstype: 'tmpfs' | 'proc' | 'sysfs' | 'devtmpfs' | 'devpts' | 'cgroup2' | 'cgroup' | 'nsfs' | 'overlay'
  source: string
  options: string
  /** Root inode for tmpfs-like mounts (0 for generated filesystems). */
  rootIno: number
  /** proc: the pid namespace of whoever mounted it (pid_namespaces(7)); absent = initial. */
  pidns?: number
  /** A bind mount of a /proc/PID/ns/* file: the namespace it pins (ip netns add). */
  nsIno?: number
  /** Propagation type (mount_namespaces(7)); absent = private. */
  propagation?: 'shared' | 'slave' | 'private' | 'unbindable'
  /** Peer group id for shared mounts (mountinfo "shared:N"). */
  peerGroup?: number
  /** Subdirectory of the source filesystem this mount shows (bind mounts; mountinfo field 4). */
  fsRoot?: string
  /** A bind mount of a directory of a generated filesystem (/proc/sys): its path in that filesystem. */
  genRoot?: string
  /** cgroup2: the cgroup shown as this mount's root, the mounter's cgroup-namespace root (cgroup_namespaces(7)); absent = the root cgroup. */
  cgroupRoot?: number
  /** cgroup (v1): the hierarchy it shows (kernel/cgroup/v1/); its cgroupRoot is then a cgroup of that hierarchy. */
  v1Root?: number
  /** overlay: its upper, work and lower directories (fs/overlay.ts). */
  ovl?: OvlMount
}

export type TaskState = 'R' | 'S' | 'D' | 'T' | 'Z' | 'X'

export interface Cred {
  ruid: number
  euid: number
  suid: number
  fsuid: number
  rgid: number
  egid: number
  sgid: number
  fsgid: number
  groups: number[]
  capInh: CapSet
  capPrm: CapSet
  capEff: CapSet
  capBnd: CapSet
  capAmb: CapSet
  noNewPrivs: boolean
  /**
   * Capabilities held in a non-initial user namespace (user_namespaces(7)): then
   * capInh..capAmb above (the sets that count for global resources) are empty.
   */
  nsCaps?: NsCaps
}

export interface NsCaps {
  userns: number
  inh: CapSet
  prm: CapSet
  eff: CapSet
  bnd: CapSet
  amb: CapSet
}

export interface Task {
  /** Kernel-global id; equals the pid in the initial pid namespace. */
  kpid: Kpid
  tgid: Kpid
  /** Parent's kpid (0 for init). */
  ppid: Kpid
  pgid: Kpid
  /**
   * Set to its own kpid when the task moves out of the process group it leads
   * (setpgid): only then can a group with its id exist without it, which
   * setsid(2) must refuse. Inherited by fork, where it names another pid.
   */
  leftOwnPgrp?: Kpid
  sid: Kpid
  comm: string
  cmdline: string[]
  environ: string[]
  exe: string
  /** The executable's inode and where `exe` names it (mm->exe_file: a reference, not a path; setns and chroot do not move it). */
  exeIno?: number
  exeIn?: { mnt: number; root: string }
  state: TaskState
  /** What a sleeping task waits for (e.g. "pipe_read", "do_wait", "hrtimer_nanosleep"). */
  wchan: string
  /** Wait status once a zombie (sys/wait.h encoding). */
  exitStatus: number
  /** A stop or continue not yet reported to wait4 with WUNTRACED/WCONTINUED. */
  waitReport: 'stopped' | 'continued' | ''
  cred: Cred
  fdTable: number
  cwd: string
  /** Set when cwd lies in another mount namespace or outside `root` (a chdir through a magic link): where `cwd` names it. */
  cwdIn?: { mnt: number; root: string }
  root: string
  umask: number
  rlimits: Rlimit[]
  sigDisp: Record<number, SigDisposition>
  /** Caught signals not yet collected by sigtake(). */
  sigCaught: number[]
  /** Controlling terminal (tty id) or -1. */
  ctty: number
  children: Kpid[]
  /** Children wait4 has something to report about (task/wait-report.ts): zombies, uncollected stops and continues; absent = 0. */
  reportable?: number
  startNs: number
  utimeNs: number
  stimeNs: number
  /** CPU time of reaped children (times(2) tms_cutime/tms_cstime); absent = 0. */
  cutimeNs?: number
  cstimeNs?: number
  /** Anonymous memory mapped by this task (bytes), by region id. */
  mmaps: Record<number, number>
  rssBytes: number
  nextMmap: number
  /** Wake-up time for nanosleep, or -1. */
  wakeNs: number
  minFlt: number
  /** The namespaces this task is in, by inode number (namespaces(7); "nsproxy" in Linux). */
  ns: NsProxy
  /** The cgroup this task belongs to (cgroups(7): exactly one in the v2 hierarchy). */
  cgroup: number
  /** cgroup v1 membership: hierarchy id → cgroup id (kernel/cgroup/v1/); absent or missing = that hierarchy's root. Inherited by fork. */
  cgv1?: Record<number, number>
  /** Pids in nested pid namespaces, levels 1..n (level 0 is kpid); absent in the initial one. */
  nsPids?: Vpid[]
  /** seccomp(2) mode and filters (kernel/security/seccomp.ts); absent = SECCOMP_MODE_DISABLED. */
  seccomp?: SeccompState
  /** LSM confinement (kernel/security/lsm.ts); absent = unconfined. */
  lsm?: LsmTaskState
  /** x86 I/O permissions (kernel/ioport.ts): ports granted by ioperm(2) as [from, to) runs, and iopl(2)'s level; absent = none. */
  io?: { ports: readonly (readonly [number, number])[]; iopl: number }
  /** ptrace(2): this task's tracer and the PTRACE_O_* options it set (kernel/task/ptrace.ts); absent = not traced. */
  ptrace?: { tracer: Kpid; options: number }
  /** A tracer's stops not yet collected (kernel/task/ptrace.ts); absent = none. */
  traceq?: TraceEvent[]
  /** A traced task's signal-delivery-stops held until its current call returns (kernel/task/ptrace.ts); absent = none. */
  traceSigs?: TraceEvent[]
}

export type NsType = 'cgroup' | 'ipc' | 'mnt' | 'net' | 'pid' | 'time' | 'user' | 'uts'

export type { NsProxy } from '../abi/ns-proxy.ts'
import type { NsProxy } from '../abi/ns-proxy.ts'

export interface FdTable {
  id: number
  /** Tasks sharing it (CLONE_FILES). */
  users: number
  /** fd → open file id * 2 + close-on-exec bit. */
  fds: PMap<number>
  /** No fd below this is free (Linux's fdt->next_fd): the search for the lowest free fd starts here. */
  nextFd: number
}

export type FileKind = 'inode' | 'pipe' | 'socket' | 'tty' | 'proc' | 'dev' | 'ptm' | 'fsctx'

export interface OpenFile {
  id: number
  /** fds (in any table) and other holders referring to this open file description. */
  refs: number
  flags: number
  pos: number
  kind: FileKind
  /** inode number, pipe id, socket id or tty id, by kind. */
  obj: number
  /** Path at open time, as /proc/[pid]/fd shows it. */
  path: string
  /** Generated content (procfs), rendered on first read. */
  content?: string
  /** Generated files: the opener's mount namespace and root, in which `path` names the file (gen-io.ts). */
  openedIn?: { mnt: number; root: string }
  /** Directory listing cursor for getdents. */
  dirDone?: boolean
  /** The memory cgroup this file's kernel memory is charged to. */
  memcg?: number
  /** kind 'fsctx': the filesystem context fsopen(2) made (fs/fs-context.ts). */
  fsctx?: FsContext
}

/** struct fs_context as fsconfig(2) fills it (the legacy parser's buffer by its size). */
export interface FsContext {
  fstype: string
  /** The filesystem still parses options with legacy_parse_param(). */
  legacy: boolean
  /** Bytes used in the legacy 4 KiB option buffer (ctx->data_size). */
  size: number
  source?: string
  /** Messages for read(2) on the fd: "e VFS: ...". */
  log: string[]
}

export type InodeType = 'f' | 'd' | 'l' | 'c' | 'p' | 's' | 'b'

export interface Inode {
  ino: number
  type: InodeType
  mode: number // permission bits only
  uid: number
  gid: number
  nlink: number
  atimeNs: number
  mtimeNs: number
  ctimeNs: number
  /** Regular file data, or a symlink's target. */
  data: string
  /**
   * Directory entries: name → ino. A Map, not a plain object: any name is an
   * entry ("constructor", "__proto__"), and copying it on write costs about a
   * tenth of an object's at a thousand entries (/var/lib/docker/overlay2).
   */
  entries: Map<string, number>
  /** Device number (major << 8 | minor) for char/block devices. */
  rdev: number
  /** Bound unix socket id for 's' inodes. */
  sock: number
  /** Extended attributes (only overlayfs's trusted.overlay.* are kept); absent = none. */
  xattr?: Record<string, string>
  /** On the disk-backed root filesystem: a regular file's data is on disk and costs memory only as cached pages (fs/pagecache.ts); absent = tmpfs (Shmem). */
  disk?: boolean
  /** memfd_create(2) files: the F_SEAL_* seals added (fcntl F_ADD_SEALS); absent = not a memfd. */
  seals?: number
  /** The tmpfs instance it belongs to (its root's inode, fs/shmem.ts); absent = the root filesystem, /dev or an internal one. */
  sb?: number
  /** The memory cgroup its tmpfs pages are charged to (the first writer's), and how many bytes; absent = none charged. */
  memcg?: number
  charged?: number
}

/** One file's pages in the page cache (fs/pagecache.ts). */
export interface CachedFile {
  ino: number
  /** Indices of the cached pages (PAGE_SIZE each). */
  pages: Record<number, true>
  nrPages: number
  /** The memory cgroup charged for these pages: the first toucher's. */
  memcg: number
  /** Cached pages whose content differs from the disk without being dirty (CVE-2022-0847), by index; absent = none. */
  modified?: Record<number, string>
}

export interface Pipe {
  id: number
  buf: string
  readers: number
  writers: number
  /** Writes go straight to the host's output channel (stdout/stderr of `isolab sh`). */
  sink: number
  /**
   * The ring of pipe_buffers as far as their flags matter (ipc/pipe.ts, ipc/splice.ts): buffers
   * allocated so far (head), bytes in the newest, PIPE_BUF_FLAG_CAN_MERGE per ring slot (a bit mask),
   * and the page-cache page the newest buffer references after splice(); absent until first written.
   */
  ring?: PipeRing
}

export interface PipeRing {
  head: number
  lastLen: number
  canMerge: number
  /** The newest buffer is a page-cache page (splice from a file): which page, and where its data ends. */
  page?: { ino: number; index: number; end: number }
}

export type SocketState = 'unbound' | 'bound' | 'listening' | 'connecting' | 'connected' | 'closed'

export interface Socket {
  id: number
  domain: number
  type: number
  state: SocketState
  localAddr: string
  localPort: number
  /** Peer socket id when connected. */
  peer: number
  /** Connected sockets waiting for accept() (listening sockets). */
  backlog: number[]
  backlogMax: number
  rx: string
  /** Peer closed its end or shut down writing, or this end shut down reading: reads return EOF once rx is drained. */
  peerClosed: boolean
  /** This end shut down writing (shutdown(2) SHUT_WR): its writes fail with EPIPE; absent = false. */
  wrShut?: boolean
  /** Destination key holding an ephemeral port, or ''. */
  ephemeralDest: string
  /** Open files referring to this socket (0 for accept-pending sockets). */
  files: number
  /** The network namespace whose port table holds its port (set at bind; absent = initial). */
  netns?: number
}

export interface Tty {
  id: number
  /** /dev/pts/N */
  index: number
  /** Complete lines waiting to be read (canonical mode). */
  input: string[]
  /** A pending end-of-file (Ctrl-D on an empty line). */
  eof: boolean
  /** The foreground process group (0: none). */
  fgPgrp: Kpid
  /** The session it is the controlling terminal of (-1: none). */
  sid: Kpid | -1
  cols: number
  rows: number
  /** Host output channel for writes. */
  sink: number
  /** Output after the last newline (the prompt a reader is waiting after). */
  partial: string
  readers: number
  /** termios(3) settings (kernel/n-tty.ts); absent = tty_std_termios. */
  termios?: Termios
  /** The pty(7) pair this terminal is the slave of (kernel/pty.ts); absent for a console. */
  pty?: PtyPair
}

/** A pseudo-terminal pair: the master is an open file of kind 'ptm' whose obj is the slave's tty id. */
export interface PtyPair {
  /** The devpts instance (its root directory inode) holding /dev/pts/N. */
  devpts: number
  /** The slave's inode in that instance (0 once removed). */
  node: number
  /** TIOCSPTLCK: the slave cannot be opened until unlockpt(3). */
  locked: boolean
  /** Written by the slave (after output processing), not yet read from the master. */
  toMaster: string
  /** Canonical mode: the line being edited. */
  line: string
  /** Open files on the slave side. */
  slaveFiles: number
  /** Every slave file was closed after one was opened: master reads give EIO (TTY_OTHER_CLOSED). */
  slaveClosed: boolean
  /** The master was closed: the slave is hung up (reads 0, writes EIO). */
  hungUp: boolean
}
