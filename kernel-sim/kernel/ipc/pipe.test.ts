// pipe(7) lifetimes: a pipe goes with its last open end. The host-sink pipes a
// spawned process writes its stdout/stderr to have the host as reader, which
// holds no open file, so the last writer's close is their last close.
import { describe, expect, it } from 'vitest'
import { harness } from '../../testing/harness.ts'

describe('pipe lifetimes', () => {
  it('a spawned process\'s stdin and host-sink stdout/stderr pipes are freed when it exits (no pipe record left behind)', () => {
    const h = harness()
    const before = h.k.s.pipes.size
    const p = h.spawn()
    expect(h.k.s.pipes.size).toBe(before + 3)
    h.call(p, 'write', 1, 'out\n')
    expect(h.out.get(1)).toContain('out\n')
    h.call(p, 'exit', 0)
    h.settle()
    expect(h.k.s.pipes.size).toBe(before)
  })
  it('pipe2: the pipe lives while either end is open', () => {
    const h = harness()
    const p = h.spawn()
    const before = h.k.s.pipes.size
    const [r, w] = h.call(p, 'pipe2', 0) as [number, number]
    expect(h.k.s.pipes.size).toBe(before + 1)
    h.call(p, 'close', w)
    expect(h.k.s.pipes.size).toBe(before + 1)
    h.call(p, 'close', r)
    expect(h.k.s.pipes.size).toBe(before)
  })
})
