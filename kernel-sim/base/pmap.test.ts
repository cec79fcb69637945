import { describe, expect, it } from 'vitest'
import { PMap } from './pmap.ts'

describe('PMap', () => {
  it('sets, gets and deletes across levels', () => {
    let m = PMap.empty<string>()
    for (let i = 0; i < 5000; i += 7) m = m.set(i, `v${i}`, 1)
    expect(m.size).toBe(715)
    expect(m.get(4998)).toBe('v4998')
    expect(m.get(5)).toBeUndefined()
    m = m.delete(4998, 1)
    expect(m.get(4998)).toBeUndefined()
    expect(m.size).toBe(714)
  })

  it('keeps snapshots immutable across ticks (persistence)', () => {
    let m = PMap.empty<number>()
    for (let i = 0; i < 100; i++) m = m.set(i, i, 1)
    const snap = m
    const m2 = m.set(5, 500, 2).delete(6, 2).set(1000, 1, 2)
    expect(snap.get(5)).toBe(5)
    expect(snap.get(6)).toBe(6)
    expect(snap.get(1000)).toBeUndefined()
    expect(snap.size).toBe(100)
    expect(m2.get(5)).toBe(500)
    expect(m2.size).toBe(100)
  })

  it('edits in place within one tick', () => {
    const a = PMap.empty<number>().set(1, 1, 3)
    const b = a.set(2, 2, 3)
    expect(b).toBe(a)
  })

  it('finds the lowest free key like the fd allocator', () => {
    let m = PMap.empty<number>()
    expect(m.lowestFree()).toBe(0)
    for (let i = 0; i < 2000; i++) m = m.set(i, i, 1)
    expect(m.lowestFree()).toBe(2000)
    m = m.delete(1234, 1)
    expect(m.lowestFree()).toBe(1234)
    expect(m.lowestFree(1235)).toBe(2000)
    m = m.delete(3, 1)
    expect(m.lowestFree()).toBe(3)
    expect(m.lowestFree(10)).toBe(1234)
  })

  it('iterates in key order', () => {
    let m = PMap.empty<number>()
    for (const k of [40, 3, 1025, 0]) m = m.set(k, k, 1)
    expect([...m.keys()]).toEqual([0, 3, 40, 1025])
  })
})
