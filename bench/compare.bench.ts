// isolab compare (issue 11): one CVE's exploit on fresh seeded machines in all
// seven topologies (containers, VMs, a container in a VM, a microVM) in <= 3 s
// of wall time.
import { compare } from '../src/compare/compare.ts'

export const name = 'compare CVE-2022-0185'
export const runs = 3

export function run() {
  const t0 = performance.now()
  const c = compare('CVE-2022-0185')
  const ms = performance.now() - t0
  if (typeof c === 'string') throw new Error(c)
  return { topologies: c.rows.length, 'wall ms (target <= 3000)': Math.round(ms) }
}
