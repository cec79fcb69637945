// Samples of a few counters over virtual time, for the plots. Pure.
import type { MachineView } from '../../src/host/types.ts'

export interface Series { label: string; unit: 'count' | 'bytes'; points: [number, number][]; max: number }

/** What each plot samples; file-nr takes the view's peak, so a flood shorter than a sample still shows. */
export const SERIES: Record<string, { unit: Series['unit']; of(v: MachineView): { y: number; max: number } }> = {
  'open files (file-nr)': { unit: 'count', of: (v) => ({ y: Math.max(v.files.nr, v.files.peak ?? 0), max: v.files.max }) },
  tasks: { unit: 'count', of: (v) => ({ y: v.tasks.count, max: v.tasks.pidMax }) },
  'memory used': { unit: 'bytes', of: (v) => ({ y: v.memory.usedBytes, max: v.memory.totalBytes }) },
}

export class Samples {
  readonly series = new Map<string, Series>()
  /** Bumped on every change, so a drawer can tell it has nothing new. */
  version = 0
  constructor(private cap = 600) {}

  add(v: MachineView): void {
    this.version++
    for (const [label, { unit, of }] of Object.entries(SERIES)) {
      const { y, max } = of(v)
      const s = this.series.get(label) ?? { label, unit, points: [], max }
      const last = s.points[s.points.length - 1]
      // Same instant: keep the larger value (a peak is never overwritten by the count after it).
      if (last && last[0] === v.nowNs) last[1] = Math.max(last[1], y)
      else s.points.push([v.nowNs, y])
      if (s.points.length > this.cap) s.points.splice(0, s.points.length - this.cap)
      s.max = max
      this.series.set(label, s)
    }
  }

  clear(): void { this.series.clear(); this.version++ }
}

/** The points up to virtual time `untilNs` (a past point of the timeline), or all. */
export function upTo(points: [number, number][], untilNs?: number): [number, number][] {
  if (untilNs === undefined) return points
  let n = points.length
  while (n > 0 && points[n - 1]![0] > untilNs) n--
  return points.slice(0, n)
}

export function peakOf(points: [number, number][]): number {
  let m = 0
  for (const p of points) if (p[1] > m) m = p[1]
  return m
}
