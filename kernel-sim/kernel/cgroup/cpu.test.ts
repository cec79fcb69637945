// Conformance: the cpu controller (cgroup-v2.rst "CPU"; kernel/sched/core.c
// cpu_period_quota_parse, tg_set_cfs_bandwidth, cpu_weight_write_u64).
import { describe, expect, it } from 'vitest'
import { E } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

const MS = 1_000_000

function statOf(text: string | number): Record<string, number> {
  return Object.fromEntries(String(text).trim().split('\n').map((l) => { const [k, v] = l.split(' '); return [k!, Number(v)] }))
}

describe('cpu controller files', () => {
  it('cpu.max: "max 100000" by default; "$MAX $PERIOD" or only $MAX; bad input EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'c')
    expect(rd(h, p, 'c/cpu.max')).toBe('max 100000\n')
    expect(wr(h, p, 'c/cpu.max', '50000 100000')).toBeGreaterThan(0)
    expect(rd(h, p, 'c/cpu.max')).toBe('50000 100000\n')
    expect(wr(h, p, 'c/cpu.max', '20000')).toBeGreaterThan(0) // "If only one number is written, $MAX is updated."
    expect(rd(h, p, 'c/cpu.max')).toBe('20000 100000\n')
    expect(wr(h, p, 'c/cpu.max', 'max')).toBeGreaterThan(0)
    expect(rd(h, p, 'c/cpu.max')).toBe('max 100000\n')
    expect(wr(h, p, 'c/cpu.max', 'half')).toBe(-E.EINVAL)
    expect(wr(h, p, 'c/cpu.max', '500 100000')).toBe(-E.EINVAL) // quota < 1 ms
    expect(wr(h, p, 'c/cpu.max', '50000 500')).toBe(-E.EINVAL) // period < 1 ms
    expect(wr(h, p, 'c/cpu.max', '50000 2000000')).toBe(-E.EINVAL) // period > 1 s
  })

  it('cpu.weight: 100 by default, [1, 10000], else ERANGE; non-numbers EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'c')
    expect(rd(h, p, 'c/cpu.weight')).toBe('100\n')
    expect(wr(h, p, 'c/cpu.weight', '0')).toBe(-E.ERANGE)
    expect(wr(h, p, 'c/cpu.weight', '10001')).toBe(-E.ERANGE)
    expect(wr(h, p, 'c/cpu.weight', 'x')).toBe(-E.EINVAL)
    expect(wr(h, p, 'c/cpu.weight', '10000')).toBeGreaterThan(0)
  })

  it('cpu.stat: usage/user/system always; bandwidth keys where the controller is enabled', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'c')
    mkdir(h, p, 'c/d')
    expect(Object.keys(statOf(rd(h, p, 'c/cpu.stat')))).toEqual(['usage_usec', 'user_usec', 'system_usec', 'nr_periods', 'nr_throttled', 'throttled_usec', 'nr_bursts', 'burst_usec'])
    expect(Object.keys(statOf(rd(h, p, 'c/d/cpu.stat')))).toEqual(['usage_usec', 'user_usec', 'system_usec'])
    expect(Object.keys(statOf(rd(h, p, 'cpu.stat')))).toEqual(['usage_usec', 'user_usec', 'system_usec'])
  })

  it('cpu time is charged to the cgroup and its ancestors: user for cpu(), system for syscalls', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'c')
    const q = h.spawn()
    move(h, p, q, 'c')
    for (let i = 0; i < 10; i++) h.call(q, 'cpu', 2 * MS)
    const s = statOf(rd(h, p, 'c/cpu.stat'))
    expect(s.user_usec).toBe(20_000)
    expect(s.system_usec).toBeGreaterThan(0)
    expect(s.usage_usec).toBe(s.user_usec! + s.system_usec!)
    expect(statOf(rd(h, p, 'cpu.stat')).usage_usec).toBeGreaterThanOrEqual(s.usage_usec!)
  })
})

describe('cpu.max bandwidth in virtual time', () => {
  it('a cgroup limited to 10% runs 10 ms per 100 ms period: 50 ms of work takes about half a second', () => {
    const h = harness({ cpus: 1 })
    const p = h.spawn()
    mkdir(h, p, 'c')
    wr(h, p, 'c/cpu.max', '10000 100000')
    const q = h.spawn()
    move(h, p, q, 'c')
    const t0 = h.k.s.nowNs
    for (let i = 0; i < 50; i++) h.call(q, 'cpu', 1 * MS)
    const elapsed = (h.k.s.nowNs - t0) / MS
    expect(elapsed).toBeGreaterThan(400)
    expect(elapsed).toBeLessThan(600)
    const s = statOf(rd(h, p, 'c/cpu.stat'))
    expect(s.nr_throttled).toBeGreaterThanOrEqual(4)
    expect(s.throttled_usec).toBeGreaterThan(300_000)
    expect(s.nr_periods).toBeGreaterThanOrEqual(4)
  })

  it('without a limit the same work takes its CPU time', () => {
    const h = harness({ cpus: 1 })
    const p = h.spawn()
    mkdir(h, p, 'c')
    const q = h.spawn()
    move(h, p, q, 'c')
    const t0 = h.k.s.nowNs
    for (let i = 0; i < 50; i++) h.call(q, 'cpu', 1 * MS)
    expect((h.k.s.nowNs - t0) / MS).toBeLessThan(60)
    expect(statOf(rd(h, p, 'c/cpu.stat')).nr_throttled).toBe(0)
  })
})
