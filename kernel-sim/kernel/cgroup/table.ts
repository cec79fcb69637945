// Reading and copy-on-write updating of the cgroup table (kernel-sim/README.md
// "State is data": a row is copied once per tick through k.own(), the PMap
// path through the tick's edit token).
import { PMap } from '../../base/pmap.ts'
import { objectKeyOrder } from '../../base/key-order.ts'
import type { Kernel } from '../kernel.ts'
import { newCgroupRow, type Cgroup, type CgroupTable } from './types.ts'

export const ROOT = 0

export function emptyCgroupTable(): CgroupTable {
  return { rows: PMap.empty(), nextId: 1, diskBusyNs: 0 }
}

export function cg(k: Kernel, id: number): Cgroup | undefined {
  return k.s.cgroups.rows.get(id)
}

/** This tick's copy of the table object itself. */
export function mutTable(k: Kernel): CgroupTable {
  void k.edit // opens the tick: k.s is this tick's copy
  const tab = k.own(k.s.cgroups)
  k.s.cgroups = tab
  return tab
}

/** A row for writing (copied once per tick). */
export function mutCg(k: Kernel, id: number): Cgroup {
  const cur = k.s.cgroups.rows.get(id)
  if (cur === undefined) throw new Error(`kernel bug: no cgroup ${id}`)
  const w = k.own(cur)
  if (w !== cur) {
    const tab = mutTable(k)
    tab.rows = tab.rows.set(id, w, k.edit)
  }
  return w
}

export function putCg(k: Kernel, row: Cgroup): void {
  const tab = mutTable(k)
  tab.rows = tab.rows.set(row.id, k.own(row), k.edit)
}

export function removeCg(k: Kernel, id: number): void {
  const tab = mutTable(k)
  tab.rows = tab.rows.delete(id, k.edit)
}

/** Creates the root cgroup (boot). */
export function cgroupBoot(k: Kernel): void {
  const root = newCgroupRow(ROOT, undefined, '')
  // As systemd leaves a host at boot: every controller enabled for the children of the root.
  root.subtreeControl = ['cpu', 'io', 'memory', 'pids']
  putCg(k, root)
}

/** Is `id` inside the subtree rooted at `top`? */
export function inSubtree(k: Kernel, id: number, top: number): boolean {
  for (let c = cg(k, id); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) if (c.id === top) return true
  return false
}

/** The subtree rooted at `id`, parents before children. */
export function subtree(k: Kernel, id: number): Cgroup[] {
  const out: Cgroup[] = []
  const stack = [id]
  while (stack.length) {
    const c = cg(k, stack.pop()!)
    if (!c) continue
    out.push(c)
    for (const name of objectKeyOrder(c.children.keys())) stack.push(c.children.get(name)!)
  }
  return out
}

/** The controllers available in a cgroup: its parent's subtree_control (the root has all). */
export function controllersOf(k: Kernel, c: Cgroup): readonly string[] {
  if (c.parent < 0) return ['cpu', 'io', 'memory', 'pids']
  return cg(k, c.parent)!.subtreeControl
}

export function enabled(k: Kernel, c: Cgroup, ctrl: string): boolean {
  return c.parent >= 0 && controllersOf(k, c).includes(ctrl)
}

/** Is the cgroup frozen (cgroup.freeze set on it or an ancestor)? */
export function frozen(k: Kernel, id: number): boolean {
  // A plain walk up, no generator: the scheduler asks this for every task it picks.
  for (let c = cg(k, id); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) if (c.freeze) return true
  return false
}
