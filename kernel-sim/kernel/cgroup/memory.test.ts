// Conformance: the memory controller (cgroup-v2.rst "Memory"; mm/memcontrol.c,
// mm/page_counter.c page_counter_memparse; linux-semantics.md §3.6).
import { describe, expect, it } from 'vitest'
import { AF_INET, E, SOCK_STREAM, type Kpid } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { memparseLimit } from './memory.ts'
import { MAX } from './types.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

const MiB = 2 ** 20

/** A harness process is reaped by init once killed: gone or a zombie both mean dead. */
const alive = (h: ReturnType<typeof harness>, pid: Kpid) => { const t = h.k.task(pid); return t !== undefined && t.state !== 'Z' }

describe('memory controller files', () => {
  it('page_counter_memparse: "max", K/M/G suffixes, rounded down to pages; garbage is EINVAL', () => {
    expect(memparseLimit('max')).toBe(MAX)
    expect(memparseLimit('100M')).toBe(104857600)
    expect(memparseLimit('1G\n')).toBe(2 ** 30)
    expect(memparseLimit('512k')).toBe(524288)
    expect(memparseLimit('4097')).toBe(4096)
    expect(memparseLimit('12Q')).toBe(-E.EINVAL)
    expect(memparseLimit('-1')).toBe(-E.EINVAL)
  })

  it('defaults: max/high "max", low/min "0", oom.group 0; memory.events keys in __memory_events_show order', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'm')
    expect(rd(h, p, 'm/memory.max')).toBe('max\n')
    expect(rd(h, p, 'm/memory.high')).toBe('max\n')
    expect(rd(h, p, 'm/memory.low')).toBe('0\n')
    expect(rd(h, p, 'm/memory.min')).toBe('0\n')
    expect(rd(h, p, 'm/memory.oom.group')).toBe('0\n')
    expect(rd(h, p, 'm/memory.current')).toBe('0\n')
    expect(rd(h, p, 'm/memory.events')).toBe('low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n')
    expect(wr(h, p, 'm/memory.max', '100M')).toBeGreaterThan(0)
    expect(rd(h, p, 'm/memory.max')).toBe('104857600\n') // §3.6: "echo 100M > memory.max reads back 104857600"
    expect(wr(h, p, 'm/memory.max', 'lots')).toBe(-E.EINVAL)
    expect(wr(h, p, 'm/memory.oom.group', '2')).toBe(-E.EINVAL)
    expect(rd(h, p, 'm/memory.stat')).toMatch(/^anon 0\nfile 0\nkernel 0\nkernel_stack 0\n/)
  })

  it('memory.current is what the members hold: image, anonymous mappings, kernel stack, open files', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'm')
    const q = h.spawn()
    move(h, p, q, 'm')
    // its image and kernel stack moved with it; its stdio files stay charged to the root, where they were opened
    expect(Number(rd(h, p, 'm/memory.current'))).toBe(h.k.task(q)!.rssBytes + 16384)
    expect(h.open(q, '/dev/null')).toBeGreaterThan(0)
    const base = Number(rd(h, p, 'm/memory.current'))
    expect(base).toBe(h.k.task(q)!.rssBytes + 16384 + 256) // + one struct file
    const region = h.call(q, 'mmap', 8 * MiB) as number
    expect(Number(rd(h, p, 'm/memory.current'))).toBe(base + 8 * MiB)
    const stat = rd(h, p, 'm/memory.stat') as string
    expect(stat).toContain(`anon ${h.k.task(q)!.rssBytes}\n`)
    expect(stat).toContain('kernel_stack 16384\n')
    h.call(q, 'munmap', region)
    expect(Number(rd(h, p, 'm/memory.current'))).toBe(base)
    expect(Number(rd(h, p, 'm/memory.peak'))).toBe(base + 8 * MiB)
  })
})

describe('charging the same cgroup again (charge.ts chargePath)', () => {
  it('two files in one tick (pipe2(2)) charge every level twice; a snapshot taken before keeps its values', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    mkdir(h, p, 'a/b')
    const q = h.spawn()
    move(h, p, q, 'a/b')
    const cur = (s: typeof h.k.s, rel: string) => {
      const row = [...s.cgroups.rows.values()].find((c) => c.path === rel)!
      return [row.memCurrent, row.memStat.slab]
    }
    const snap = h.k.snapshot()
    const [b0, bs0] = cur(snap, '/a/b')
    const [a0] = cur(snap, '/a')
    expect(h.call(q, 'pipe2', 0)).toHaveLength(2)
    expect(cur(h.k.s, '/a/b')).toEqual([b0! + 2 * 256, bs0! + 2 * 256]) // two struct files
    expect(cur(h.k.s, '/a')[0]).toBe(a0! + 2 * 256)
    expect(cur(snap, '/a/b')).toEqual([b0, bs0])
    const snap2 = h.k.snapshot()
    expect(h.open(q, '/dev/null')).toBeGreaterThan(0) // the next tick: the rows are the snapshot's again
    expect(cur(h.k.s, '/a/b')[0]).toBe(b0! + 3 * 256)
    expect(cur(snap2, '/a/b')).toEqual([b0! + 2 * 256, bs0! + 2 * 256])
    expect(Number(rd(h, p, 'a/memory.current'))).toBe(a0! + 3 * 256)
  })
})

describe('memory.max and the OOM killer', () => {
  it('at memory.max the OOM killer kills inside the cgroup; memory.events max/oom/oom_kill; dmesg line', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'm')
    wr(h, p, 'm/memory.max', '64M')
    const q = h.spawn()
    move(h, p, q, 'm')
    let n = 0
    for (; n < 100 && alive(h, q); n++) h.call(q, 'mmap', 4 * MiB)
    expect(n).toBe(16) // 15 × 4 MiB fit beside its 1 MiB image; the 16th does not
    expect(alive(h, q)).toBe(false)
    expect(h.out.get(2) ?? '').toBe('')
    const ev = rd(h, p, 'm/memory.events') as string
    expect(ev).toMatch(/max 1\noom 1\noom_kill 1\n/)
    expect(Number(rd(h, p, 'm/memory.peak'))).toBeLessThanOrEqual(64 * MiB)
    expect(h.k.coarse.dmesg.some((l) => /Memory cgroup out of memory: Killed process \d+ \(remote\) total-vm:/.test(l))).toBe(true)
    expect(h.k.coarse.dmesg.some((l) => l.includes('oom-kill:constraint=CONSTRAINT_MEMCG') && l.includes('oom_memcg=/m,task_memcg=/m'))).toBe(true)
    expect(h.k.task(p)?.state).not.toBe('Z') // the bystander outside lives
  })

  it('the victim is the biggest task inside the cgroup, not the one allocating', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'm')
    wr(h, p, 'm/memory.max', '64M')
    const big = h.spawn()
    const small = h.spawn()
    move(h, p, big, 'm')
    move(h, p, small, 'm')
    h.call(big, 'mmap', 44 * MiB)
    expect(h.call(small, 'mmap', 20 * MiB)).toBeGreaterThan(0)
    expect(alive(h, big)).toBe(false)
    expect(alive(h, small)).toBe(true)
  })

  it('memory.oom.group: the whole group dies together (oom_group_kill)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'g')
    wr(h, p, 'g/memory.max', '32M')
    wr(h, p, 'g/memory.oom.group', '1')
    const a = h.spawn()
    const b = h.spawn()
    move(h, p, a, 'g')
    move(h, p, b, 'g')
    for (let i = 0; i < 20 && alive(h, a); i++) h.call(a, 'mmap', 4 * MiB)
    expect(alive(h, a)).toBe(false)
    expect(alive(h, b)).toBe(false)
    expect(rd(h, p, 'g/memory.events')).toMatch(/oom_kill 2\noom_group_kill 1\n/)
  })

  it('lowering memory.max below the usage OOM-kills until it fits (memory_max_write)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'm')
    const q = h.spawn()
    move(h, p, q, 'm')
    h.call(q, 'mmap', 32 * MiB)
    expect(wr(h, p, 'm/memory.max', '8M')).toBeGreaterThan(0)
    expect(alive(h, q)).toBe(false)
    expect(Number(rd(h, p, 'm/memory.current'))).toBeLessThanOrEqual(8 * MiB)
  })

  it('open files and sockets are kernel memory charged to the opener: a socket flood stops at memory.max, long before file-max', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'flood')
    wr(h, p, 'flood/memory.max', '4M')
    const q = h.spawn()
    move(h, p, q, 'flood')
    h.call(q, 'prlimit', 0, 7, [1 << 20, 1 << 20])
    let n = 0
    while (alive(h, q) && n < 100000) {
      const fd = h.call(q, 'socket', AF_INET, SOCK_STREAM, 0)
      if (typeof fd !== 'number' || fd < 0) break
      n++
    }
    expect(n).toBeGreaterThan(500)
    expect(n).toBeLessThan(3000) // 4 MiB / (256 + 2048) bytes per socket, less the task's own memory
    expect(h.k.s.files.size).toBeLessThan(h.k.coarse.sysctl.fileMax)
    expect(rd(h, p, 'flood/memory.events')).toMatch(/oom_kill 1\n/)
    // the flood's kernel memory was all given back when it died
    expect(rd(h, p, 'flood/memory.current')).toBe('0\n')
  })

  it('without a limit, host-wide memory pressure kills the biggest task anywhere (the shared-kernel risk)', () => {
    const h = harness({ memoryBytes: 1 << 30 })
    const p = h.spawn()
    mkdir(h, p, 'a')
    mkdir(h, p, 'b')
    const bystander = h.spawn()
    const hog = h.spawn()
    move(h, p, bystander, 'a')
    move(h, p, hog, 'b')
    h.call(bystander, 'mmap', 600 * MiB)
    for (let i = 0; i < 100 && alive(h, bystander); i++) h.call(hog, 'mmap', 16 * MiB)
    expect(alive(h, bystander)).toBe(false)
    expect(alive(h, hog)).toBe(true)
    expect(h.k.coarse.dmesg.some((l) => l.includes('global_oom,task_memcg=/a,'))).toBe(true)
  })
})

describe('memory.swap.* (cgroup-v2.rst: swap.current, swap.peak, swap.high, swap.max, swap.events)', () => {
  it('exist with the memory controller; limits parse like memory.max; nothing is ever swapped', () => {
    const h = harness()
    const p = h.spawn()
    wr(h, p, 'cgroup.subtree_control', '+memory')
    mkdir(h, p, 's')
    expect(rd(h, p, 's/memory.swap.max')).toBe('max\n')
    expect(rd(h, p, 's/memory.swap.high')).toBe('max\n')
    expect(wr(h, p, 's/memory.swap.max', '64M')).toBeGreaterThan(0)
    expect(rd(h, p, 's/memory.swap.max')).toBe('67108864\n')
    expect(wr(h, p, 's/memory.swap.max', 'lots')).toBe(-E.EINVAL)
    expect(rd(h, p, 's/memory.swap.current')).toBe('0\n')
    expect(rd(h, p, 's/memory.swap.events')).toBe('high 0\nmax 0\nfail 0\n')
  })
})
