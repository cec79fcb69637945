// dockerd's answer to `docker stats`: one sample per container from its cgroup
// files (§7.4 of linux-semantics.md): memory.current minus inactive_file
// against memory.max (or the host's RAM), pids.current, and cpu.stat's
// usage_usec with the sampling time so the client can compute CPU % between
// two samples as the Engine's precpu_stats allow.
import { CLOCK_MONOTONIC } from '../../kernel-sim/abi/index.ts'
import { clockGettime, sysinfo, type Sys } from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'
import type { Handler, Handlers } from './ops/types.ts'
import { findContainer, type Container } from './store.ts'

export interface StatsSample {
  id: string
  name: string
  running: boolean
  /** Bytes: memory.current − inactive_file. */
  mem: number
  limit: number
  pids: number
  /** cpu.stat usage_usec, and CLOCK_MONOTONIC ns when read. */
  cpuUsec: number
  atNs: number
}

const field = (s: string | number, key: string): number => {
  if (typeof s === 'number') return 0
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(s)
  return m ? Number(m[1]) : 0
}
const value = (s: string | number): number => (typeof s === 'string' && /^\d+/.test(s.trim()) ? Number(s.trim()) : NaN)

export function* sample(c: Container, totalRam: number): Sys<StatsSample> {
  const base = { id: c.id, name: c.name, running: c.status === 'running', mem: 0, limit: 0, pids: 0, cpuUsec: 0, atNs: yield* clockGettime(CLOCK_MONOTONIC) }
  if (!base.running) return base
  const cur = value(yield* readFile(`${c.cgroup}/memory.current`))
  // "Memory usage shown = total − cache (cgroup v2: inactive_file)".
  const inactive = field(yield* readFile(`${c.cgroup}/memory.stat`), 'inactive_file')
  const max = value(yield* readFile(`${c.cgroup}/memory.max`))
  const pids = value(yield* readFile(`${c.cgroup}/pids.current`))
  return {
    ...base,
    mem: Number.isNaN(cur) ? 0 : Math.max(0, cur - inactive),
    limit: Number.isNaN(max) ? totalRam : max,
    pids: Number.isNaN(pids) ? 0 : pids,
    cpuUsec: field(yield* readFile(`${c.cgroup}/cpu.stat`), 'usage_usec'),
  }
}

/**
 * container.stats: the named containers ("No such container: X" for the first
 * unknown one), or every running one (all: stopped ones too), oldest first.
 */
const stats: Handler<'container.stats'> = function* (d, m, reply) {
  const containers = [...d.containers.values()]
  const list: Container[] = []
  for (const ref of m.refs) {
    const c = findContainer(containers, ref)
    if (!c) {
      yield* reply({ t: 'error', error: `No such container: ${ref}` })
      return
    }
    list.push(c)
  }
  if (!m.refs.length) for (const c of containers) if (m.all || c.status === 'running') list.push(c)
  const si = yield* sysinfo()
  const samples: StatsSample[] = []
  for (const c of list) samples.push(yield* sample(c, si.totalram))
  yield* reply({ t: 'ok', samples })
}

export const STATS_OPS: Handlers<'container.stats'> = { 'container.stats': stats }
