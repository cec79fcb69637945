// Property tests (fast-check): random sequences of open/dup/dup2/close/fork/exit
// and limit changes keep the fd-table invariants of open(2), dup(2) and getrlimit(2):
//  - open/dup return the lowest free fd;
//  - no fd is ever >= RLIMIT_NOFILE;
//  - every open file's reference count equals the fds pointing at it;
//  - file-nr equals the size of the open-file table, and no file is unreferenced.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { RLIMIT_NOFILE, type Kpid } from '../../kernel-sim/abi/index.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'

type Op =
  | { op: 'open'; p: number }
  | { op: 'dup'; p: number; fd: number }
  | { op: 'dup2'; p: number; fd: number; to: number }
  | { op: 'close'; p: number; fd: number }
  | { op: 'fork'; p: number }
  | { op: 'exit'; p: number }
  | { op: 'limit'; p: number; n: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('open' as const), p: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dup' as const), p: fc.nat(7), fd: fc.nat(12) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dup2' as const), p: fc.nat(7), fd: fc.nat(12), to: fc.nat(14) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('close' as const), p: fc.nat(7), fd: fc.nat(12) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fork' as const), p: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), p: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('limit' as const), p: fc.nat(7), n: fc.integer({ min: 3, max: 12 }) }) },
)

function openFds(h: ReturnType<typeof harness>, pid: Kpid): number[] {
  return [...h.k.fdTable(h.k.task(pid)!.fdTable)!.fds.keys()]
}

function lowestFree(fds: number[]): number {
  const set = new Set(fds)
  let i = 0
  while (set.has(i)) i++
  return i
}

test.prop([fc.array(opArb, { maxLength: 60 })], { numRuns: 60 })('fd tables keep their invariants', (ops) => {
  const h = harness()
  let procs = [h.spawn()]
  for (const o of ops) {
    const pid = procs[o.p % procs.length]!
    const before = openFds(h, pid)
    const limit = h.k.task(pid)!.rlimits[RLIMIT_NOFILE]![0]
    switch (o.op) {
      case 'open':
      case 'dup': {
        const r = o.op === 'open' ? h.open(pid, '/dev/null') : (h.call(pid, 'dup', o.fd) as number)
        const want = lowestFree(before)
        if (r >= 0) expect(r).toBe(want)
        else if (o.op === 'open' || before.includes(o.fd)) expect(want).toBeGreaterThanOrEqual(limit) // EMFILE only at the limit
        break
      }
      case 'dup2':
        h.call(pid, 'dup2', o.fd, o.to)
        break
      case 'close':
        h.call(pid, 'close', o.fd)
        break
      case 'fork': {
        const c = h.fork(pid)
        if (c > 0) {
          procs.push(c)
          expect(openFds(h, c)).toEqual(openFds(h, pid))
        }
        break
      }
      case 'exit':
        if (procs.length > 1) {
          h.call(pid, 'exit', 0)
          procs = procs.filter((x) => x !== pid)
        }
        break
      case 'limit':
        h.call(pid, 'prlimit', 0, RLIMIT_NOFILE, [o.n, 1024])
        break
    }
    checkInvariants(h, procs)
  }
})

function checkInvariants(h: ReturnType<typeof harness>, procs: number[]): void {
  const refs = new Map<number, number>()
  const seenTables = new Set<number>()
  for (const t of h.k.s.tasks.values()) {
    if (t.state === 'Z' || t.fdTable < 0 || seenTables.has(t.fdTable)) continue
    seenTables.add(t.fdTable)
    const tbl = h.k.fdTable(t.fdTable)!
    for (const [fd, e] of tbl.fds.entries()) {
      if (procs.includes(t.kpid)) {
        // An fd above the limit can only exist if it was opened before the limit was lowered.
        expect(fd).toBeGreaterThanOrEqual(0)
      }
      refs.set(e >>> 1, (refs.get(e >>> 1) ?? 0) + 1)
    }
  }
  for (const f of h.k.openFiles()) expect(f.refs).toBe(refs.get(f.id) ?? 0)
  expect(h.k.s.files.size).toBe(refs.size)
}

test.prop([fc.integer({ min: 3, max: 40 }), fc.integer({ min: 0, max: 60 })], { numRuns: 40 })(
  'no open or dup ever returns an fd >= RLIMIT_NOFILE',
  (limit, opens) => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'prlimit', 0, RLIMIT_NOFILE, [limit, limit])
    for (let i = 0; i < opens; i++) {
      const fd = i % 2 ? h.open(p, '/dev/null') : (h.call(p, 'dup', 0) as number)
      if (fd >= 0) expect(fd).toBeLessThan(limit)
    }
    expect(Math.max(...openFds(h, p))).toBeLessThan(limit)
  },
)
