// The mount table a task sees (mount_namespaces(7)): the initial namespace's
// is coarse.mounts, every other one lives in its namespace record. namei asks
// here for every lookup, so this module imports nothing that walks paths.
import { current, isDraft } from 'immer'
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'
import { INIT_INO, nsRec } from './core.ts'

export function mountsOf(k: Kernel, ino: number): Mount[] {
  const ms = ino === INIT_INO.mnt ? k.coarse.mounts : nsRec(k, ino)?.mounts ?? k.coarse.mounts
  // Read through an open immer draft, the table would be a proxy making a proxy of every row it is
  // asked for; current() is the plain table (the base itself when unchanged, as mount(2) replaces tables).
  return isDraft(ms) ? (current(ms) as Mount[]) : ms
}

/** The task's mount table. */
export const taskMounts = (k: Kernel, t: Task) => mountsOf(k, t.ns.mnt)

/**
 * Derived per table: the index of the last mount at each path, and of each
 * mount id. mutMounts() copies a table and edits the copy (appends, rows
 * replaced in place, or removals): the old table's index moves to the copy
 * (rows keep their positions) and follows the appends; it is rebuilt after a
 * removal. A new mount namespace's copy gets a copy of the index (a native
 * Map copy, not a walk over the rows). With a thousand containers the host's
 * table holds a thousand overlay mounts, and each new container's copy as many.
 */
interface TableIndex {
  len: number
  byPath: Map<string, number>
  byId: Map<number, number>
}
const indexes = new WeakMap<Mount[], TableIndex>()

function indexOf(ms: Mount[]): TableIndex {
  let x = indexes.get(ms)
  if (x && x.len > ms.length) x = undefined // rows were removed
  if (!x) indexes.set(ms, (x = { len: 0, byPath: new Map(), byId: new Map() }))
  for (; x.len < ms.length; x.len++) {
    x.byPath.set(ms[x.len]!.path, x.len)
    x.byId.set(ms[x.len]!.id, x.len)
  }
  return x
}

/** Paths with something mounted on them → index of the last (visible) mount there (namei's fast check). */
export function mountPathsOf(k: Kernel, t: Task): ReadonlyMap<string, number> {
  return indexOf(taskMounts(k, t)).byPath
}

/** The mount with this id in the task's table. */
export function mountById(k: Kernel, t: Task, id: number): Mount | undefined {
  const ms = taskMounts(k, t)
  const i = indexOf(ms).byId.get(id)
  return i === undefined ? undefined : ms[i]
}

/**
 * `copy` is `ms.slice()`. `replaces`: the copy takes ms's place (mutMounts), so
 * it takes ms's index (ms indexes itself again if ever looked at); else (a new
 * namespace's table) it gets a copy of the index.
 */
export function copyIndex(ms: Mount[], copy: Mount[], replaces: boolean): void {
  const x = indexOf(ms)
  if (replaces) indexes.delete(ms)
  indexes.set(copy, replaces ? x : { len: x.len, byPath: new Map(x.byPath), byId: new Map(x.byId) })
}

/** A table was edited in place: its index catches up on the next lookup (appends) or is rebuilt (removals). */
export function mountsChanged(k: Kernel, t: Task): void {
  const ms = taskMounts(k, t)
  const x = indexes.get(ms)
  if (x && x.len > ms.length) indexes.delete(ms)
}

/** The mount a path lives on: the last mount at the longest mount-point prefix of `path`; -1 if none. */
export function mountIndexFor(ms: Mount[], path: string): number {
  const byPath = indexOf(ms).byPath
  for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf('/'), 1))) {
    const i = byPath.get(p)
    if (i !== undefined) return i
    if (p === '/' || p === '') return -1
  }
}
