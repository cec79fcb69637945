// Conformance: the pids controller (cgroup-v2.rst "PID"; kernel/cgroup/pids.c;
// fork(2) EAGAIN "the PID limit (pids.max) imposed by the cgroup ... was reached").
import { describe, expect, it } from 'vitest'
import { E } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

describe('pids controller', () => {
  it('pids.max "max" by default; 4194304 accepted, 4194305 and -1 EINVAL (pids_max_write)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'g')
    expect(rd(h, p, 'g/pids.max')).toBe('max\n')
    expect(wr(h, p, 'g/pids.max', '4194305')).toBe(-E.EINVAL)
    expect(wr(h, p, 'g/pids.max', '-1')).toBe(-E.EINVAL)
    expect(wr(h, p, 'g/pids.max', 'lots')).toBe(-E.EINVAL)
    expect(wr(h, p, 'g/pids.max', '4194304\n')).toBeGreaterThan(0)
    expect(rd(h, p, 'g/pids.max')).toBe('4194304\n')
    expect(wr(h, p, 'g/pids.max', 'max')).toBeGreaterThan(0)
    expect(rd(h, p, 'g/pids.max')).toBe('max\n')
  })

  it('fork beyond pids.max fails with EAGAIN; pids.events "max N", pids.peak, one kernel log line (CGV1 pids.rst example)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'parent')
    mkdir(h, p, 'parent/child')
    expect(wr(h, p, 'parent/cgroup.subtree_control', '+pids')).toBeGreaterThan(0) // v2: the child gets pids files
    expect(wr(h, p, 'parent/pids.max', '2')).toBeGreaterThan(0)
    move(h, p, p, 'parent')
    expect(rd(h, p, 'parent/pids.current')).toBe('1\n')
    const c = h.fork(p)
    expect(c).toBeGreaterThan(0)
    expect(rd(h, p, 'parent/pids.current')).toBe('2\n')
    expect(h.fork(p)).toBe(-E.EAGAIN)
    expect(h.fork(c)).toBe(-E.EAGAIN)
    expect(rd(h, p, 'parent/pids.events')).toBe('max 2\n')
    expect(rd(h, p, 'parent/pids.peak')).toBe('2\n')
    expect(rd(h, p, 'parent/child/pids.max')).toBe('max\n')
    const logs = h.k.coarse.dmesg.filter((l) => l.includes('fork rejected'))
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatch(/\] cgroup: fork rejected by pids controller in \/parent$/)
  })

  it('a limit anywhere up the tree applies (hierarchical), and zombies count until reaped (pids_release)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    wr(h, p, 'a/cgroup.subtree_control', '+pids')
    mkdir(h, p, 'a/b')
    wr(h, p, 'a/pids.max', '2')
    const q = h.spawn()
    move(h, p, q, 'a/b')
    const c = h.fork(q)
    expect(h.fork(q)).toBe(-E.EAGAIN)
    expect(rd(h, p, 'a/pids.events')).toBe('max 1\n')
    expect(rd(h, p, 'a/b/pids.events')).toBe('max 0\n') // the limit was a's
    h.call(c, 'exit', 0)
    expect(rd(h, p, 'a/b/pids.current')).toBe('2\n') // zombie
    expect(h.fork(q)).toBe(-E.EAGAIN)
    h.call(q, 'wait4', c, 0)
    expect(rd(h, p, 'a/b/pids.current')).toBe('1\n')
    expect(h.fork(q)).toBeGreaterThan(0)
  })

  it('organisational operations are not blocked: lowering the limit or migrating in may exceed it (cgroup-v2.rst)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'o')
    const a = h.spawn()
    const b = h.spawn()
    wr(h, p, 'o/pids.max', '1')
    expect(move(h, p, a, 'o')).toBeGreaterThan(0)
    expect(move(h, p, b, 'o')).toBeGreaterThan(0)
    expect(rd(h, p, 'o/pids.current')).toBe('2\n')
    expect(wr(h, p, 'o/pids.max', '0')).toBeGreaterThan(0)
    expect(h.fork(a)).toBe(-E.EAGAIN)
  })

  it('a fork bomb is contained: pids.current never exceeds pids.max while another group still forks', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'bomb')
    wr(h, p, 'bomb/pids.max', '50')
    const b = h.spawn()
    move(h, p, b, 'bomb')
    const pids = [b]
    for (let i = 0; i < 200; i++) {
      const c = h.fork(pids[i % pids.length]!)
      if (c > 0) pids.push(c)
      else expect(c).toBe(-E.EAGAIN)
    }
    expect(rd(h, p, 'bomb/pids.current')).toBe('50\n')
    expect(h.fork(p)).toBeGreaterThan(0)
  })
})
