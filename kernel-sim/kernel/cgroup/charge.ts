// Memory-cgroup charging without limits (page_counter_charge, memcg_memory_event):
// the bottom of the memory controller, used by the limit-checking try_charge
// (memory.ts) and by charges that never fail, such as the page cache's.
import type { Kernel } from '../kernel.ts'
import { cg, mutCg } from './table.ts'
import type { Cgroup, MemEvents, MemKind } from './types.ts'

/** Adds (or with a negative n removes) a charge on the cgroup and its ancestors, without limits. */
export function memCharge(k: Kernel, cgroup: number, n: number, kind: MemKind): void {
  if (n === 0) return
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    w.memCurrent += n
    if (w.memCurrent > w.memPeak) w.memPeak = w.memCurrent
    const st = (w.memStat = k.own(w.memStat))
    st[kind] += n
    if (n > 0 && w.memCurrent > w.memHigh) memEvent(k, id, 'high')
    id = w.parent
  }
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

