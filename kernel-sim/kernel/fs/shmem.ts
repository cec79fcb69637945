// tmpfs instances and the memory their files hold (mm/shmem.c; tmpfs(5)).
//
// Each `mount -t tmpfs` makes an instance (a superblock): its root directory's
// inode number names it, every inode made in it carries that number
// (Inode.sb), and its record holds the limits tmpfs(5) documents — size=
// (max_blocks, in pages; default half of RAM), nr_inodes= (default half of
// RAM's pages), mode=, uid=, gid= — and what is used. A regular file's data
// are Shmem: whole pages, counted in /proc/meminfo Shmem and Cached, and
// charged to the memory cgroup of the task that first wrote them (cgroup-v2.rst
// "Memory Ownership": "a memory area is charged to the cgroup which
// instantiated it ... until the area is released"). Without swap these pages
// cannot be reclaimed, so a cgroup full of tmpfs data meets its OOM killer.
//
// SIMPLIFICATION: file data are JavaScript strings in the simulator's own
// heap, so all file data of one machine (tmpfs and the disk-backed root
// together) stay below SIM_MAX_FILE_BYTES: past it a write fails with ENOSPC.
// The limit is visible: a tmpfs's default size is at most this budget, and
// statfs(2) (df) reports no more free blocks than the budget has left.
// SIMPLIFICATION: directories and symlinks take no blocks (Linux charges a
// long symlink one page).
import { E, PAGE_SIZE } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { PMap } from '../../base/pmap.ts'
import type { Inode, TmpfsSb } from '../state.ts'
import { memCharge } from '../cgroup/charge.ts'
import { cg } from '../cgroup/table.ts'
import { printk } from '../log.ts'

/** Past this much file data (tmpfs and disk together) writes fail with ENOSPC: the real heap's budget for file contents. */
export const SIM_MAX_FILE_BYTES = 256 * 1024 * 1024

/** Pages a tmpfs file of `len` bytes holds (shmem allocates whole pages). */
export const shmemPages = (len: number): number => Math.ceil(len / PAGE_SIZE)
/** Bytes of memory a tmpfs file of `len` bytes holds. */
export const shmemBytes = (len: number): number => shmemPages(len) * PAGE_SIZE

/** RAM in pages, as totalram_pages() (the kernel's MemTotal: a guest kernel's own RAM). */
const totalramPages = (k: Kernel): number => Math.floor(k.s.machine.memoryBytes / PAGE_SIZE)

/** shmem_default_max_blocks(): half of RAM, and (SIMPLIFICATION above) no more than the file-data budget. */
export function defaultMaxBlocks(k: Kernel): number {
  return Math.min(Math.floor(totalramPages(k) / 2), SIM_MAX_FILE_BYTES / PAGE_SIZE)
}

/** shmem_default_max_inodes(): half of RAM's pages (no highmem on x86_64). */
export function defaultMaxInodes(k: Kernel): number {
  return Math.floor(totalramPages(k) / 2)
}

export function sbOf(k: Kernel, id: number | undefined): TmpfsSb | undefined {
  return id === undefined ? undefined : k.s.counters.tmpfs?.get(id)
}

/** The instance's record, to change in this tick. */
function mutSb(k: Kernel, id: number): TmpfsSb {
  const c = k.ctr()
  const sb = k.own(c.tmpfs!.get(id)!)
  c.tmpfs = c.tmpfs!.set(id, sb, k.edit)
  return sb
}

/** Bytes of file data the whole machine holds (the budget's use): Shmem and the disk's files. */
export function fileDataBytes(k: Kernel): number {
  return k.s.counters.shmemBytes + (k.s.counters.diskBytes ?? 0)
}

type Options = Partial<Pick<TmpfsSb, 'maxBlocks' | 'maxInodes' | 'mode' | 'uid' | 'gid'>>

/** Mount flags given as words in the data string (mount(8) turns them into MS_* flags; the kernel never sees them). */
const VFS_WORDS = new Set(['rw', 'ro', 'nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec', 'relatime', 'norelatime', 'noatime', 'atime', 'strictatime', 'nodiratime', 'diratime', 'defaults', 'sync', 'async', 'lazytime', 'silent', 'loud'])

const SUFFIX_SHIFT: Record<string, number> = { '': 0, k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 }

/** memparse(): a number with an optional K/M/G/T/P/E suffix; the rest of the string. */
function memparse(s: string): [number, string] {
  const m = /^(\d+)([KMGTPE]?)(.*)$/i.exec(s)
  if (!m) return [NaN, s]
  const shift = SUFFIX_SHIFT[m[2]!.toLowerCase()]!
  return [Number(m[1]) * 2 ** shift, m[3]!]
}

function badValue(k: Kernel, key: string): number {
  printk(k, `tmpfs: Bad value for '${key}'`)
  return -E.EINVAL
}

/**
 * shmem_parse_one(): tmpfs(5) options. size= in bytes (k/m/g suffixes, or % of
 * RAM; rounded up to pages; 0 = no limit), nr_blocks=, nr_inodes= (suffixes;
 * 0 = no limit), mode= (octal), uid=, gid=. A bad value or an unknown option is
 * EINVAL, logged as the kernel logs it ("tmpfs: Bad value for 'size'").
 */
export function parseTmpfsOptions(k: Kernel, data: string): Options | number {
  const o: Options = {}
  for (const opt of (data ?? '').split(',')) {
    if (!opt || VFS_WORDS.has(opt)) continue
    const eq = opt.indexOf('=')
    const key = eq < 0 ? opt : opt.slice(0, eq)
    const val = eq < 0 ? '' : opt.slice(eq + 1)
    if (key === 'size') {
      let [n, rest] = memparse(val)
      if (rest === '%') {
        n = Math.floor((n * totalramPages(k) * PAGE_SIZE) / 100)
        rest = ''
      }
      if (rest !== '' || !Number.isFinite(n)) return badValue(k, key)
      o.maxBlocks = Math.ceil(n / PAGE_SIZE)
    } else if (key === 'nr_blocks') {
      const [n, rest] = memparse(val)
      if (rest !== '' || !Number.isFinite(n)) return badValue(k, key)
      o.maxBlocks = n
    } else if (key === 'nr_inodes') {
      const [n, rest] = memparse(val)
      if (rest !== '' || !Number.isFinite(n)) return badValue(k, key)
      o.maxInodes = n
    } else if (key === 'mode') {
      if (!/^[0-7]+$/.test(val)) return badValue(k, key)
      o.mode = parseInt(val, 8) & 0o7777
    } else if (key === 'uid' || key === 'gid') {
      if (!/^\d+$/.test(val) || Number(val) > 0xfffffffe) return badValue(k, key)
      o[key] = Number(val)
    } else if (key === 'huge' || key === 'mpol' || key === 'inode32' || key === 'inode64' || key === 'noswap') {
      // SIMPLIFICATION: accepted and ignored (no huge pages, NUMA policy or swap here).
    } else {
      printk(k, `tmpfs: Unknown parameter '${key}'`)
      return -E.EINVAL
    }
  }
  return o
}

/** shmem_fill_super(): a new instance rooted at directory inode `root`, its options applied over the defaults. */
export function tmpfsNewInstance(k: Kernel, root: Inode, o: Options): void {
  const sb: TmpfsSb = {
    maxBlocks: o.maxBlocks ?? defaultMaxBlocks(k), maxInodes: o.maxInodes ?? defaultMaxInodes(k),
    blocks: 0, inodes: 1, mode: o.mode ?? 0o1777, uid: o.uid ?? root.uid, gid: o.gid ?? root.gid,
  }
  const c = k.ctr()
  c.tmpfs = (c.tmpfs ?? PMap.empty<TmpfsSb>()).set(root.ino, sb, k.edit)
  const w = k.mutInode(root.ino)
  w.sb = root.ino
  w.mode = sb.mode
  w.uid = sb.uid
  w.gid = sb.gid
}

/**
 * shmem_reconfigure() (mount -o remount,size=...): the new limits must hold
 * what is in use ("Too small a size for current use"), and an unlimited
 * instance cannot become limited ("Cannot retroactively limit size"): both
 * EINVAL. mode, uid and gid are not changed by a remount.
 */
export function tmpfsReconfigure(k: Kernel, id: number, o: Options): number {
  const sb = sbOf(k, id)
  if (!sb) return 0
  const fail = (why: string) => {
    printk(k, `tmpfs: ${why}`)
    return -E.EINVAL
  }
  if (o.maxBlocks !== undefined) {
    if (o.maxBlocks && o.maxBlocks < sb.blocks) return fail('Too small a size for current use')
    if (o.maxBlocks && !sb.maxBlocks) return fail('Cannot retroactively limit size')
  }
  if (o.maxInodes !== undefined) {
    if (o.maxInodes && o.maxInodes < sb.inodes) return fail('Too few inodes for current use')
    if (o.maxInodes && !sb.maxInodes) return fail('Cannot retroactively limit inodes')
  }
  const w = mutSb(k, id)
  if (o.maxBlocks !== undefined) w.maxBlocks = o.maxBlocks
  if (o.maxInodes !== undefined) w.maxInodes = o.maxInodes
  return 0
}

/** shmem_show_options(): only what differs from the defaults, in the kernel's order: ",size=NNNk,nr_inodes=N,mode=NNN,uid=N,gid=N". */
export function tmpfsShowOptions(k: Kernel, id: number | undefined): string {
  const sb = sbOf(k, id)
  if (!sb) return ''
  let s = ''
  if (sb.maxBlocks !== defaultMaxBlocks(k)) s += `,size=${sb.maxBlocks * (PAGE_SIZE / 1024)}k`
  if (sb.maxInodes !== defaultMaxInodes(k)) s += `,nr_inodes=${sb.maxInodes}`
  if (sb.mode !== 0o1777) s += `,mode=${sb.mode.toString(8).padStart(3, '0')}`
  if (sb.uid !== 0) s += `,uid=${sb.uid}`
  if (sb.gid !== 0) s += `,gid=${sb.gid}`
  return s
}

/** shmem_reserve_inode(): ENOSPC when the instance that directory `dir` belongs to has no inode left. */
export function tmpfsInodeRoom(k: Kernel, dir: number): number {
  const sb = sbOf(k, k.inode(dir)?.sb)
  return sb && sb.maxInodes && sb.inodes >= sb.maxInodes ? -E.ENOSPC : 0
}

/**
 * The longest a regular file may grow to now (bytes): its instance's free
 * blocks (shmem_inode_acct_blocks) and the machine's file-data budget. A write
 * past it is cut short there, and a write that cannot add a byte is ENOSPC.
 */
export function fileRoom(k: Kernel, i: Inode): number {
  const budget = SIM_MAX_FILE_BYTES - fileDataBytes(k)
  if (i.disk) return i.data.length + Math.max(0, budget)
  const held = shmemBytes(i.data.length)
  let pages = Math.floor(Math.max(0, budget) / PAGE_SIZE)
  const sb = sbOf(k, i.sb)
  if (sb?.maxBlocks) pages = Math.min(pages, Math.max(0, sb.maxBlocks - sb.blocks))
  return held + pages * PAGE_SIZE
}

/**
 * A tmpfs file's data change from `oldLen` to `newLen` bytes: Shmem, the
 * instance's blocks, and (when it shrinks) the memory cgroup's charge follow.
 * The growth was checked and charged before (fs/file-data.ts).
 */
export function shmemResized(k: Kernel, i: Inode, oldLen: number, newLen: number): void {
  const delta = shmemBytes(newLen) - shmemBytes(oldLen)
  if (delta === 0) return
  k.ctr().shmemBytes += delta
  if (i.sb !== undefined && sbOf(k, i.sb)) mutSb(k, i.sb).blocks += delta / PAGE_SIZE
  if (delta < 0 && i.charged) uncharge(k, i, Math.min(i.charged, -delta))
}

/** The charge of `bytes` more to the memory cgroup that pays for inode `ino` (the first writer's, `memcg`). */
export function shmemCharged(k: Kernel, ino: number, memcg: number, bytes: number): void {
  const w = k.mutInode(ino)
  w.memcg = memcg
  w.charged = (w.charged ?? 0) + bytes
}

function uncharge(k: Kernel, i: Inode, bytes: number): void {
  if (i.memcg !== undefined && cg(k, i.memcg)) memCharge(k, i.memcg, -bytes, 'shmem')
  k.mutInode(i.ino).charged = (i.charged ?? 0) - bytes
}

/** shmem_evict_inode(): the last reference went; its pages, its inode and its charge go. */
export function shmemEvict(k: Kernel, i: Inode): void {
  if (i.type === 'f') k.ctr().shmemBytes -= shmemBytes(i.data.length)
  const sb = i.sb === undefined ? undefined : sbOf(k, i.sb)
  if (sb && i.sb !== undefined) {
    const w = mutSb(k, i.sb)
    if (i.type === 'f') w.blocks -= shmemPages(i.data.length)
    w.inodes--
  }
  if (i.charged && i.memcg !== undefined && cg(k, i.memcg)) memCharge(k, i.memcg, -i.charged, 'shmem')
}

/** An inode made outside any instance (a new file, a copied-up one) is linked into directory `dir`: it joins dir's instance. */
export function shmemAdopt(k: Kernel, dir: Inode, child: Inode): void {
  if (dir.sb === undefined || child.sb !== undefined || !sbOf(k, dir.sb)) return
  k.mutInode(child.ino).sb = dir.sb
  const w = mutSb(k, dir.sb)
  w.inodes++
  if (child.type === 'f') w.blocks += shmemPages(child.data.length)
}

/** The tmpfs data a removed cgroup paid for is charged to its parent from now on (as the page cache's: pagecache.ts). */
export function shmemReparent(k: Kernel, from: number, to: number): void {
  if (!(cg(k, from)?.memStat.shmem)) return
  let bytes = 0
  for (const i of k.s.inodes.values()) {
    if (i.memcg !== from || !i.charged) continue
    k.mutInode(i.ino).memcg = to
    bytes += i.charged
  }
  if (bytes === 0) return
  memCharge(k, from, -bytes, 'shmem')
  if (cg(k, to)) memCharge(k, to, bytes, 'shmem')
}
