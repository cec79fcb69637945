// Samples of a few counters over virtual time, for the sparklines. Pure.
import type { MachineView } from '../../src/host/types.ts'

export interface Series { label: string; points: [number, number][]; max: number }

export const SERIES = {
  'file-nr': (v: MachineView) => ({ y: v.files.nr, max: v.files.max }),
  tasks: (v: MachineView) => ({ y: v.tasks.count, max: v.tasks.pidMax }),
  'memory used': (v: MachineView) => ({ y: v.memory.usedBytes, max: v.memory.totalBytes }),
} as const

export class Samples {
  readonly series = new Map<string, Series>()
  /** Bumped on every change, so a drawer can tell it has nothing new. */
  version = 0
  constructor(private cap = 400) {}

  add(v: MachineView): void {
    this.version++
    for (const [label, f] of Object.entries(SERIES)) {
      const { y, max } = f(v)
      const s = this.series.get(label) ?? { label, points: [], max }
      const last = s.points[s.points.length - 1]
      if (last && last[0] === v.nowNs) last[1] = y
      else s.points.push([v.nowNs, y])
      if (s.points.length > this.cap) s.points.splice(0, s.points.length - this.cap)
      s.max = max
      this.series.set(label, s)
    }
  }

  clear(): void { this.series.clear(); this.version++ }
}
