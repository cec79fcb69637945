// Property tests (fast-check) for the cgroup v2 isolation invariants
// (cgroup-v2.rst: pids and memory controllers; cgroups(7)):
//  - a fork that succeeds never leaves pids.current > pids.max anywhere up the tree,
//    and an allocation that succeeds never leaves memory.current > memory.max
//    (only the organisational operations — migration, lowering a limit — may);
//  - pids.current and memory.current equal the sums over the members (and the
//    kernel objects they opened);
//  - cgroup.events "populated" is 1 exactly when a live process is in the subtree.
import { type Kpid } from '../../kernel-sim/abi/index.ts'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { harness } from '../../kernel-sim/testing/harness.ts'
import { mkdir, move, rd, wr } from '../../kernel-sim/kernel/cgroup/testutil.ts'
import type { Cgroup } from '../../kernel-sim/kernel/cgroup/types.ts'

const GROUPS = ['a', 'a/b', 'c'] as const
const MiB = 2 ** 20
const SLAB = { file: 256, socket: 2048, task: 16384 }

type Op =
  | { op: 'fork'; p: number }
  | { op: 'exit'; p: number }
  | { op: 'mmap'; p: number; mib: number }
  | { op: 'open'; p: number }
  | { op: 'socket'; p: number }
  | { op: 'close'; p: number }
  | { op: 'move'; p: number; g: number }
  | { op: 'pidsMax'; g: number; n: number }
  | { op: 'memMax'; g: number; mib: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('fork' as const), p: fc.nat(15) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('exit' as const), p: fc.nat(15) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mmap' as const), p: fc.nat(15), mib: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('open' as const), p: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('socket' as const), p: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), p: fc.nat(15) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), p: fc.nat(15), g: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pidsMax' as const), g: fc.nat(2), n: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('memMax' as const), g: fc.nat(2), mib: fc.integer({ min: 4, max: 48 }) }) },
)

function rows(h: ReturnType<typeof harness>): Cgroup[] {
  return [...h.k.s.cgroups.rows.values()]
}

function inSub(h: ReturnType<typeof harness>, id: number, top: number): boolean {
  for (let c = h.k.s.cgroups.rows.get(id); c; c = h.k.s.cgroups.rows.get(c.parent)) if (c.id === top) return true
  return false
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 50 })], { numRuns: 60 })('cgroup counters and limits under random fork/exit/alloc/move storms', (ops) => {
  const h = harness({ memoryBytes: 4 * 2 ** 30 })
  const admin = h.spawn()
  for (const g of GROUPS) mkdir(h, admin, g)
  wr(h, admin, 'a/cgroup.subtree_control', '+pids +memory')
  const live: Kpid[] = [h.spawn(), h.spawn()]
  move(h, admin, live[0]!, 'a/b')
  move(h, admin, live[1]!, 'c')
  const limited = ['a', 'a/b', 'c']
  for (const o of ops) {
    const alive = live.filter((p) => { const t = h.k.task(p); return t !== undefined && t.state !== 'Z' })
    const p = alive.length ? alive[('p' in o ? o.p : 0) % alive.length]! : undefined
    // Groups already over a limit (by a migration or a lowered limit) before this operation.
    const overPids = new Set(rows(h).filter((c) => c.pidsCurrent > c.pidsMax).map((c) => c.id))
    const overMem = new Set(rows(h).filter((c) => c.memCurrent > c.memMax).map((c) => c.id))
    let checkPids = false
    let checkMem = false
    switch (o.op) {
      case 'fork': {
        if (p === undefined) break
        // The child's charge may OOM-kill the parent itself inside fork (then there is no result).
        let c = -1
        try { c = h.fork(p) } catch { c = -1 }
        if (c > 0) { live.push(c as Kpid); checkPids = true; checkMem = true } // > 0: the child's kpid
        break
      }
      case 'exit':
        if (p !== undefined && alive.length > 1) h.call(p, 'exit', 0)
        break
      case 'mmap':
        if (p !== undefined && typeof h.call(p, 'mmap', o.mib * MiB) === 'number') checkMem = true
        break
      case 'open':
        if (p !== undefined && (h.open(p, '/dev/null') as number) >= 0) checkMem = true
        break
      case 'socket':
        if (p !== undefined && (h.call(p, 'socket', 2, 1, 0) as number) >= 0) checkMem = true
        break
      case 'close':
        if (p !== undefined) h.call(p, 'close', 3)
        break
      case 'move':
        if (p !== undefined) move(h, admin, p, o.g === 3 ? '' : GROUPS[o.g]!)
        break
      case 'pidsMax':
        wr(h, admin, `${limited[o.g]}/pids.max`, String(o.n))
        break
      case 'memMax':
        wr(h, admin, `${limited[o.g]}/memory.max`, `${o.mib}M`)
        break
    }
    h.settle()
    const tasks = [...h.k.s.tasks.values()]
    for (const c of rows(h)) {
      if (c.parent < 0) continue
      // The limits hold after every operation that is not organisational.
      if (checkPids && !overPids.has(c.id)) expect(c.pidsCurrent).toBeLessThanOrEqual(c.pidsMax)
      if (checkMem && !overMem.has(c.id)) expect(c.memCurrent).toBeLessThanOrEqual(c.memMax)
      // counters are the sums over the members
      const members = tasks.filter((t) => inSub(h, t.cgroup, c.id))
      expect(c.pidsCurrent).toBe(members.length)
      const files = [...h.k.openFiles()].filter((f) => f.memcg !== undefined && inSub(h, f.memcg, c.id))
      const mem = members.reduce((a, t) => a + (t.state === 'Z' ? 0 : t.rssBytes) + SLAB.task, 0) +
        files.reduce((a, f) => a + SLAB.file + (f.kind === 'socket' ? SLAB.socket : 0), 0)
      expect(c.memCurrent).toBe(mem)
      // populated matches reality
      const populated = members.some((t) => t.state !== 'Z')
      expect(rd(h, admin, `${c.path.slice(1)}/cgroup.events`)).toBe(`populated ${populated ? 1 : 0}\nfrozen 0\n`)
    }
  }
})
