// Replay against the real machine (issue: one command could lock the web app
// for good): it runs at machine speed, not one line per tick nor paced to real
// time; it reports each event as it is fed, so the page knows which command was
// running if the worker dies; and it can be stopped where it is.
import { describe, expect, it } from 'vitest'
import { Machine } from '../host/machine.ts'
import type { InputEvent } from './api.ts'
import { Session } from './session.ts'

const open: InputEvent = { kind: 'open', term: 0, cols: 80, rows: 24, atNs: 0 }
const line = (text: string): InputEvent => ({ kind: 'line', term: 0, text, atNs: 0 })

function drive(s: Session, maxTicks: number, done: () => boolean): { ticks: number; text: string; prompts: number } {
  let ticks = 0
  let text = ''
  let prompts = 0
  for (; ticks < maxTicks && !done(); ticks++) {
    s.tick()
    for (const o of s.takeOutput()) { text += o.data; prompts += o.prompts }
  }
  return { ticks, text, prompts }
}

describe('Session replay (real machine)', () => {
  it('2,000 lines replay in far fewer ticks than lines, each command counted, in order', async () => {
    const s = new Session(new Machine({ seed: 1 }), { sliceMs: 50 })
    const events = [open, ...Array.from({ length: 2000 }, (_, i) => line(`echo n${i}`))]
    let result: unknown
    void s.replay(events).then((r) => { result = r })
    const r = drive(s, 5000, () => !s.replaying)
    await Promise.resolve()
    expect(result).toEqual({ ok: true, value: { replayed: 2001, cancelled: false } })
    expect(r.ticks).toBeLessThan(400) // was one line per tick: 2,001
    expect(r.prompts).toBeGreaterThanOrEqual(2000)
    expect(r.text.indexOf('echo n1999\nn1999\n')).toBeGreaterThan(r.text.indexOf('echo n0\nn0\n'))
  }, 60_000)

  it('waits in virtual time: `sleep 30` does not take 30 real seconds, and the clock stops at the last input', async () => {
    const s = new Session(new Machine({ seed: 1 }))
    void s.replay([open, line('sleep 30'), { ...line('echo woke'), atNs: 31e9 }])
    const t0 = performance.now()
    const r = drive(s, 10_000, () => !s.replaying)
    expect(performance.now() - t0).toBeLessThan(10_000)
    expect(s.replaying).toBe(false)
    drive(s, 50, () => false)
    expect(r.text + drive(s, 50, () => false).text).toContain('echo woke')
  }, 30_000)

  it('reports each event as fed (the page\'s culprit), and stops where it is when cancelled', async () => {
    const s = new Session(new Machine({ seed: 1 }))
    const fed: number[] = []
    const done = s.replay([open, line('echo a'), line('while :; do :; done'), line('echo never')], (i) => fed.push(i))
    drive(s, 30, () => false)
    // The loop runs; the next line waits for a prompt that does not come.
    expect(fed).toEqual([0, 1, 2])
    expect(s.replaying).toBe(true)
    expect(s.cancelReplay()).toBe(3)
    expect(await done).toEqual({ ok: true, value: { replayed: 3, cancelled: true } })
    // The learner's Ctrl-C then reaches the loop, and the terminal is theirs again.
    s.signal(0, 'INT')
    drive(s, 200, () => s.terms.get(0)!.handle.wantsInput)
    expect(s.terms.get(0)!.handle.wantsInput).toBe(true)
  }, 30_000)
})
