// The system-call boundary between simulated programs and the kernel.
//
// A program is a generator that yields SyscallReq values and receives each
// call's return value, as a process traps into the kernel (docs/architecture.md,
// "The syscall path"). Like the raw Linux ABI, numeric results >= 0 are success and
// a negative number is -errno. Calls that return data return it as a value
// (read → string, stat → Stat, ...), or a negative errno. Each call's
// arguments and result are typed in syscall-map.ts.

export interface Stat {
  dev: number
  ino: number
  mode: number // S_IF* | permission bits
  nlink: number
  uid: number
  gid: number
  rdev: number
  size: number
  atimeNs: number
  mtimeNs: number
  ctimeNs: number
}

export interface Dirent {
  name: string
  ino: number
  type: 'f' | 'd' | 'l' | 'c' | 'p' | 's' | 'b'
}

export type SockAddr =
  | { family: 'inet'; addr: string; port: number }
  | { family: 'unix'; path: string }

export interface Utsname {
  sysname: string
  nodename: string
  release: string
  version: string
  machine: string
  domainname: string
}

export interface Sysinfo {
  uptimeNs: number
  loads: [number, number, number]
  totalram: number
  freeram: number
  sharedram: number
  bufferram: number
  cached: number
  totalswap: number
  freeswap: number
  procs: number
}

/** struct statfs (statfs(2)): sizes in f_bsize blocks; f_bavail is what an unprivileged user may use. */
export interface Statfs {
  type: number
  bsize: number
  blocks: number
  bfree: number
  bavail: number
  files: number
  ffree: number
  fsid: number
  namelen: number
  frsize: number
  /** ST_* mount flags (statvfs(3)), ST_VALID included. */
  flags: number
}

/** f_type values (linux/magic.h), as statfs(2) lists them. */
export const FS_MAGIC = {
  tmpfs: 0x01021994, proc: 0x9fa0, sysfs: 0x62656572, cgroup2: 0x63677270, cgroup: 0x27e0eb, overlay: 0x794c7630,
  devpts: 0x1cd1, nsfs: 0x6e736673, pipefs: 0x50495045, sockfs: 0x534f434b, anon_inodefs: 0x09041934,
} as const

/** statfs(2) f_flags. */
export const ST_RDONLY = 1, ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_VALID = 0x20, ST_NOATIME = 0x400, ST_RELATIME = 0x1000

/** times(2), in ns rather than clock ticks. */
export interface Tms {
  utime: number
  stime: number
  cutime: number
  cstime: number
}

export interface CapState {
  inh: bigint
  prm: bigint
  eff: bigint
  bnd: bigint
  amb: bigint
}

/** wait4() result: pid 0 with WNOHANG when nothing changed. */
export interface WaitResult {
  pid: number
  status: number // Linux wait status encoding (see libc W* macros)
}

export type SigDisposition = 'default' | 'ignore' | 'catch'

// ioctl requests on terminals (asm-generic/ioctls.h)
export const TCGETS = 0x5401
export const TIOCSCTTY = 0x540e
export const TIOCGPGRP = 0x540f
export const TIOCSPGRP = 0x5410
export const TIOCGWINSZ = 0x5413
export const TIOCSWINSZ = 0x5414

// prctl options (prctl(2))
export const PR_SET_PDEATHSIG = 1
export const PR_SET_NAME = 15
export const PR_GET_NAME = 16
export const PR_CAPBSET_READ = 23
export const PR_CAPBSET_DROP = 24
export const PR_SET_NO_NEW_PRIVS = 38
export const PR_GET_NO_NEW_PRIVS = 39
export const PR_SET_CHILD_SUBREAPER = 36

// syslog(2) actions
export const SYSLOG_ACTION_READ_ALL = 3
export const SYSLOG_ACTION_CLEAR = 5

// clock ids (clock_gettime(2))
export const CLOCK_REALTIME = 0
export const CLOCK_MONOTONIC = 1
export const CLOCK_BOOTTIME = 7
