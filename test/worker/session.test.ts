import { applyPatches, enablePatches } from 'immer'
import { describe, expect, it } from 'vitest'
import { Session } from '../../src/worker/session.ts'
import { StubMachine } from './stub-machine.ts'

enablePatches()

const drain = async (s: Session) => { for (let i = 0; i < 100 && s.tick(); i++) await Promise.resolve() }

describe('Session (against the stub machine)', () => {
  it('hands the prompt to the line editor instead of printing it', () => {
    const s = new Session(new StubMachine({}))
    const r = s.openTerminal(80, 24)
    expect(r).toEqual({ ok: true, value: { id: 1 } })
    s.tick()
    const [out] = s.takeOutput()
    expect(out!.prompt).toBe('root@host:~# ')
    expect(out!.data.endsWith('root@host:~# ')).toBe(false)
    s.input(1, 'echo hi')
    s.tick()
    expect(s.takeOutput()).toEqual([{ term: 1, data: 'hi\n', prompt: 'root@host:~# ', prompts: 1, closed: false, raw: false }])
  })

  it('ends a slice as soon as a raw terminal has the echo of a keystroke, however busy the machine is', () => {
    let clock = 0
    // A fake real-time clock: every reading is 1 ms later (a whole slice is 8 readings).
    const s = new Session(new StubMachine({}), { now: () => clock++, sliceMs: 8 })
    s.openTerminal(80, 24)
    s.openTerminal(80, 24)
    s.tick()
    s.takeOutput()
    s.input(1, 'while true; do :; done') // tty1 keeps the machine busy
    s.input(2, 'rawecho') // tty2 is raw: its program echoes keystrokes (docker run -it's shell does)
    s.tick()
    s.takeOutput()
    const before = clock
    s.keys(2, 'x')
    s.tick()
    expect(s.takeOutput().find((o) => o.term === 2)?.data).toBe('x')
    expect(clock - before).toBeLessThanOrEqual(3)
    // With no keystroke waiting, a busy slice runs its whole length.
    const busy = clock
    s.tick()
    expect(clock - busy).toBeGreaterThanOrEqual(8)
  })

  it('returns errors as data', () => {
    const s = new Session(new StubMachine({}))
    expect(s.input(9, 'x')).toEqual({ ok: false, error: { code: 'no-such-terminal', message: 'no terminal 9' } })
    expect(s.openTerminal(0, 0).ok).toBe(false)
  })

  it('replays input, echoing lines and reporting a prompt per command', async () => {
    const s = new Session(new StubMachine({}))
    const done = s.replay([
      { kind: 'open', term: 1, cols: 80, rows: 24, atNs: 0 },
      { kind: 'line', term: 1, text: 'echo a', atNs: 0 },
      { kind: 'line', term: 1, text: 'echo b', atNs: 0 },
    ])
    let prompts = 0
    let text = ''
    for (let i = 0; i < 10; i++) {
      s.tick()
      for (const o of s.takeOutput()) { text += o.data; prompts += o.prompts }
    }
    expect(await done).toEqual({ ok: true, value: { replayed: 3, cancelled: false } })
    expect(text).toContain('echo a\na\n')
    expect(text).toContain('echo b\nb\n')
    // Every command's end is counted, however many fit in one batch (the page pins each to the timeline).
    expect(prompts).toBe(3)
    await drain(s)
  })

  it('streams view changes as patches that rebuild the machine view, touching only what changed', () => {
    const m = new StubMachine({})
    const s = new Session(m, { viewEveryMs: 0 })
    let view = s.snapshot().view
    s.openTerminal(80, 24)
    const u = s.takeViewPatches(true)!
    expect(u.version).toBe(1)
    // The page applies the patches to the snapshot it holds: that must give the machine's view.
    view = applyPatches(view, u.patches)
    expect(view).toEqual(m.view())
    // One new bash process changes the process list and the counters, nothing else.
    const touched = new Set(u.patches.map((p) => p.path[0]))
    expect([...touched].sort()).toEqual(['files', 'processes', 'tasks'])
    expect(u.patches.every((p) => p.op !== 'replace' || p.path.length > 1)).toBe(true)
    expect(s.takeViewPatches(true)).toBeNull()
    s.openTerminal(80, 24)
    const u2 = s.takeViewPatches(true)!
    expect(u2.version).toBe(2)
    expect(applyPatches(view, u2.patches)).toEqual(m.view())
  })
})

describe('Session with a lab', () => {
  it('announces a done task after the output of the command that did it, before the prompt (isolab lab start)', () => {
    const s = new Session(new StubMachine({}))
    let term: { wantsInput: boolean } | undefined
    let typed = false
    let done = false
    s.lab = {
      attach: (h) => (term = h),
      busy: false,
      // the task is done by the first command, and checked once the prompt is back (as LabSession does)
      afterSlice: () => (typed && !done && term?.wantsInput ? ((done = true), 'first') : undefined),
      announce: (step) => `✔ Task done: ${step}\n`,
    }
    s.openTerminal(80, 24)
    s.tick()
    s.takeOutput()
    typed = true
    s.input(1, 'echo hi')
    s.tick()
    expect(s.takeOutput()).toEqual([{ term: 1, data: 'hi\n✔ Task done: first\n', prompt: 'root@host:~# ', prompts: 1, closed: false, raw: false }])
  })
})
