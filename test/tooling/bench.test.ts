// The benchmark harness's reductions (the benches themselves run via `npm run bench`).
import { describe, expect, it } from 'vitest'
import { median, parseCOutput, reduce } from '../../bench/stats.ts'

describe('bench stats', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
  it('reduce takes medians of numbers and the last string', () => {
    expect(reduce([{ ms: 5, v: 'a' }, { ms: 1, v: 'b' }, { ms: 3, v: 'c' }])).toEqual({ ms: 3, v: 'c' })
  })
  it('parses "metric value" lines from a C baseline', () => {
    expect(parseCOutput('ns/pair 27.5\nnoise here\nops 10\n')).toEqual({ 'ns/pair': 27.5, ops: 10 })
  })
})
