// Resource limits (getrlimit(2)) with the names /proc/[pid]/limits prints (proc_pid_limits(5)).
export const RLIM_INFINITY = Number.POSITIVE_INFINITY

export const RLIMITS = [
  // [resource number, /proc/[pid]/limits name, units]
  [0, 'Max cpu time', 'seconds'],
  [1, 'Max file size', 'bytes'],
  [2, 'Max data size', 'bytes'],
  [3, 'Max stack size', 'bytes'],
  [4, 'Max core file size', 'bytes'],
  [5, 'Max resident set', 'bytes'],
  [6, 'Max processes', 'processes'],
  [7, 'Max open files', 'files'],
  [8, 'Max locked memory', 'bytes'],
  [9, 'Max address space', 'bytes'],
  [10, 'Max file locks', 'locks'],
  [11, 'Max pending signals', 'signals'],
  [12, 'Max msgqueue size', 'bytes'],
  [13, 'Max nice priority', ''],
  [14, 'Max realtime priority', ''],
  [15, 'Max realtime timeout', 'us'],
] as const

export const RLIMIT_CPU = 0
export const RLIMIT_FSIZE = 1
export const RLIMIT_DATA = 2
export const RLIMIT_STACK = 3
export const RLIMIT_CORE = 4
export const RLIMIT_RSS = 5
export const RLIMIT_NPROC = 6
export const RLIMIT_NOFILE = 7
export const RLIMIT_MEMLOCK = 8
export const RLIMIT_AS = 9
export const RLIM_NLIMITS = 16

/** [soft, hard]; Infinity is RLIM_INFINITY ("unlimited"). */
export type Rlimit = readonly [soft: number, hard: number]
