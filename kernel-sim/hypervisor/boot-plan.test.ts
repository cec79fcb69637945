// Boot stage times and memory overhead stay inside the seed's ranges for any
// seed: full boots take 30-60 s, microVMs about 125 ms (Firecracker), and the
// overhead categories match "virtual hardware 50-100 MB, guest kernel 50-200 MB
// (500+ on Windows), guest services 100-300 MB, virtual drivers ~50 MB".
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../base/rng.ts'
import { drawOverhead, planBoot, STAGE_RANGES, STAGES, totalOverhead } from './boot-plan.ts'
import { MiB } from './vm-config.ts'

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0)

describe('boot plan', () => {
  test.prop([fc.integer()], { numRuns: 500 })('a full boot takes 30-60 s and each stage stays in its range', (seed) => {
    const plan = planBoot(seedRng(seed), 'full')
    expect(sum(plan)).toBeGreaterThanOrEqual(30e9)
    expect(sum(plan)).toBeLessThanOrEqual(60e9)
    STAGES.forEach((s, i) => {
      const [lo, hi] = STAGE_RANGES.full[s]
      expect(plan[i]).toBeGreaterThanOrEqual(lo)
      expect(plan[i]).toBeLessThanOrEqual(hi)
    })
  })

  test.prop([fc.integer()], { numRuns: 500 })('a microVM boots in 100-150 ms, with no firmware or bootloader', (seed) => {
    const plan = planBoot(seedRng(seed), 'microvm')
    expect(sum(plan)).toBeGreaterThanOrEqual(100e6)
    expect(sum(plan)).toBeLessThanOrEqual(151e6)
    expect(plan[STAGES.indexOf('firmware')]).toBe(0)
    expect(plan[STAGES.indexOf('bootloader')]).toBe(0)
  })

  it('microVM boots average about 125 ms over many seeds (Firecracker\'s figure)', () => {
    let total = 0
    for (let s = 0; s < 1000; s++) total += sum(planBoot(seedRng(s), 'microvm'))
    expect(total / 1000 / 1e6).toBeGreaterThan(115)
    expect(total / 1000 / 1e6).toBeLessThan(135)
  })

  test.prop([fc.integer()], { numRuns: 300 })('overhead categories are the seed\'s', (seed) => {
    const o = drawOverhead(seedRng(seed), 'ubuntu', 'full')
    expect(o.virtualHardware / MiB).toBeGreaterThanOrEqual(50)
    expect(o.virtualHardware / MiB).toBeLessThanOrEqual(100)
    expect(o.guestKernel / MiB).toBeGreaterThanOrEqual(50)
    expect(o.guestKernel / MiB).toBeLessThanOrEqual(200)
    expect(o.guestServices / MiB).toBeGreaterThanOrEqual(100)
    expect(o.guestServices / MiB).toBeLessThanOrEqual(300)
    expect(Math.abs(o.virtualDrivers / MiB - 50)).toBeLessThanOrEqual(5)
    expect(totalOverhead(o) / MiB).toBeGreaterThanOrEqual(250)
    expect(totalOverhead(o) / MiB).toBeLessThanOrEqual(800)
    expect(drawOverhead(seedRng(seed), 'windows-like', 'full').guestKernel / MiB).toBeGreaterThanOrEqual(500)
  })

  it('ten VMs lose 2.5-8 GB to overhead, for any of many seeds', () => {
    for (let s = 0; s < 200; s++) {
      const rng = seedRng(s)
      let total = 0
      for (let i = 0; i < 10; i++) total += totalOverhead(drawOverhead(rng, 'ubuntu', 'full'))
      expect(total / 1e9).toBeGreaterThanOrEqual(2.5)
      expect(total / 1e9).toBeLessThanOrEqual(8)
    }
  })
})
