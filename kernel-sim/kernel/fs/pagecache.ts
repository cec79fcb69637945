// The page cache (mm/filemap.c): the pages of disk-backed files that are in
// memory, one copy per kernel, keyed by the real inode. Every read(2), execve
// and write(2) of a disk-backed regular file goes through it, so an image
// layer that 100 containers read through their overlays (the same lower
// inode) is cached once, while each VM, being its own kernel, caches its own
// copy. Cached pages are charged to the memory cgroup of the task that first
// touched them ("the first toucher", cgroup-v2.rst "Memory Ownership": "a
// memory area is charged to the cgroup which instantiated it"). Clean pages
// are reclaimable: /proc/sys/vm/drop_caches drops them, memory pressure evicts
// them, and MemAvailable counts them.
//
// A cached page's content is the file's data on disk unless something changed
// the page without the page becoming dirty (what CVE-2022-0847 does through a
// pipe buffer's stale PIPE_BUF_FLAG_CAN_MERGE): then every reader sees the
// changed page until it is dropped or evicted, and the disk keeps the old data.
// A write(2) into such a page makes it dirty, so its whole content reaches the
// disk.
//
// Disk-backed files: the root filesystem stands for the machine's disk, so the
// regular files under it (the installed userland, /var/lib/docker's image
// layers, an overlay's upper files) are disk-backed (Inode.disk); files of a
// tmpfs mount are Shmem and never counted here.
// SIMPLIFICATION: /proc/mounts still shows the root as rootfs; writeback is
// immediate (Dirty and Writeback stay 0); readahead is not modelled (a read
// caches exactly the pages it touches); there is no active/inactive LRU:
// eviction takes files in inode order.
import type { Kpid } from '../../abi/pid.ts'
import { PAGE_SIZE } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import { memCharge } from '../cgroup/charge.ts'
import { cg } from '../cgroup/table.ts'
import type { CachedFile } from '../state.ts'

/** A page's index in its file. */
export const pageOf = (offset: number): number => Math.floor(offset / PAGE_SIZE)

/** Pages a file of `len` bytes occupies. */
export const pagesFor = (len: number): number => Math.ceil(len / PAGE_SIZE)

/** Bytes the page cache holds (the non-Shmem part of /proc/meminfo Cached). */
export function pageCacheBytes(k: Kernel): number {
  return k.s.counters.pageCacheBytes ?? 0
}

export function cachedFile(k: Kernel, ino: number): CachedFile | undefined {
  return k.s.pagecache.get(ino)
}

/** Is page `index` of inode `ino` in the cache? */
export function isCached(k: Kernel, ino: number, index: number): boolean {
  return cachedFile(k, ino)?.pages[index] === true
}

function mutEntry(k: Kernel, ino: number, memcg: number): CachedFile {
  const cur = cachedFile(k, ino)
  const row: CachedFile = cur ? { ...cur, pages: { ...cur.pages } } : { ino, pages: {}, nrPages: 0, memcg }
  if (cur?.modified) row.modified = { ...cur.modified }
  return k.put('pagecache', ino, row)
}

/**
 * Brings pages [first, last] of a disk-backed file into the cache for task
 * `kpid` (find_get_page, else page_cache_alloc + readpage). New pages are
 * charged to the entry's cgroup: the first toucher's.
 */
export function pageCacheFill(k: Kernel, kpid: Kpid, ino: number, first: number, last: number): void {
  const i = k.inode(ino)
  if (!i?.disk || i.type !== 'f' || last < first) return
  const cur = cachedFile(k, ino)
  let missing = 0
  for (let p = first; p <= last; p++) if (cur?.pages[p] !== true) missing++
  if (missing === 0) return
  const memcg = cur?.memcg ?? k.task(kpid)?.cgroup ?? 0
  const row = mutEntry(k, ino, memcg)
  for (let p = first; p <= last; p++) row.pages[p] = true
  row.nrPages += missing
  const c = k.ctr()
  c.pageCacheBytes = (c.pageCacheBytes ?? 0) + missing * PAGE_SIZE
  if (cg(k, row.memcg)) memCharge(k, row.memcg, missing * PAGE_SIZE, 'file')
}

/** The file's content as readers see it: the data on disk with any changed cached page laid over it. */
export function pageCacheView(k: Kernel, ino: number): string {
  const data = k.inode(ino)?.data ?? ''
  const mod = cachedFile(k, ino)?.modified
  if (!mod) return data
  let out = data
  for (const [idx, page] of Object.entries(mod)) {
    const at = Number(idx) * PAGE_SIZE
    out = out.slice(0, at) + page + out.slice(at + page.length)
  }
  return out
}

/**
 * read(2) of `count` bytes at `pos` of a disk-backed file through the cache
 * (filemap_read): the touched pages become cached, and the bytes come from
 * them.
 */
export function pageCacheRead(k: Kernel, kpid: Kpid, ino: number, pos: number, count: number): string {
  const size = k.inode(ino)?.data.length ?? 0
  const end = Math.min(size, pos + count)
  if (end <= pos) return ''
  pageCacheFill(k, kpid, ino, pageOf(pos), pageOf(end - 1))
  return pageCacheView(k, ino).slice(pos, end)
}

/** execve maps the whole binary: every page of it is read through the cache. */
export function pageCacheMapAll(k: Kernel, kpid: Kpid, ino: number): string {
  const size = k.inode(ino)?.data.length ?? 0
  if (size > 0) pageCacheFill(k, kpid, ino, 0, pagesFor(size) - 1)
  return pageCacheView(k, ino)
}

/**
 * Before write(2) changes bytes [pos, pos+len): the pages it touches become
 * dirty, so a page that was changed in the cache keeps that change and
 * reaches the disk with the write (the data returned is what to write into).
 */
export function pageCacheDirty(k: Kernel, ino: number, pos: number, len: number): string {
  const e = cachedFile(k, ino)
  const data = k.inode(ino)?.data ?? ''
  if (!e?.modified || len <= 0) return data
  let out = data
  const row = mutEntry(k, ino, e.memcg)
  for (let p = pageOf(pos); p <= pageOf(pos + len - 1); p++) {
    const page = row.modified![p]
    if (page === undefined) continue
    out = out.slice(0, p * PAGE_SIZE) + page + out.slice(p * PAGE_SIZE + page.length)
    delete row.modified![p]
  }
  if (Object.keys(row.modified!).length === 0) delete row.modified
  return out
}

/** After write(2): the written pages are in the cache (written back at once: SIMPLIFICATION above). */
export function pageCacheWritten(k: Kernel, kpid: Kpid, ino: number, pos: number, len: number): void {
  if (len > 0) pageCacheFill(k, kpid, ino, pageOf(pos), pageOf(pos + len - 1))
}

/**
 * Changes bytes of a cached page without marking it dirty: the API a pipe
 * buffer that references a page-cache page uses when a later pipe write
 * merges into it. Fails (returns false) if the page is not cached, or the
 * change would cross the page's end or the file's end.
 */
export function pageCachePoke(k: Kernel, ino: number, index: number, offset: number, bytes: string): boolean {
  const e = cachedFile(k, ino)
  if (e?.pages[index] !== true || offset < 0 || offset + bytes.length > PAGE_SIZE) return false
  const size = k.inode(ino)?.data.length ?? 0
  const start = index * PAGE_SIZE
  if (start + offset + bytes.length > size) return false
  const pageEnd = Math.min(size, start + PAGE_SIZE)
  const old = e.modified?.[index] ?? pageCacheView(k, ino).slice(start, pageEnd)
  const row = mutEntry(k, ino, e.memcg)
  row.modified = { ...(row.modified ?? {}), [index]: old.slice(0, offset) + bytes + old.slice(offset + bytes.length) }
  return true
}

/** The content of cached page `index` (what a pipe buffer referencing it carries), or undefined if not cached. */
export function pageCacheRead1(k: Kernel, ino: number, index: number): string | undefined {
  if (!isCached(k, ino, index)) return undefined
  const start = index * PAGE_SIZE
  return pageCacheView(k, ino).slice(start, start + PAGE_SIZE)
}

/** Removes a file's pages from the cache (eviction, drop_caches, unlink of the last link). Returns the bytes freed. */
export function pageCacheEvict(k: Kernel, ino: number): number {
  const e = cachedFile(k, ino)
  if (!e) return 0
  const bytes = e.nrPages * PAGE_SIZE
  k.remove('pagecache', ino)
  const c = k.ctr()
  c.pageCacheBytes = (c.pageCacheBytes ?? 0) - bytes
  if (cg(k, e.memcg)) memCharge(k, e.memcg, -bytes, 'file')
  return bytes
}

/** Drops the pages past a truncated file's new end (truncate_inode_pages_range). */
export function pageCacheTruncate(k: Kernel, ino: number, newLen: number): void {
  const e = cachedFile(k, ino)
  if (!e) return
  const keep = pagesFor(newLen)
  const row = mutEntry(k, ino, e.memcg)
  let dropped = 0
  for (const idx of Object.keys(row.pages)) {
    if (Number(idx) < keep) continue
    delete row.pages[Number(idx)]
    if (row.modified) delete row.modified[Number(idx)]
    dropped++
  }
  if (dropped === 0) return
  row.nrPages -= dropped
  const c = k.ctr()
  c.pageCacheBytes = (c.pageCacheBytes ?? 0) - dropped * PAGE_SIZE
  if (cg(k, row.memcg)) memCharge(k, row.memcg, -dropped * PAGE_SIZE, 'file')
  if (row.nrPages === 0) k.remove('pagecache', ino)
}

/**
 * Reclaims clean cache until `bytes` are freed (shrink_page_list); only files
 * charged inside cgroup subtree `memcg` when given (memcg reclaim). Returns
 * the bytes freed.
 */
export function pageCacheReclaim(k: Kernel, bytes: number, memcg?: number): number {
  let freed = 0
  const victims: number[] = []
  for (const e of k.s.pagecache.values()) {
    if (freed >= bytes) break
    if (memcg !== undefined && !chargedUnder(k, e.memcg, memcg)) continue
    victims.push(e.ino)
    freed += e.nrPages * PAGE_SIZE
  }
  for (const ino of victims) pageCacheEvict(k, ino)
  return freed
}

function chargedUnder(k: Kernel, id: number, root: number): boolean {
  for (let c = cg(k, id); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) if (c.id === root) return true
  return false
}

/** echo 1|3 > /proc/sys/vm/drop_caches: every clean cached page goes (drop_pagecache_sb). */
export function dropCaches(k: Kernel): number {
  let freed = 0
  const all: number[] = []
  for (const e of k.s.pagecache.values()) all.push(e.ino)
  for (const ino of all) freed += pageCacheEvict(k, ino)
  return freed
}

/** The cache a removed cgroup paid for is charged to its parent from now on (reparenting on cgroup offline). */
export function pageCacheReparent(k: Kernel, from: number, to: number): void {
  const moved: number[] = []
  for (const e of k.s.pagecache.values()) if (e.memcg === from) moved.push(e.ino)
  let bytes = 0
  for (const ino of moved) {
    const row = mutEntry(k, ino, to)
    row.memcg = to
    bytes += row.nrPages * PAGE_SIZE
  }
  if (bytes === 0) return
  // The charge leaves only `from`: its ancestors (including `to`) keep counting it.
  const w = cg(k, from)
  if (w) {
    memCharge(k, from, -bytes, 'file')
    if (cg(k, to)) {
      // memCharge walks to the root; undo the ancestors' part of the removal by adding it back from `to`.
      memCharge(k, to, bytes, 'file')
    }
  }
}

/** The drop_caches write handler's log line (drop_caches_sysctl_handler; silenced by bit 4). */
export function logDropCaches(k: Kernel, comm: string, pid: number, value: number): void {
  if (!(value & 4)) printk(k, `${comm} (${pid}): drop_caches: ${value}`)
}
