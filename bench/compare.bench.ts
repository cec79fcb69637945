// isolab compare (issue 11): one CVE's exploit on fresh seeded machines in all
// seven topologies (containers, VMs, a container in a VM, a microVM) in <= 3 s
// of wall time, for a CVE reached through fsconfig (0185) and one through
// cgroup v1's release agent (0492, whose machines also mount a v1 hierarchy).
import { compare } from '../src/compare/compare.ts'

const CVES = ['CVE-2022-0185', 'CVE-2022-0492']

export const name = `compare ${CVES.join(', ')}`
export const runs = 3

export function run() {
  const out: Record<string, number> = {}
  for (const id of CVES) {
    const t0 = performance.now()
    const c = compare(id)
    const ms = performance.now() - t0
    if (typeof c === 'string') throw new Error(c)
    out[`${id} topologies`] = c.rows.length
    out[`${id} wall ms (target <= 3000)`] = Math.round(ms)
  }
  return out
}
