// The interface files of one cgroup (cgroup-v2.rst "Core Interface Files" and
// each controller's section): which exist where, how they render, what a
// write does. "Files exist only where the kernel has them": the root has no
// pids.max or memory.current; a controller's files appear in a cgroup when
// its parent enables the controller in cgroup.subtree_control.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { vpid } from '../ns/pid.ts'
import type { Task } from '../state.ts'
import { renderCpuMax, renderCpuStat, writeCpuMax, writeCpuWeight } from './cpu.ts'
import {
  memberPids, readType, writeFreeze, writeHierLimit, writeKill, writeProcs, writeSubtreeControl, writeType,
} from './hierarchy.ts'
import { renderIoMax, renderIoStat, writeIoMax } from './io.ts'
import { fmtMax, memShrinkToMax, memparseLimit } from './memory.ts'
import { parsePidsMax } from './pids.ts'
import { cg, controllersOf, mutCg, subtree } from './table.ts'
import { CONTROLLERS, type Cgroup, type MemEvents } from './types.ts'

export interface CgFile {
  mode: number
  /** `viewer`: the task that opened the file (pids are shown in its pid namespace). */
  read?: (k: Kernel, c: Cgroup, viewer: Task) => string
  write?: (k: Kernel, writer: Kpid, c: Cgroup, data: string) => number
}

const procsIn = (k: Kernel, c: Cgroup, viewer: Task) => memberPids(k, c.id).map((p) => vpid(k, viewer, p) + '\n').join('')
const ro = (read: CgFile['read']): CgFile => ({ mode: 0o444, read })
const rw = (read: CgFile['read'], write: CgFile['write']): CgFile => ({ mode: 0o644, read, write })
const num = (n: number) => `${n}\n`

/** Sets a numeric field from a parsed value (parse returns -errno on bad input). */
function setter(parse: (s: string) => number, field: keyof Cgroup): CgFile['write'] {
  return (k, _w, c, data) => {
    const v = parse(data)
    if (v < 0) return v
    ;(mutCg(k, c.id) as unknown as Record<string, number>)[field] = v
    return 0
  }
}

const CORE: Record<string, CgFile> = {
  'cgroup.controllers': ro((k, c) => controllersOf(k, c).join(' ') + '\n'),
  'cgroup.subtree_control': rw((_k, c) => c.subtreeControl.join(' ') + '\n', (k, _w, c, d) => writeSubtreeControl(k, c.id, d)),
  // cgroup_procs_show: task_pid_vnr, the pid in the reader's pid namespace (0 if it cannot see it).
  'cgroup.procs': rw((k, c, v) => procsIn(k, c, v), (k, w, c, d) => writeProcs(k, w, c.id, d, false)),
  // SIMPLIFICATION: threads are not modelled, so cgroup.threads lists and moves processes like cgroup.procs.
  'cgroup.threads': rw((k, c, v) => procsIn(k, c, v), (k, w, c, d) => writeProcs(k, w, c.id, d, true)),
  'cgroup.max.depth': rw((_k, c) => fmtMax(c.maxDepth) + '\n', (k, _w, c, d) => writeHierLimit(k, c.id, d, 'maxDepth')),
  'cgroup.max.descendants': rw((_k, c) => fmtMax(c.maxDescendants) + '\n', (k, _w, c, d) => writeHierLimit(k, c.id, d, 'maxDescendants')),
  'cgroup.stat': ro(renderCgroupStat),
  'cpu.stat': ro(renderCpuStat),
}

const NON_ROOT: Record<string, CgFile> = {
  // SIMPLIFICATION: "frozen 1" as soon as cgroup.freeze is set: parked tasks stop at their next scheduling point.
  'cgroup.events': ro((k, c) => `populated ${c.nrPopulated > 0 ? 1 : 0}\nfrozen ${isFrozen(k, c) ? 1 : 0}\n`),
  'cgroup.type': rw(readTypeLine, (k, _w, c, d) => writeType(k, c.id, d)),
  'cgroup.freeze': rw((_k, c) => num(c.freeze ? 1 : 0), (k, _w, c, d) => writeFreeze(k, c.id, d)),
  'cgroup.kill': { mode: 0o200, write: (k, _w, c, d) => writeKill(k, c.id, d) },
}

/** The root's own statistics files (no limits there). */
const ROOT_ONLY: Record<string, CgFile> = {
  'io.stat': ro((_k, c) => renderIoStat(c)),
  'memory.stat': ro((_k, c) => renderMemStat(c)),
}

const BY_CONTROLLER: Record<string, Record<string, CgFile>> = {
  cpu: {
    'cpu.max': rw((_k, c) => renderCpuMax(c), (k, _w, c, d) => writeCpuMax(k, c.id, d)),
    'cpu.weight': rw((_k, c) => num(c.cpuWeight), (k, _w, c, d) => writeCpuWeight(k, c.id, d)),
  },
  io: {
    'io.max': rw((_k, c) => renderIoMax(c), (k, _w, c, d) => writeIoMax(k, c.id, d)),
    'io.stat': ro((_k, c) => renderIoStat(c)),
    'io.weight': rw((_k, c) => `default ${c.ioWeight}\n`, (k, _w, c, d) => writeIoWeight(k, c, d)),
  },
  memory: {
    'memory.current': ro((_k, c) => num(c.memCurrent)),
    'memory.peak': ro((_k, c) => num(c.memPeak)),
    'memory.min': rw((_k, c) => fmtMax(c.memMin) + '\n', setter(memparseLimit, 'memMin')),
    'memory.low': rw((_k, c) => fmtMax(c.memLow) + '\n', setter(memparseLimit, 'memLow')),
    'memory.high': rw((_k, c) => fmtMax(c.memHigh) + '\n', setter(memparseLimit, 'memHigh')),
    'memory.max': rw((_k, c) => fmtMax(c.memMax) + '\n', (k, w, c, d) => {
      const v = memparseLimit(d)
      if (v < 0) return v
      mutCg(k, c.id).memMax = v
      memShrinkToMax(k, w, c.id)
      return 0
    }),
    'memory.events': ro((_k, c) => renderMemEvents(c.memEvents)),
    'memory.events.local': ro((_k, c) => renderMemEvents(c.memEventsLocal)),
    'memory.stat': ro((_k, c) => renderMemStat(c)),
    // Swap accounting is on (Docker finds memory.swap.max and applies --memory-swap) but no swap device
    // exists, so swap.current stays 0 and the limits are never reached (cgroup-v2.rst "memory.swap.*").
    'memory.swap.current': ro(() => num(0)),
    'memory.swap.peak': ro(() => num(0)),
    'memory.swap.max': rw((_k, c) => fmtMax(c.memSwapMax) + '\n', setter(memparseLimit, 'memSwapMax')),
    'memory.swap.high': rw((_k, c) => fmtMax(c.memSwapHigh) + '\n', setter(memparseLimit, 'memSwapHigh')),
    'memory.swap.events': ro(() => 'high 0\nmax 0\nfail 0\n'),
    'memory.oom.group': rw((_k, c) => num(c.memOomGroup ? 1 : 0), (k, _w, c, d) => {
      const v = d.trim()
      if (!/^[+-]?\d+$/.test(v) || (Number(v) !== 0 && Number(v) !== 1)) return -E.EINVAL
      mutCg(k, c.id).memOomGroup = Number(v) === 1
      return 0
    }),
  },
  pids: {
    'pids.max': rw((_k, c) => fmtMax(c.pidsMax) + '\n', setter(parsePidsMax, 'pidsMax')),
    'pids.current': ro((_k, c) => num(c.pidsCurrent)),
    'pids.peak': ro((_k, c) => num(c.pidsPeak)),
    'pids.events': ro((_k, c) => `max ${c.pidsEvents}\n`),
  },
}

/** File tables by the set of enabled controllers ("" for the root): constant data, built once. */
const TABLES = new Map<string, Readonly<Record<string, CgFile>>>()

/** The interface files of a cgroup, by name. */
export function cgroupFiles(k: Kernel, c: Cgroup): Readonly<Record<string, CgFile>> {
  const key = c.parent < 0 ? '/' : controllersOf(k, c).join(' ')
  let t = TABLES.get(key)
  if (!t) {
    const out: Record<string, CgFile> = c.parent < 0 ? { ...CORE, ...ROOT_ONLY } : { ...CORE, ...NON_ROOT }
    if (c.parent >= 0) for (const ctrl of controllersOf(k, c)) Object.assign(out, BY_CONTROLLER[ctrl])
    TABLES.set(key, (t = Object.freeze(out)))
  }
  return t
}

function isFrozen(k: Kernel, c: Cgroup): boolean {
  for (let x: Cgroup | undefined = c; x; x = x.parent < 0 ? undefined : cg(k, x.parent)) if (x.freeze) return true
  return false
}

function readTypeLine(k: Kernel, c: Cgroup): string {
  return readType(k, c) + '\n'
}

/** cgroup_stat_show(): descendants, live csses per controller, dying ones. */
function renderCgroupStat(k: Kernel, c: Cgroup): string {
  const tree = subtree(k, c.id)
  let s = `nr_descendants ${c.nrDescendants}\n`
  for (const ctrl of CONTROLLERS) {
    const n = tree.filter((x) => x.parent < 0 || controllersOf(k, x).includes(ctrl)).length
    s += `nr_subsys_${ctrl} ${n}\n`
  }
  s += `nr_dying_descendants ${c.nrDying}\n`
  // SIMPLIFICATION: a removed cgroup's controller states die with it, so nr_dying_subsys_* stay 0.
  for (const ctrl of CONTROLLERS) s += `nr_dying_subsys_${ctrl} 0\n`
  return s
}

function renderMemEvents(e: MemEvents): string {
  return `low ${e.low}\nhigh ${e.high}\nmax ${e.max}\noom ${e.oom}\noom_kill ${e.oomKill}\noom_group_kill ${e.oomGroupKill}\n`
}

/**
 * memory.stat in memory_stats[] order. SIMPLIFICATION: a subset of the keys;
 * all anonymous memory counts as active, slab as unreclaimable. tmpfs pages
 * count in file (NR_FILE_PAGES includes shmem) and shmem, and sit on the
 * anon LRU (they are swap-backed), here the inactive one.
 */
function renderMemStat(c: Cgroup): string {
  const m = c.memStat
  const rows: [string, number][] = [
    ['anon', m.anon], ['file', m.file + m.shmem], ['kernel', m.kernelStack + m.slab], ['kernel_stack', m.kernelStack],
    ['pagetables', 0], ['sec_pagetables', 0], ['percpu', 0], ['sock', m.sock], ['vmalloc', 0], ['shmem', m.shmem],
    ['file_mapped', 0], ['file_dirty', 0], ['file_writeback', 0], ['swapcached', 0], ['anon_thp', 0],
    ['inactive_anon', m.shmem], ['active_anon', m.anon], ['inactive_file', 0], ['active_file', m.file], ['unevictable', 0],
    ['slab_reclaimable', 0], ['slab_unreclaimable', m.slab], ['slab', m.slab],
  ]
  return rows.map(([key, v]) => `${key} ${v}\n`).join('')
}

/** io.weight: "default N" or "N", [1, 10000] (ERANGE outside). */
function writeIoWeight(k: Kernel, c: Cgroup, data: string): number {
  const m = /^(?:default\s+)?(\d+)$/.exec(data.trim())
  if (!m) return -E.EINVAL
  const n = Number(m[1])
  if (n < 1 || n > 10000) return -E.ERANGE
  mutCg(k, c.id).ioWeight = n
  return 0
}
