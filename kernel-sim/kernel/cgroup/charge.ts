// Memory-cgroup charging without limits (page_counter_charge, memcg_memory_event):
// the bottom of the memory controller, used by the limit-checking try_charge
// (memory.ts) and by charges that never fail, such as the page cache's.
import type { Kernel } from '../kernel.ts'
import { cg, mutCg } from './table.ts'
import type { KernelState } from '../state.ts'
import type { Cgroup, MemEvents, MemKind, MemStat } from './types.ts'

/** Adds (or with a negative n removes) a charge on the cgroup and its ancestors, without limits. */
export function memCharge(k: Kernel, cgroup: number, n: number, kind: MemKind): void {
  if (n !== 0) chargeRows(k, pathOf(k, cgroup), n, kind)
}

/**
 * Moves `n` bytes of what is charged to the cgroup (and its ancestors) from one
 * memory.stat kind to another: memory.current stays, so nothing is checked or
 * counted as an event (fork's kernel stack, charged with the task's pages).
 */
export function memStatMove(k: Kernel, cgroup: number, n: number, from: MemKind, to: MemKind): void {
  const p = pathOf(k, cgroup)
  for (let i = 0; i < p.stats.length; i++) {
    const st = p.stats[i]!
    st[from] -= n
    st[to] += n
  }
}

/** The cgroup's charge path in this tick: the remembered one, or its rows and stats copied now. */
function pathOf(k: Kernel, cgroup: number): ChargePath {
  const p = chargePath(k, cgroup)
  if (p) return p
  const rows: Cgroup[] = []
  const stats: MemStat[] = []
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    const st = (w.memStat = k.own(w.memStat))
    rows.push(w)
    stats.push(st)
    id = w.parent
  }
  const made = { s: k.s, cgroup, rows, stats }
  paths.set(k, made)
  return made
}

function chargeRows(k: Kernel, p: ChargePath, n: number, kind: MemKind): void {
  for (let i = 0; i < p.rows.length; i++) {
    const w = p.rows[i]!
    w.memCurrent += n
    if (w.memCurrent > w.memPeak) w.memPeak = w.memCurrent
    p.stats[i]![kind] += n
    if (n > 0 && w.memCurrent > w.memHigh) memEvent(k, w.id, 'high')
  }
}

/**
 * The rows of a cgroup and its ancestors as this tick's copies, with their
 * memory.stat: a flood charges one cgroup once per file, a million times, and
 * walking the hierarchy through the copy-on-write lookups each time was most
 * of the cost of socket(2). Kept for the last cgroup charged; valid in the tick
 * that made it (k.s is a new object each tick) while the table still holds
 * each row and each row its stat.
 */
interface ChargePath {
  s: KernelState
  cgroup: number
  /** Innermost first. */
  rows: Cgroup[]
  stats: MemStat[]
}
const paths = new WeakMap<Kernel, ChargePath>()

/** The charge path of `cgroup` if still valid in this tick (which this opens). */
export function chargePath(k: Kernel, cgroup: number): ChargePath | undefined {
  void k.edit // opens the tick: after a commit k.s is the snapshot, which no charge may change
  const p = paths.get(k)
  if (p === undefined || p.s !== k.s || p.cgroup !== cgroup) return undefined
  for (let i = 0; i < p.rows.length; i++) {
    const w = p.rows[i]!
    if (cg(k, w.id) !== w || w.memStat !== p.stats[i]) return undefined
  }
  return p
}

/** The first level of a valid charge path that `n` more bytes would take over memory.max, or undefined. */
export function pathOverLimit(p: ChargePath, n: number): Cgroup | undefined {
  for (let i = 0; i < p.rows.length; i++) {
    const c = p.rows[i]!
    if (c.memCurrent + n > c.memMax) return c
  }
  return undefined
}

/** Charges a valid path (chargePath) with `n` bytes of `kind`. */
export function memChargePath(k: Kernel, p: ChargePath, n: number, kind: MemKind): void {
  if (n !== 0) chargeRows(k, p, n, kind)
}

/** memcg_memory_event(): counted in the cgroup's .local and in it and every ancestor. */
export function memEvent(k: Kernel, id: number, ev: keyof MemEvents): void {
  const w = mutCg(k, id)
  w.memEventsLocal = { ...w.memEventsLocal, [ev]: w.memEventsLocal[ev] + 1 }
  for (let c: Cgroup | undefined = w; c && c.parent >= 0; c = cg(k, c.parent)) {
    const a = mutCg(k, c.id)
    a.memEvents = { ...a.memEvents, [ev]: a.memEvents[ev] + 1 }
  }
}

