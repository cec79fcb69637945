// A plain summary of the tree for the live view (src/host/view.ts → MachineView.cgroups).
import type { Kernel } from '../kernel.ts'
import { memberPids } from './hierarchy.ts'
import { ROOT, subtree } from './table.ts'
import { MAX } from './types.ts'

export interface CgroupView {
  path: string
  procs: number
  pidsCurrent: number
  pidsMax: number | 'max'
  memoryCurrent: number
  memoryMax: number | 'max'
  cpuUsageUsec: number
}

/** Every cgroup, parents before children (paths sorted). */
export function cgroupViews(k: Kernel): CgroupView[] {
  const lim = (n: number): number | 'max' => (n >= MAX ? 'max' : n)
  return subtree(k, ROOT)
    .map((c) => ({
      path: c.path, procs: memberPids(k, c.id).length, pidsCurrent: c.pidsCurrent, pidsMax: lim(c.pidsMax),
      memoryCurrent: c.memCurrent, memoryMax: lim(c.memMax), cpuUsageUsec: Math.floor(c.cpuUsageNs / 1000),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
