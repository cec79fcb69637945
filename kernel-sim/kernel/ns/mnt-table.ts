// The mount table a task sees (mount_namespaces(7)): the initial namespace's
// is coarse.mounts, every other one lives in its namespace record. namei asks
// here for every lookup, so this module imports nothing that walks paths.
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'
import { INIT_INO, nsRec } from './core.ts'

export function mountsOf(k: Kernel, ino: number): Mount[] {
  return ino === INIT_INO.mnt ? k.coarse.mounts : nsRec(k, ino)?.mounts ?? k.coarse.mounts
}

/** The task's mount table. */
export const taskMounts = (k: Kernel, t: Task) => mountsOf(k, t.ns.mnt)

const pathCache = new WeakMap<Mount[], Set<string>>()
/** Paths with something mounted on them, derived per table (namei's fast check). */
export function mountPathsOf(k: Kernel, t: Task): Set<string> {
  const ms = taskMounts(k, t)
  let s = pathCache.get(ms)
  if (!s) pathCache.set(ms, (s = new Set(ms.map((m) => m.path))))
  return s
}


/** A table was edited in place (an immer draft keeps its identity within a tick): forget its derived paths. */
export function mountsChanged(k: Kernel, t: Task): void {
  pathCache.delete(taskMounts(k, t))
}
