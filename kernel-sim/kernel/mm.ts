// Memory accounting: what /proc/meminfo, free and sysinfo report, and the
// host-wide OOM killer. SIMPLIFICATION: no page tables; memory is counted by
// its owners (process images, anonymous mappings, tmpfs data, the page cache
// of disk-backed files, kernel objects such as open files and sockets).
import { E, SIG, PAGE_SIZE } from '../abi/index.ts'
import type { Kernel } from './kernel.ts'
import { printk } from './log.ts'
import { pageCacheBytes, pageCacheReclaim } from './fs/pagecache.ts'
import { IMAGE_RSS } from './task/exec.ts'
import { sendSignal } from './task/signal.ts'
import { globalOomReport, memcgChargeAnon, memcgUnchargeAnon, OOM_GONE } from './cgroup/index.ts'

/** Kernel object sizes charged as Slab (roughly Linux's: struct file, tcp_sock, task_struct + stack, inode). */
export const SLAB = { file: 256, socket: 2048, task: 16384, inode: 600 }

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

export function memInfo(k: Kernel): MemInfo {
  const total = k.s.machine.memoryBytes
  const kernel = k.s.machine.kernelBytes ?? 96 * 2 ** 20 + Math.floor(total / 64) // text, data, struct page
  const s = k.s
  // Record-less sockets (fresh from socket(2), or connected to a remote server) are kernel sockets too.
  const sockets = s.sockets.size + (s.counters.remoteConns ?? 0) + (s.counters.freshSockets ?? 0)
  const slab = s.files.size * SLAB.file + sockets * SLAB.socket + s.tasks.size * SLAB.task + s.inodes.size * SLAB.inode
  const anon = s.counters.anonBytes + liveImages(k) * IMAGE_RSS
  const shmem = s.counters.shmemBytes
  const used = kernel + slab + anon + shmem
  const pageCache = pageCacheBytes(k)
  const free = Math.max(0, total - used - pageCache)
  return { total, free, used, kernel, slab, anon, shmem, pageCache, cached: shmem + pageCache, available: free + pageCache }
}

function liveImages(k: Kernel): number {
  return k.s.tasks.size
}

/** mmap of anonymous memory (touched at once): may run the OOM killer. */
export function sysMmap(k: Kernel, kpid: number, bytes: number): number | typeof GONE_MARK {
  if (!(bytes > 0) || !Number.isFinite(bytes)) return -E.EINVAL
  const len = Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE
  while (memInfo(k).free < len) {
    if (pageCacheReclaim(k, len - memInfo(k).free) > 0) continue // clean page cache goes before anyone is killed
    const victim = oomVictim(k)
    if (victim === undefined) return -E.ENOMEM
    globalOomReport(k, kpid, victim)
    oomKill(k, victim, 'Out of memory')
    if (victim === kpid) return GONE_MARK
  }
  const charged = memcgChargeAnon(k, kpid, len) // memory.max of the caller's cgroup
  if (charged === OOM_GONE) return GONE_MARK
  if (charged < 0) return charged
  const t = k.mutTask(kpid)
  const id = t.nextMmap++
  t.mmaps = { ...t.mmaps, [id]: len }
  t.rssBytes += len
  t.minFlt += len / PAGE_SIZE
  k.ctr().anonBytes += len
  return id
}
export const GONE_MARK = 'gone' as const

export function sysMunmap(k: Kernel, kpid: number, id: number): number {
  const t = k.task(kpid)!
  const len = t.mmaps[id]
  if (len === undefined) return -E.EINVAL
  const w = k.mutTask(kpid)
  const { [id]: _, ...rest } = w.mmaps
  w.mmaps = rest
  w.rssBytes -= len
  memcgUnchargeAnon(k, kpid, len)
  k.ctr().anonBytes -= len
  return 0
}

/** oom_badness(): the task with the most memory (never init). */
function oomVictim(k: Kernel): number | undefined {
  let best: number | undefined
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

export function oomKill(k: Kernel, kpid: number, why: string): void {
  const t = k.task(kpid)!
  const kb = Math.floor(t.rssBytes / 1024)
  printk(k, `${why}: Killed process ${kpid} (${t.comm}) total-vm:${kb}kB, anon-rss:${kb}kB, file-rss:0kB, shmem-rss:0kB, UID:${t.cred.ruid} pgtables:${Math.ceil(kb / 512)}kB oom_score_adj:0`)
  sendSignal(k, kpid, SIG.SIGKILL, true)
}
