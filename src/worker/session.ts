// One simulated machine and its terminals, driven in slices. Independent of
// comlink and of the worker global so it can be unit-tested in Node; the
// worker entry (machine.worker.ts) only schedules tick() and forwards events.
import type { Patch } from 'immer'
import type { MachineView, TerminalHandle } from '../host/types.ts'
import { err, ok, type Completion, type InputEvent, type Result, type TermOutput, type TermSignal } from './api.ts'
import type { MachineLike } from './machine-like.ts'
import { complete, type Lister } from './completion.ts'
import { diffView } from './view-diff.ts'

interface Term {
  handle: TerminalHandle
  buf: string
  /** The prompt has been handed to the page for the current read. */
  promptSent: boolean
  closedSent: boolean
  /** The raw flag last reported to the page. */
  rawSent?: boolean
}

export interface SessionOptions {
  sliceMs?: number
  /** Real-time ms between view derivations while busy (UI pacing only; never drives the kernel). */
  viewEveryMs?: number
  now?: () => number
}

export class Session {
  readonly terms = new Map<number, Term>()
  private view: MachineView
  private version = 0
  private lastViewAt = -Infinity
  private replayQueue: InputEvent[] = []
  private replayDone: ((r: Result<{ replayed: number }>) => void) | null = null
  private replayed = 0
  private more = true
  private readonly sliceMs: number
  private readonly viewEveryMs: number
  private readonly now: () => number

  constructor(readonly machine: MachineLike, opts: SessionOptions = {}) {
    this.sliceMs = opts.sliceMs ?? 8
    this.viewEveryMs = opts.viewEveryMs ?? 200
    this.now = opts.now ?? (() => performance.now())
    this.view = machine.view()
  }

  /** Virtual time now: cheap when the machine offers it (a full view costs ~46 ms at 3,000 tasks). */
  private clock(): number {
    return this.machine.nowNs ? this.machine.nowNs() : this.machine.view().nowNs
  }

  snapshot(): { version: number; view: MachineView } {
    return { version: this.version, view: this.view }
  }

  openTerminal(cols: number, rows: number): Result<{ id: number }> {
    if (!(cols > 0 && rows > 0)) return err('bad-argument', `bad terminal size ${cols}x${rows}`)
    const t: Partial<Term> = { buf: '', promptSent: false, closedSent: false, rawSent: false }
    t.handle = this.machine.openTerminal({ cols, rows, onOutput: (d) => { t.buf += d } })
    this.terms.set(t.handle.id, t as Term)
    this.more = true
    return ok({ id: t.handle.id })
  }

  private term(id: number): Result<Term> {
    const t = this.terms.get(id)
    if (!t) return err('no-such-terminal', `no terminal ${id}`)
    if (t.handle.closed) return err('terminal-closed', `terminal ${id} is closed`)
    return ok(t)
  }

  input(id: number, line: string): Result<InputEvent> {
    const r = this.term(id)
    if (!r.ok) return r
    const atNs = this.clock()
    r.value.promptSent = false
    r.value.handle.inputLine(line.endsWith('\n') ? line : line + '\n')
    this.more = true
    return ok({ kind: 'line', term: id, text: line.replace(/\n$/, ''), atNs })
  }

  signal(id: number, signal: TermSignal): Result<InputEvent> {
    const r = this.term(id)
    if (!r.ok) return r
    const atNs = this.clock()
    const h = r.value.handle
    if (signal === 'INT') h.interrupt()
    else if (signal === 'EOF') h.eof()
    else h.suspend()
    r.value.promptSent = false
    this.more = true
    return ok({ kind: 'signal', term: id, signal, atNs })
  }

  /** Keystrokes as typed, for a terminal a program put in raw mode (see TerminalHandle.raw). */
  keys(id: number, data: string): Result<InputEvent> {
    const r = this.term(id)
    if (!r.ok) return r
    const atNs = this.clock()
    const h = r.value.handle
    if (h.input) h.input(data)
    else h.inputLine(data)
    this.more = true
    return ok({ kind: 'keys', term: id, data, atNs })
  }

  resize(id: number, cols: number, rows: number): Result<null> {
    const r = this.term(id)
    if (!r.ok) return r
    if (!(cols > 0 && rows > 0)) return err('bad-argument', `bad terminal size ${cols}x${rows}`)
    r.value.handle.resize(cols, rows)
    return ok(null)
  }

  /** Read-only: asks the machine for names; never runs anything on it. */
  complete(id: number, line: string, cursor: number): Result<Completion> {
    const r = this.term(id)
    if (!r.ok) return r
    const lister = listerFor(this.machine, id)
    if (!lister) return ok({ insert: '', candidates: [] })
    return ok(complete(lister, line, cursor))
  }

  replay(events: InputEvent[]): Promise<Result<{ replayed: number }>> {
    if (this.replayDone) return Promise.resolve(err('bad-argument', 'a replay is already running'))
    this.replayQueue = events.slice()
    this.replayed = 0
    this.more = true
    return new Promise((resolve) => { this.replayDone = resolve })
  }

  get replaying(): boolean { return this.replayDone !== null }

  /** Feed recorded input whose moment has come (see WorkerApi.replay). */
  private stepReplay(): void {
    while (this.replayQueue.length > 0) {
      const ev = this.replayQueue[0]!
      if (ev.kind === 'open') {
        const r = this.openTerminal(ev.cols, ev.rows)
        if (r.ok && r.value.id !== ev.term) return this.finishReplay(err('internal', `replay opened terminal ${r.value.id}, recorded ${ev.term}`))
        this.replayQueue.shift()
        this.replayed++
        return // let the new shell print its first prompt before feeding it
      } else {
        const t = this.terms.get(ev.term)
        if (!t) return this.finishReplay(err('no-such-terminal', `replay: no terminal ${ev.term}`))
        if (t.handle.closed) {
          // The recorded terminal has gone (e.g. `exit` replayed): nothing to feed.
        } else if (ev.kind === 'keys') {
          // As typed live: once the terminal is raw and someone reads it.
          if (!(t.handle.raw && t.handle.wantsInput) && this.more) return
          this.keys(ev.term, ev.data)
          this.replayQueue.shift()
          this.replayed++
          return
        } else if (ev.kind === 'line') {
          // Wait for the reader; if the machine idles without one, let the tty buffer it.
          if (!t.handle.wantsInput && this.more) return
          // Echo what the learner had typed (live, the line editor shows it).
          t.buf += ev.text + '\n'
          this.input(ev.term, ev.text)
          this.replayQueue.shift()
          this.replayed++
          return // one line per tick, so each command's prompt is reported
        } else {
          if (this.more && this.clock() < ev.atNs) return
          if (ev.signal === 'INT') t.buf += '^C' // as the page echoed it live
          this.signal(ev.term, ev.signal)
        }
      }
      this.replayQueue.shift()
      this.replayed++
    }
    this.finishReplay(ok({ replayed: this.replayed }))
  }

  private finishReplay(r: Result<{ replayed: number }>): void {
    const done = this.replayDone
    this.replayQueue = []
    this.replayDone = null
    done?.(r)
  }

  /** Run one slice. Returns true if another tick should be scheduled soon. */
  tick(): boolean {
    if (this.replayDone) this.stepReplay()
    // Bursts until ~sliceMs of real time has passed (pacing only: the kernel
    // runs the same syscalls either way), then the worker yields to its event loop.
    const end = this.now() + this.sliceMs
    do this.more = this.machine.runSlice()
    while (this.more && this.now() < end)
    return this.more || this.replayDone !== null
  }

  /** Output gathered since the last call, one entry per terminal that has news. */
  takeOutput(): TermOutput[] {
    const out: TermOutput[] = []
    for (const [id, t] of this.terms) {
      const h = t.handle
      let data = t.buf
      let prompt: string | null = null
      const raw = h.raw === true
      if (h.wantsInput && !t.promptSent && !raw) {
        prompt = h.pendingPrompt
        // The shell printed its prompt; the line editor will draw it instead.
        if (prompt && data.endsWith(prompt)) data = data.slice(0, -prompt.length)
        t.promptSent = true
      }
      const closed = h.closed && !t.closedSent
      if (closed) t.closedSent = true
      t.buf = ''
      if (data || prompt !== null || closed || raw !== t.rawSent) out.push({ term: id, data, prompt, closed: h.closed, raw })
      t.rawSent = raw
    }
    return out
  }

  /** Patches since the last call (paced while busy), or null when nothing changed. */
  takeViewPatches(force = false): { version: number; patches: Patch[] } | null {
    const t = this.now()
    if (!force && this.more && t - this.lastViewAt < this.viewEveryMs) return null
    this.lastViewAt = t
    const { state, patches } = diffView(this.view, this.machine.view())
    if (patches.length === 0) return null
    this.view = state
    this.version++
    return { version: this.version, patches }
  }
}

/** Completion needs the machine to expose a Lister-shaped `completer(term)`; absent → no completion. */
function listerFor(m: MachineLike, term: number): Lister | null {
  const c = (m as { completer?: (term: number) => Lister }).completer
  return typeof c === 'function' ? c.call(m, term) : null
}
