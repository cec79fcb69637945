// The worker under a 1,048,576-socket flood (the web benchmark's load): what
// crosses to the page stays small and paced, however many fds are open.
import { describe, expect, it } from 'vitest'
import { Machine } from '../host/machine.ts'
import { Session } from './session.ts'

describe('Session during a 1M-socket flood (real machine)', () => {
  it('sends small patches, at most one per viewEveryMs, and the view does not grow with the fd count', () => {
    let clock = 0
    // A fake real-time clock: every reading is 1 ms later (a slice = 8 readings).
    const s = new Session(new Machine({ seed: 1 }), { now: () => clock++, viewEveryMs: 20, sliceMs: 8 })
    const { id } = (s.openTerminal(80, 24) as { ok: true; value: { id: number } }).value
    for (let i = 0; i < 50 && !s.terms.get(id)!.handle.wantsInput; i++) s.tick()
    s.takeOutput()
    s.takeViewPatches(true)
    s.input(id, 'ulimit -n 1048576; fdflood --sockets --count 1048576 --hold')
    const sizes: number[] = []
    let updates = 0
    let ticks = 0
    let view = s.snapshot().view
    const from = clock
    for (; ticks < 20_000 && view.files.nr < 1_048_000; ticks++) {
      s.tick()
      s.takeOutput()
      const u = s.takeViewPatches()
      if (!u) continue
      updates++
      sizes.push(JSON.stringify(u.patches).length)
      // Patches touch leaves (counts, times), never replace a whole list or the view.
      for (const p of u.patches) if (p.path.length <= 1) expect(typeof p.value === 'object' && p.value !== null).toBe(false)
      view = s.snapshot().view
    }
    expect(view.files.nr).toBeGreaterThanOrEqual(1_048_000)
    expect(updates).toBeGreaterThanOrEqual(3)
    expect(updates).toBeLessThanOrEqual(Math.ceil((clock - from) / 20) + 1)
    // The first update adds the fdflood process (a whole new entry); after that, a few counters.
    // (The flood's end adds one isolation event, its EMFILE, as one new entry of the event log.)
    expect(Math.max(...sizes.slice(1))).toBeLessThan(800)
    // The whole view at 1M fds is the same few KB as at boot: fds are counted, not listed.
    expect(JSON.stringify(view).length).toBeLessThan(8 * 1024)
    expect(view.processes.find((p) => p.comm === 'fdflood')?.fds).toBeGreaterThanOrEqual(1_048_000)
  }, 120_000)
})
