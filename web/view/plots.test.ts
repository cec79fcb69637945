// Plot axes that a phone can read: tick labels that differ, y labels not cut.
import { describe, expect, it } from 'vitest'
import { axisWidth, seconds } from './plots.ts'

describe('plot axes', () => {
  it('ticks 5 µs apart get the decimals that tell them apart', () => {
    expect([0.000005, 0.00001, 0.000015].map((x) => seconds(x, 0.000005))).toEqual(['0.005 ms', '0.01 ms', '0.015 ms'])
    expect([1, 2.5, 4].map((x) => seconds(x, 1.5))).toEqual(['1 s', '2.5 s', '4 s'])
    expect(seconds(0.0004)).toBe('0.4 ms')
  })

  it('the y axis is as wide as its longest label ("233.7 MiB" at 11px)', () => {
    expect(axisWidth(['230.8 MiB', '233.7 MiB'])).toBeGreaterThanOrEqual(9 * 6.6 + 12)
    expect(axisWidth(['6', '7'])).toBeLessThan(40)
    expect(axisWidth(null)).toBeGreaterThan(0)
  })
})
