// The mount table a task sees (mount_namespaces(7)): the initial namespace's
// is coarse.mounts, every other one lives in its namespace record. namei asks
// here for every lookup, so this module imports nothing that walks paths.
import { current, isDraft } from 'immer'
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'
import { INIT_INO, nsRec } from './core.ts'

export function mountsOf(k: Kernel, ino: number): Mount[] {
  const ms = rawMountsOf(k, ino)
  const z = lazy.get(ms)
  if (z) for (let i = 0; z.left > 0 && i < z.todo.length; i++) if (z.todo[i]) rewriteRow(ms, z, i)
  return ms
}

function rawMountsOf(k: Kernel, ino: number): Mount[] {
  const ms = ino === INIT_INO.mnt ? k.coarse.mounts : nsRec(k, ino)?.mounts ?? k.coarse.mounts
  // Read through an open immer draft, the table would be a proxy making a proxy of every row it is
  // asked for; current() is the plain table (the base itself when unchanged, as mount(2) replaces tables).
  return isDraft(ms) ? (current(ms) as Mount[]) : ms
}

/** The task's mount table. */
export const taskMounts = (k: Kernel, t: Task) => mountsOf(k, t.ns.mnt)

/**
 * The task's mount table as stored: after pivot_root the old root's rows may still carry their
 * old paths (see pivotIndex); read them with rowAt or rowPath.
 */
export const taskMountsRaw = (k: Kernel, t: Task) => rawMountsOf(k, t.ns.mnt)

/**
 * After pivot_root, the old root's rows (a thousand with a thousand containers on the host) are
 * placed in the new table as they were, and get their path under put_old only when read: runc
 * detaches put_old at once (umount2 MNT_DETACH), which drops them unread.
 */
interface Lazy {
  prefix: string
  /** Row index → OUTER while the row still has its old path (OUTER_ROOT: that path is "/"). */
  todo: Uint8Array
  left: number
}
const lazy = new WeakMap<Mount[], Lazy>()

/** pivot_root's marks of the old root's rows: one of them, and the old "/" itself (see rowsUnder). */
export const OUTER = 1
export const OUTER_ROOT = 2

function rewriteRow(ms: Mount[], z: Lazy, i: number): void {
  const m = ms[i]!
  ms[i] = { ...m, path: m.path === '/' ? z.prefix : z.prefix + m.path } // rows are shared with the old table: a copy
  z.todo[i] = 0
  if (--z.left === 0) lazy.delete(ms)
}

/** Row `i` of a table, with its path as of the last pivot_root. */
export function rowAt(ms: Mount[], i: number): Mount {
  const z = lazy.get(ms)
  if (z && z.todo[i]) rewriteRow(ms, z, i)
  return ms[i]!
}

/** Does row `i`'s path start with `under` (a directory and its slash)? Without a path made for a row pivot_root left as it was. */
export function rowUnder(ms: Mount[], i: number, under: string): boolean {
  const z = lazy.get(ms)
  const p = ms[i]!.path
  if (!z || !z.todo[i]) return p.startsWith(under)
  const pre = z.prefix
  if (under.length <= pre.length) return pre.startsWith(under)
  return p !== '/' && under.startsWith(pre) && p.startsWith(under.slice(pre.length))
}

/**
 * rowUnder for every row of one table, as marks: after pivot_root, the detach of put_old itself
 * ("/put_old/") takes every row still carrying its old path (OUTER) but the old "/" (OUTER_ROOT)
 * without a look at its path; other rows (0) are looked at. Undefined: look at every row.
 */
export function pivotMarks(ms: Mount[], under: string): Uint8Array | undefined {
  const z = lazy.get(ms)
  return z && under === z.prefix + '/' ? z.todo : undefined
}

/** The path of row `i`, without copying a row pivot_root left with its old path. */
export function rowPath(ms: Mount[], i: number): string {
  const z = lazy.get(ms)
  const p = ms[i]!.path
  return z && z.todo[i] ? (p === '/' ? z.prefix : z.prefix + p) : p
}

/**
 * Derived per table: the index of the last mount at each path, and of each
 * mount id. mutMounts() copies a table and edits the copy (appends, rows
 * replaced in place, or removals): the old table's index moves to the copy
 * (rows keep their positions) and follows the appends; it is rebuilt after a
 * removal. A new mount namespace's copy gets an index of its own rows only,
 * layered on the parent's (see `base`): with a thousand containers the host's
 * table holds a thousand overlay mounts, and each new container's copy as many,
 * which runc detaches at once (pivot_root, umount2 MNT_DETACH).
 */
interface TableIndex {
  len: number
  byPath: Map<string, number>
  byId: Map<number, number>
  /** After pivot_root: the first `rows` rows are the old table's, reordered (see pivotIndex). */
  from?: Pivoted
  view?: MountPaths
  /** Every directory with a mount point somewhere below it: built when first asked, then kept up with appends. */
  above?: Set<string>
  /**
   * A new namespace's copy (copyIndex): rows below `baseLen` are the parent's rows at the copy
   * (never removed here without a rebuild; replaced rows keep path and id), found through the
   * parent's index, which only grows (appends of its own later rows, at `baseLen` or above).
   * byPath, byId and above hold this table's rows from `baseLen` on.
   */
  base?: TableIndex
  baseLen?: number
  /**
   * Some row indexed here pins a namespace (a bind mount of an nsfs file: Mount.nsIno); rows below
   * `baseLen` answer through `base`. Without one, a new namespace's copy takes no namespace references
   * and the detach of put_old drops none, without a look at each row.
   */
  nsRows?: boolean
  /**
   * Some row indexed here may have a propagation type or a peer group (set by appends of such rows and
   * by markPropagation); rows below `baseLen` answer through `base`. Without one, runc's
   * MS_REC|MS_PRIVATE on "/" of a new namespace's copy of the host's thousand mounts changes no row
   * and need not look at one.
   */
  propRows?: boolean
  /**
   * Mount-point depth of each row (see depthOf), for pivot_root: filled when first asked, kept by the
   * index (rows below `len` keep their paths). Only read through a layered copy: the host's thousand
   * rows are counted once, not in every container's pivot_root.
   */
  depths?: number[]
}
interface Pivoted {
  rows: number
  /** Where the old root went (put_old, relative to the new root). */
  prefix: string
  old: Mount[]
  /** Old row index → new row index. */
  pos: Int32Array
  /** New row index → 1 if it is one of the old root's mounts (now under `prefix`). */
  outer: Uint8Array
}
const indexes = new WeakMap<Mount[], TableIndex>()

export interface MountPaths {
  has(path: string): boolean
  /** Index of the last (visible) mount at `path`. */
  get(path: string): number | undefined
  /**
   * May a mount point lie below the directory `dir`? When not, a walk inside it (all of
   * /proc/PID/...) need not ask about each name it passes: Linux keeps that as a flag on
   * the dentry (d_mountpoint), here it is one set per table.
   */
  below(dir: string): boolean
}

/** Adds the directories above a mount point ("/a/b/c" → "/a/b", "/a", "/"). */
function addAbove(above: Set<string>, path: string): void {
  for (let p = path; p !== '/';) {
    const i = p.lastIndexOf('/')
    p = i <= 0 ? '/' : p.slice(0, i)
    if (above.has(p)) return // and so are all above it
    above.add(p)
  }
}

/** May a mount point lie below `dir`? A layered index asks its parent's too (which may answer yes for a mount made since: only a hint). */
function isAbove(ms: Mount[], x: TableIndex, dir: string): boolean {
  if (aboveOf(ms, x).has(dir)) return true
  for (let y = x.base; y; y = y.base) if (y.above!.has(dir)) return true // built when the copy was made
  return false
}

function aboveOf(ms: Mount[], x: TableIndex): Set<string> {
  if (!x.above) {
    x.above = new Set()
    for (let i = 0; i < x.len; i++) addAbove(x.above, rowPath(ms, i))
  }
  return x.above
}

function indexOf(ms: Mount[]): TableIndex {
  let x = indexes.get(ms)
  if (x && x.len > ms.length) x = undefined // rows were removed
  if (!x) indexes.set(ms, (x = { len: 0, byPath: new Map(), byId: new Map() }))
  const f = x.from
  for (; x.len < ms.length; x.len++) {
    const i = x.len
    if (f && i < f.rows) {
      // Ids come from the old index; the old root's mounts are found through it too.
      if (!f.outer[i]) x.byPath.set(ms[i]!.path, i)
      continue
    }
    const m = ms[i]!
    x.byPath.set(m.path, i)
    x.byId.set(m.id, i)
    if (m.nsIno !== undefined) x.nsRows = true
    if (m.propagation !== undefined || m.peerGroup !== undefined) x.propRows = true
    if (x.above) addAbove(x.above, m.path)
  }
  return x
}

/** May a row of this table pin a namespace (Mount.nsIno)? No means none does; yes, that one may. */
export function mayHoldNs(ms: Mount[]): boolean {
  for (let x: TableIndex | undefined = indexOf(ms); x; x = x.base) if (x.nsRows) return true
  return false
}

/** May a row of this table have a propagation type or a peer group? No means every row is private. */
export function mayPropagate(ms: Mount[]): boolean {
  for (let x: TableIndex | undefined = indexOf(ms); x; x = x.base) if (x.propRows) return true
  return false
}

/** A row of this table (from mutMounts) was given a propagation type or a peer group. */
export function markPropagation(ms: Mount[]): void {
  indexOf(ms).propRows = true
}

function findPath(ms: Mount[], x: TableIndex, p: string): number | undefined {
  const i = x.byPath.get(p)
  if (i !== undefined) return i
  if (x.base) return findBasePath(ms, x.base, x.baseLen!, p)
  if (!x.from) return undefined
  const f = x.from
  const old = f.prefix === '/' ? p : p === f.prefix ? '/' : p.startsWith(f.prefix + '/') ? p.slice(f.prefix.length) : undefined
  if (old === undefined) return undefined
  const j = findPath(f.old, indexOf(f.old), old)
  if (j === undefined) return undefined
  if (f.outer[f.pos[j]!]) return f.pos[j]
  // The last mount at that old path moved inside the new root; one it covered may have stayed behind.
  for (let k = f.rows - 1; k >= 0; k--) if (f.outer[k] && rowPath(ms, k) === p) return k
  return undefined
}

/** The last row below `len` at `p`, through the parent's index: its answer holds unless the parent mounted there again since. */
function findBasePath(ms: Mount[], b: TableIndex, len: number, p: string): number | undefined {
  const j = findPath(ms, b, p)
  if (j === undefined || j < len) return j
  for (let i = len - 1; i >= 0; i--) if (rowPath(ms, i) === p) return i
  return undefined
}

function findId(x: TableIndex, id: number): number | undefined {
  const i = x.byId.get(id)
  if (i !== undefined) return i
  if (x.base) {
    const j = findId(x.base, id) // ids are never reused: one the parent added since is not in this table
    return j !== undefined && j < x.baseLen! ? j : undefined
  }
  if (!x.from) return undefined
  const j = findId(indexOf(x.from.old), id)
  return j === undefined ? undefined : x.from.pos[j]
}

/**
 * The views mountPathsOf hands out, one per index (made again whenever a table's index moves to its
 * copy: every mount(2)). Methods on classes, not objects of closures: under the TypeScript loader each
 * named closure made also costs an Object.defineProperty.
 */
class PlainPaths implements MountPaths {
  constructor(protected readonly ms: Mount[], protected readonly x: TableIndex) {}
  has(p: string): boolean { return this.x.byPath.has(p) }
  get(p: string): number | undefined { return this.x.byPath.get(p) }
  below(d: string): boolean { return aboveOf(this.ms, this.x).has(d) }
}

/** A new namespace's copy (layered on its parent's index) or a table after pivot_root. */
class LayeredPaths extends PlainPaths {
  override has(p: string): boolean { return findPath(this.ms, this.x, p) !== undefined }
  override get(p: string): number | undefined { return findPath(this.ms, this.x, p) }
  override below(d: string): boolean { return this.x.from ? true : isAbove(this.ms, this.x, d) }
}

/** Paths with something mounted on them → index of the last (visible) mount there (namei's fast check). */
export function mountPathsOf(k: Kernel, t: Task): MountPaths {
  const ms = taskMountsRaw(k, t)
  const x = indexOf(ms)
  return (x.view ??= x.from || x.base ? new LayeredPaths(ms, x) : new PlainPaths(ms, x))
}

/** Index of the last (visible) mount at `path` in the table, from its index. */
export function lastMountIndex(ms: Mount[], path: string): number | undefined {
  return findPath(ms, indexOf(ms), path)
}

/** The mount with this id in the task's table. */
export function mountById(k: Kernel, t: Task, id: number): Mount | undefined {
  const ms = taskMountsRaw(k, t)
  const i = findId(indexOf(ms), id)
  return i === undefined ? undefined : rowAt(ms, i)
}

/** The last (visible) mount at `path` in the task's table. */
export function mountAt(k: Kernel, t: Task, path: string): Mount | undefined {
  const ms = taskMountsRaw(k, t)
  const i = findPath(ms, indexOf(ms), path)
  return i === undefined ? undefined : rowAt(ms, i)
}

/**
 * pivot_root's new table: `next[pos[i]]` is `old[i]` with its path rewritten;
 * `outer[n]` marks the old root's mounts (now under `prefix`). Their index is
 * the old table's (runc detaches them at once: a thousand rows need not be
 * indexed under new names to be looked up once).
 */
export function pivotIndex(old: Mount[], next: Mount[], prefix: string, pos: Int32Array, outer: Uint8Array, left: number): void {
  const nsRows = mayHoldNs(old), propRows = mayPropagate(old) // the same rows
  if (left > 0) lazy.set(next, { prefix, todo: outer.slice(), left })
  indexes.set(next, { len: 0, byPath: new Map(), byId: new Map(), from: { rows: next.length, prefix, old, pos, outer }, nsRows, propRows })
}

/** Components of a mount point, "/" 0 ("/a" 1, "/a/b" 2): indexOf, not charCodeAt over freshly concatenated paths. */
export function depthOf(p: string): number {
  let n = 0
  if (p !== '/') for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) n++
  return n
}

/**
 * The rows of a new namespace's copy that are still its parent's, as pivot_root sees them: how many
 * (0 if `ms` is not such a copy), whether one lies below `dir` (the parent's `above` set: a hint that
 * may say yes for a mount the parent made since), and each one's depth, from the parent's index.
 */
export function parentRows(ms: Mount[], dir: string): { rows: number; below: boolean; depths: readonly number[] } {
  const x = indexOf(ms)
  const b = x.base
  if (!b || x.from) return { rows: 0, below: false, depths: [] }
  const rows = x.baseLen!
  const d = (b.depths ??= [])
  // The parent's row i has the path ms[i] has here (rows are replaced with their paths kept, never removed).
  for (let i = d.length; i < rows; i++) d.push(depthOf(rowPath(ms, i)))
  let below = false
  for (let y: TableIndex | undefined = b; y && !below; y = y.base) below = y.above!.has(dir)
  return { rows, below, depths: d }
}

/**
 * `copy` is `ms.slice()`. `replaces`: the copy takes ms's place (mutMounts), so
 * it takes ms's index (ms indexes itself again if ever looked at); else (a new
 * namespace's table) it gets a copy of the index.
 */
export function copyIndex(ms: Mount[], copy: Mount[], replaces: boolean): void {
  const x = indexOf(ms)
  if (replaces) {
    indexes.delete(ms)
    x.view = undefined // it reads ms
    indexes.set(copy, x)
  } else if (!x.from) {
    // Layered on the parent's index, not a copy of its maps: the parent's `above` is built now (once per
    // parent index, then kept up with its appends), so a lookup through the copy never builds it from these rows.
    aboveOf(ms, x)
    indexes.set(copy, { len: x.len, byPath: new Map(), byId: new Map(), above: new Set(), base: x, baseLen: x.len })
  }
}

/** A table was edited in place: its index catches up on the next lookup (appends) or is rebuilt (removals). */
export function mountsChanged(k: Kernel, t: Task): void {
  const ms = taskMountsRaw(k, t)
  const x = indexes.get(ms)
  if (x && x.len > ms.length) indexes.delete(ms)
}

/** The mount a path lives on: the last mount at the longest mount-point prefix of `path`; -1 if none. */
export function mountIndexFor(ms: Mount[], path: string): number {
  const x = indexOf(ms)
  for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf('/'), 1))) {
    const i = findPath(ms, x, p)
    if (i !== undefined) return i
    if (p === '/' || p === '') return -1
  }
}
