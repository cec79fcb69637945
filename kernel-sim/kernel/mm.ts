// Memory accounting: what /proc/meminfo, free and sysinfo report, and the
// host-wide OOM killer. SIMPLIFICATION: no page tables; memory is counted by
// its owners (process images, anonymous mappings, tmpfs data, the page cache
// of disk-backed files, kernel objects such as open files and sockets).
import { E, PAGE_SIZE, RLIMIT_AS, RLIMIT_DATA, type Kpid } from '../abi/index.ts'
import { GONE } from './block.ts'
import type { Kernel } from './kernel.ts'
import { SLAB } from './slab-sizes.ts'
import { pageCacheBytes, pageCacheReclaim } from './fs/pagecache.ts'
import { IMAGE_RSS } from './task/exec.ts'
import { HEAP_REGION, heapOf } from './vma.ts'
import { oomKill } from './oom-kill.ts'
import { globalOomReport, memcgChargeAnon, memcgUnchargeAnon } from './cgroup/index.ts'
import { memTryCharge } from './cgroup/memory.ts'
import { cg } from './cgroup/table.ts'

export { SLAB } from './slab-sizes.ts'

export interface MemInfo {
  total: number
  free: number
  used: number
  kernel: number
  slab: number
  anon: number
  shmem: number
  /** Page cache of disk-backed files (reclaimable). */
  pageCache: number
  /** /proc/meminfo Cached: the page cache plus Shmem, as Linux counts it. */
  cached: number
  /** MemAvailable: free plus what reclaim could free (the clean page cache). */
  available: number
}

/** The host kernel's own memory on a machine of `total` bytes: 96 MiB of text, data and drivers, and struct page (RAM/64). */
export function defaultKernelBytes(total: number): number {
  return 96 * 2 ** 20 + Math.floor(total / 64)
}

export function memInfo(k: Kernel): MemInfo {
  const total = k.s.machine.memoryBytes
  const kernel = kernelBytes(k)
  const slab = slabBytes(k)
  const anon = anonBytes(k)
  const shmem = k.s.counters.shmemBytes
  const used = kernel + slab + anon + shmem
  const pageCache = pageCacheBytes(k)
  const free = Math.max(0, total - used - pageCache)
  return { total, free, used, kernel, slab, anon, shmem, pageCache, cached: shmem + pageCache, available: free + pageCache }
}

/** memInfo(k).free without the record: fork and every page allocation ask it. */
export function memFree(k: Kernel): number {
  const s = k.s
  return Math.max(0, s.machine.memoryBytes - kernelBytes(k) - slabBytes(k) - anonBytes(k) - s.counters.shmemBytes - pageCacheBytes(k))
}

function kernelBytes(k: Kernel): number {
  return k.s.machine.kernelBytes ?? defaultKernelBytes(k.s.machine.memoryBytes)
}

function slabBytes(k: Kernel): number {
  const s = k.s
  // Record-less sockets (fresh from socket(2), or connected to a remote server) are kernel sockets too.
  const sockets = s.sockets.size + (s.counters.remoteConns ?? 0) + (s.counters.freshSockets ?? 0)
  return s.files.size * SLAB.file + sockets * SLAB.socket + s.tasks.size * SLAB.task + s.inodes.size * SLAB.inode +
    (s.counters.nsBytes ?? 0) + s.cgroups.rows.size * SLAB.cgroup
}

function anonBytes(k: Kernel): number {
  return k.s.counters.anonBytes + liveImages(k) * IMAGE_RSS
}

function liveImages(k: Kernel): number {
  return k.s.tasks.size - (k.s.counters.zombies ?? 0)
}

/** mmap of anonymous memory (touched at once): may run the OOM killer. */
export function sysMmap(k: Kernel, kpid: Kpid, bytes: number): number | typeof GONE {
  if (!(bytes > 0) || !Number.isFinite(bytes)) return -E.EINVAL
  const len = Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE
  const got = chargeAnon(k, kpid, len)
  if (got !== 0) return got
  const t = k.mutTask(kpid)
  const id = t.nextMmap++
  t.mmaps = { ...t.mmaps, [id]: len }
  return id
}

/**
 * The simulator holds a program's heap as real data (strings in the JS heap),
 * so all heaps of one machine together stay below this. SIMPLIFICATION: past
 * it brk fails with ENOMEM, as if vm.overcommit_memory=2 had a commit limit
 * there, even when the simulated RAM has room (a 256 MiB buffer is enough for
 * anything a lesson does; more would risk the simulator's own heap).
 */
export const SIM_MAX_HEAP_BYTES = 256 * 2 ** 20

/**
 * brk(2) as sbrk(3) uses it: grows (or with a negative `increment` shrinks) the
 * program heap; returns its new size, or -ENOMEM (RLIMIT_DATA, RLIMIT_AS, the
 * commit limit above, or no memory left after the OOM killer), or GONE
 * when the OOM killer chose the caller. SIMPLIFICATION: the request carries
 * sbrk's increment, not an address (there are no addresses).
 */
export function sysSbrk(k: Kernel, kpid: Kpid, increment: number): number | typeof GONE {
  if (!Number.isFinite(increment)) return -E.EINVAL
  const t = k.taskOrOops(kpid)
  const cur = heapOf(t)
  const next = Math.max(0, Math.ceil((cur + increment) / PAGE_SIZE) * PAGE_SIZE)
  const delta = next - cur
  if (delta > 0) {
    if ((k.s.counters.heapBytes ?? 0) + delta > SIM_MAX_HEAP_BYTES) return -E.ENOMEM
    const got = chargeAnon(k, kpid, delta)
    if (got !== 0) return got
  } else if (delta < 0) uncharge(k, kpid, -delta)
  if (delta !== 0) {
    const w = k.mutTask(kpid)
    w.mmaps = { ...w.mmaps, [HEAP_REGION]: next }
    const c = k.ctr()
    c.heapBytes = (c.heapBytes ?? 0) + delta
  }
  return next
}

/**
 * Charges `len` new bytes of anonymous memory to task `kpid`: RLIMIT_DATA and
 * RLIMIT_AS (getrlimit(2): brk, mmap "fail with the error ENOMEM"), then the
 * host's memory (the global OOM killer), then its memory cgroup (memory.max).
 * Returns 0, -ENOMEM, or GONE when the caller itself was killed.
 */
function chargeAnon(k: Kernel, kpid: Kpid, len: number): 0 | number | typeof GONE {
  const t = k.taskOrOops(kpid)
  // VmData and VmSize as /proc/PID/status shows them (procfs/pid-status.ts: rss + 8 MiB of mappings).
  if (t.rssBytes + len > t.rlimits[RLIMIT_DATA]![0] || t.rssBytes + 8 * 2 ** 20 + len > t.rlimits[RLIMIT_AS]![0]) return -E.ENOMEM
  const room = allocPages(k, kpid, len)
  if (room !== 0) return room
  const charged = memcgChargeAnon(k, kpid, len) // memory.max of the caller's cgroup
  if (charged === GONE) return GONE
  if (charged < 0) return charged
  const w = k.mutTask(kpid)
  w.rssBytes += len
  w.minFlt += len / PAGE_SIZE
  k.ctr().anonBytes += len
  return 0
}

/**
 * The host-wide part of allocating `len` bytes of pages for task `kpid`
 * (__alloc_pages_slowpath): clean page cache goes before anyone is killed,
 * then out_of_memory() picks one victim; if its memory is not enough the
 * allocation fails. Returns 0, -ENOMEM, or GONE when the caller was the victim.
 */
function allocPages(k: Kernel, kpid: Kpid, len: number): 0 | number | typeof GONE {
  const free = memFree(k)
  if (free < len) pageCacheReclaim(k, len - free)
  if (memFree(k) >= len) return 0
  const victim = oomVictim(k)
  if (victim === undefined) return -E.ENOMEM
  globalOomReport(k, kpid, victim)
  oomKill(k, victim, 'Out of memory')
  if (victim === kpid) return GONE
  return memFree(k) < len ? -E.ENOMEM : 0
}

/**
 * New tmpfs pages (shmem_alloc_and_add_folio): `len` bytes from the host's
 * memory, then charged to memory cgroup `memcg` (mem_cgroup_charge: over
 * memory.max, reclaim and then that cgroup's OOM killer). Returns 0, -ENOMEM,
 * or GONE when the caller itself was killed.
 */
export function chargeShmem(k: Kernel, kpid: Kpid, memcg: number, len: number): 0 | number | typeof GONE {
  const room = allocPages(k, kpid, len)
  if (room !== 0) return room
  return cg(k, memcg) ? memTryCharge(k, kpid, memcg, len, 'shmem') : 0
}

function uncharge(k: Kernel, kpid: Kpid, len: number): void {
  const w = k.mutTask(kpid)
  w.rssBytes -= len
  memcgUnchargeAnon(k, kpid, len)
  k.ctr().anonBytes -= len
}

export function sysMunmap(k: Kernel, kpid: Kpid, id: number): number {
  const t = k.taskOrOops(kpid)
  const len = t.mmaps[id]
  if (len === undefined || id === HEAP_REGION) return -E.EINVAL
  const w = k.mutTask(kpid)
  const { [id]: _, ...rest } = w.mmaps
  w.mmaps = rest
  uncharge(k, kpid, len)
  return 0
}

/** oom_badness(): the task with the most memory (never init). */
function oomVictim(k: Kernel): Kpid | undefined {
  let best: Kpid | undefined
  let most = -1
  for (const t of k.s.tasks.values()) {
    if (t.kpid === 1 || t.state === 'Z') continue
    if (t.rssBytes > most) {
      most = t.rssBytes
      best = t.kpid
    }
  }
  return best
}
