// CowMap behaves as a Map (get, has, size, iteration order) through any mix of
// sets, deletes and copies, and a copy's changes never show in what it was copied from.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CowMap } from './cow-map.ts'

type Op = { t: 'set'; k: number; v: number } | { t: 'del'; k: number } | { t: 'fork' }
const ops = (keys: number, n: number): fc.Arbitrary<Op[]> => fc.array(fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('set' as const), k: fc.integer({ min: 0, max: keys }), v: fc.integer() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('del' as const), k: fc.integer({ min: 0, max: keys }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fork' as const) }) },
), { maxLength: n })

const same = (c: Map<number, number>, m: Map<number, number>) => {
  expect([...c]).toEqual([...m])
  expect([...c.keys()]).toEqual([...m.keys()])
  expect([...c.values()]).toEqual([...m.values()])
  expect(c.size).toBe(m.size)
  for (const k of new Set([...c.keys(), ...m.keys(), -1, 0, 1])) {
    expect(c.has(k)).toBe(m.has(k))
    expect(c.get(k)).toBe(m.get(k))
  }
}

describe('CowMap', () => {
  // Small maps keep their changes beside the shared entries; 300 keys and 600 changes fold them into new bases too.
  it.each([[40, 30, 120, 150], [300, 200, 600, 20]])('answers as a Map through sets, deletes and copies; copies are independent (keys 0..%i)', (keys, size, n, runs) => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: keys }), { maxLength: size }), ops(keys, n), (init, ops) => {
      const start = new Map(init.map((k, i) => [k, i]))
      let c: CowMap<number, number> = CowMap.over(new Map(start))
      let m = new Map(start)
      const snapshots: [CowMap<number, number>, Map<number, number>][] = []
      for (const o of ops) {
        if (o.t === 'set') {
          expect(c.set(o.k, o.v)).toBe(c)
          m.set(o.k, o.v)
        } else if (o.t === 'del') expect(c.delete(o.k)).toBe(m.delete(o.k))
        else {
          snapshots.push([c, new Map(m)])
          c = c.fork()
          m = new Map(m)
        }
      }
      same(c, m)
      for (const [sc, sm] of snapshots) same(sc, sm)
    }), { numRuns: runs })
  })

  it('is a Map to its readers (instanceof, forEach, spread, clear)', () => {
    const c = CowMap.over(new Map([['a', 1], ['b', 2]]))
    c.set('c', 3)
    c.delete('a')
    expect(c instanceof Map).toBe(true)
    const seen: string[] = []
    c.forEach((v, k) => seen.push(`${k}=${v}`))
    expect(seen).toEqual(['b=2', 'c=3'])
    expect(new Map(c)).toEqual(new Map([['b', 2], ['c', 3]]))
    c.clear()
    expect(c.size).toBe(0)
    expect([...c]).toEqual([])
  })
})
