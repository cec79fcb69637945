// The cgroup v2 hierarchy's records (Documentation/admin-guide/cgroup-v2.rst).
// One row per cgroup, held in the state's cgroup table (a PMap by id, opaque to
// immer, copied on write like tasks). Scalars are flat fields so a charge
// copies one small object; the keyed tables (memory.stat, io.stat) are
// replaced as a whole when they change.

/** "max": no limit (cgroup-v2.rst "Limits ... [0, max], defaults to max"). */
export const MAX = Number.MAX_SAFE_INTEGER

/** The controllers this kernel has, in the kernel's subsystem order (cgroup_subsys.h: cpuset cpu io memory hugetlb pids rdma misc). */
export const CONTROLLERS = ['cpu', 'io', 'memory', 'pids'] as const
export type Controller = (typeof CONTROLLERS)[number]
/** Threaded controllers (cgroup-v2.rst "Threaded mode"): cpu, cpuset, perf_event, pids. The rest are domain controllers. */
export const THREADED = new Set<Controller>(['cpu', 'pids'])

/** memory.stat, by charge type (bytes). */
export interface MemStat {
  anon: number
  file: number
  kernelStack: number
  slab: number
  sock: number
  shmem: number
}
export type MemKind = keyof MemStat

/** memory.events keys, in __memory_events_show() order. */
export interface MemEvents {
  low: number
  high: number
  max: number
  oom: number
  oomKill: number
  oomGroupKill: number
}

/** io.max for one device: bytes or ios per second, MAX for none. */
export interface IoLimit {
  rbps: number
  wbps: number
  riops: number
  wiops: number
}

/** io.stat for one device. */
export interface IoStat {
  rbytes: number
  wbytes: number
  rios: number
  wios: number
}

export interface Cgroup {
  id: number
  /** Parent id, -1 for the root. */
  parent: number
  name: string
  /** Path from the hierarchy root: "/" or "/a/b". */
  path: string
  level: number
  /**
   * Child cgroups by name. A Map: its copy (once per tick, when a child comes or goes) is a
   * native copy; an object of a thousand names (system.slice's container scopes) is copied key by key.
   */
  children: Map<string, number>
  /** rmdir'ed while a zombie still pins it (its pids charge): "(deleted)" in /proc/PID/cgroup. */
  dead: boolean
  /** cgroup.subtree_control, in CONTROLLERS order. */
  subtreeControl: Controller[]
  /** cgroup.type "threaded" was written. */
  threaded: boolean
  /** Live threaded children (struct cgroup's nr_threaded_children): a domain with any is a thread root, read without a walk over the children. */
  nrThreadedChildren: number
  maxDepth: number
  maxDescendants: number
  nrDescendants: number
  /** Removed descendants still pinned by charges (cgroup.stat nr_dying_descendants). */
  nrDying: number
  /** Live (non-zombie) tasks that are members of this very cgroup. */
  nrProcs: number
  /** Live tasks in the subtree: cgroup.events "populated". */
  nrPopulated: number
  /** cgroup.freeze was set here (the subtree is frozen if any ancestor has it). */
  freeze: boolean

  // pids controller (kernel/cgroup/pids.c): tasks in the subtree, zombies until reaped.
  pidsMax: number
  pidsCurrent: number
  pidsPeak: number
  /** pids.events "max": times a fork hit this cgroup's limit (hierarchical). */
  pidsEvents: number
  /** Forks from this cgroup that failed on a pids limit (logged the first time). */
  pidsForkFail: number

  // memory controller (mm/memcontrol.c, mm/page_counter.c)
  memMax: number
  memHigh: number
  memLow: number
  memMin: number
  memCurrent: number
  memPeak: number
  memOomGroup: boolean
  /** memory.swap.max / memory.swap.high: stored and shown, never reached (SIMPLIFICATION: the machine has no swap device). */
  memSwapMax: number
  memSwapHigh: number
  memStat: MemStat
  memEvents: MemEvents
  memEventsLocal: MemEvents

  // cpu controller (kernel/sched/core.c, fair.c: CFS bandwidth)
  cpuWeight: number
  /** cpu.max quota per period, µs·1000 = ns; MAX = no limit. */
  cpuQuotaNs: number
  cpuPeriodNs: number
  cpuUsageNs: number
  cpuUserNs: number
  cpuSystemNs: number
  cpuNrPeriods: number
  cpuNrThrottled: number
  cpuThrottledNs: number
  /** Start of the current bandwidth period and the runtime used in it. */
  cpuPeriodStart: number
  cpuPeriodUsed: number
  /** Throttled until this virtual time (-1 when running). */
  cpuThrottledUntil: number

  // io controller (block/blk-throttle.c, blk-cgroup.c)
  ioWeight: number
  /** io.max by "MAJ:MIN". */
  ioMax: Record<string, IoLimit>
  /** io.stat by "MAJ:MIN" (hierarchical). */
  ioStat: Record<string, IoStat>
  /** blk-throttle dispatch clocks by "MAJ:MIN:r|w": the earliest time the next bio may go. */
  ioNext: Record<string, number>
}

export const ZERO_STAT: MemStat = { anon: 0, file: 0, kernelStack: 0, slab: 0, sock: 0, shmem: 0 }
export const ZERO_EVENTS: MemEvents = { low: 0, high: 0, max: 0, oom: 0, oomKill: 0, oomGroupKill: 0 }

/** The state's cgroup table. */
export interface CgroupTable {
  rows: import('../../base/pmap.ts').PMap<Cgroup>
  nextId: number
  /** The shared disk's queue: when it finishes the work already given to it (virtual ns). */
  diskBusyNs: number
}

/** Default settings of a new cgroup (cgroup-v2.rst defaults: limits max, weights 100, protections 0). */
export function newCgroupRow(id: number, parent: Cgroup | undefined, name: string): Cgroup {
  return {
    id, parent: parent ? parent.id : -1, name,
    path: !parent ? '/' : parent.path === '/' ? '/' + name : parent.path + '/' + name,
    level: parent ? parent.level + 1 : 0,
    children: new Map(), dead: false, subtreeControl: [], threaded: false, nrThreadedChildren: 0,
    maxDepth: MAX, maxDescendants: MAX, nrDescendants: 0, nrDying: 0, nrProcs: 0, nrPopulated: 0, freeze: false,
    pidsMax: MAX, pidsCurrent: 0, pidsPeak: 0, pidsEvents: 0, pidsForkFail: 0,
    memMax: MAX, memHigh: MAX, memLow: 0, memMin: 0, memCurrent: 0, memPeak: 0, memOomGroup: false, memSwapMax: MAX, memSwapHigh: MAX,
    memStat: ZERO_STAT, memEvents: ZERO_EVENTS, memEventsLocal: ZERO_EVENTS,
    cpuWeight: 100, cpuQuotaNs: MAX, cpuPeriodNs: 100_000_000, cpuUsageNs: 0, cpuUserNs: 0, cpuSystemNs: 0,
    cpuNrPeriods: 0, cpuNrThrottled: 0, cpuThrottledNs: 0, cpuPeriodStart: 0, cpuPeriodUsed: 0, cpuThrottledUntil: -1,
    ioWeight: 100, ioMax: {}, ioStat: {}, ioNext: {},
  }
}
