// What one `docker run -d alpine sleep 1` costs the simulated kernel, with
// 100 containers already running: system calls (in total, and the busiest
// calls and programs when ISOLAB_BENCH_DETAIL=1), processes created, inodes
// and kernel memory. Real dockerd + containerd + runc make roughly 3-5k
// syscalls for one start; the figures here say where the simulation differs.
// The counting hook wraps the syscall table's handlers in this bench only.
import { type Kpid } from '../kernel-sim/abi/index.ts'
import type { Kernel } from '../kernel-sim/kernel/kernel.ts'
import { SLAB } from '../kernel-sim/kernel/mm.ts'
import { SYSCALLS } from '../kernel-sim/kernel/syscalls/table.ts'
import { Machine } from '../src/host/machine.ts'

export const name = 'docker-run-cost'
export const runs = 3

const BEFORE = Number(process.env.CONTAINERS_BEFORE ?? 100)

export function run() {
  const byCall = new Map<string, number>()
  const byComm = new Map<string, number>()
  let counting = false
  let m: Machine | undefined
  // Every handler seen through one untyped signature: the hook only counts and forwards.
  type AnyImpl = (k: Kernel, p: Kpid, a: readonly unknown[]) => unknown
  const saved = new Map<string, AnyImpl>()
  for (const [nr, spec] of Object.entries(SYSCALLS) as unknown as [string, { impl: AnyImpl }][]) {
    saved.set(nr, spec.impl)
    const impl = spec.impl
    spec.impl = (k, p, a) => {
      if (counting) {
        byCall.set(nr, (byCall.get(nr) ?? 0) + 1)
        const comm = k.task(p)?.comm ?? '?'
        byComm.set(comm, (byComm.get(comm) ?? 0) + 1)
      }
      return impl(k, p, a)
    }
  }
  try {
    m = new Machine({ memoryBytes: 32 * 2 ** 30 })
    const warm = m.runScript(`docker pull alpine >/dev/null && for i in $(seq ${BEFORE}); do docker run -d alpine sleep 100000 >/dev/null || exit 1; done`, { maxSteps: 1e9 })
    if (warm.status !== 0) throw new Error(`warm-up failed: ${warm.stderr}`)
    const k = m.kernel
    // The shell's own fork+exec of the docker CLI is part of the cost, as `strace -f` from the shell would see it.
    const calls0 = k.syscalls, pid0 = k.s.counters.lastPid, ino0 = k.s.inodes.size, mem0 = m.memory().used
    // Namespaces and cgroups are kernel memory too (counted in Slab since the baseline of #16 did not).
    const nsCg = () => (k.s.counters.nsBytes ?? 0) + k.s.cgroups.rows.size * SLAB.cgroup
    const nsCg0 = nsCg()
    counting = true
    const r = m.runScript('docker run -d alpine sleep 1 >/dev/null', { maxSteps: 1e9 })
    counting = false
    if (r.status !== 0) throw new Error(`docker run failed: ${r.stderr}`)
    const top = (x: Map<string, number>, n: number) => [...x].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k}=${v}`).join(' ')
    if (process.env.ISOLAB_BENCH_DETAIL) {
      console.log(`syscalls by name: ${top(byCall, 25)}`)
      console.log(`syscalls by program: ${top(byComm, 12)}`)
    }
    return {
      'syscalls per docker run -d': k.syscalls - calls0,
      'processes per docker run -d': k.s.counters.lastPid - pid0,
      'inodes per docker run -d': k.s.inodes.size - ino0,
      'kernel memory per docker run -d (KiB)': Math.round((m.memory().used - mem0) / 1024),
      '  of which namespaces + cgroup (KiB)': Math.round((nsCg() - nsCg0) / 1024),
    }
  } finally {
    for (const [nr, impl] of saved) (SYSCALLS as unknown as Record<string, { impl: AnyImpl }>)[nr]!.impl = impl
  }
}
