import { describe, expect, it } from 'vitest'
import { Lifecycle } from './lifecycle.ts'

describe('the page lifecycle', () => {
  it('boots, replays, becomes ready; a death counts until a start reaches ready again', () => {
    const l = new Lifecycle()
    const g1 = l.start()
    l.go('replaying')
    expect(l.replaying && !l.accepting).toBe(true)
    l.go('dead')
    expect(l.deathsInRow).toBe(1)
    const g2 = l.start()
    expect(l.current(g1)).toBe(false)
    expect(l.current(g2)).toBe(true)
    l.go('dead')
    expect(l.deathsInRow).toBe(2)
    l.start()
    l.go('ready')
    expect(l.accepting).toBe(true)
    expect(l.deathsInRow).toBe(0)
  })
  it('refuses a transition the diagram does not have', () => {
    const l = new Lifecycle()
    l.start()
    l.go('ready')
    expect(() => l.go('replaying')).toThrow('ready → replaying')
  })
})
