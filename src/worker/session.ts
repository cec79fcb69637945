// One simulated machine and its terminals, driven in slices. Independent of
// comlink and of the worker global so it can be unit-tested in Node; the
// worker entry (machine.worker.ts) only schedules tick() and forwards events.
import type { Patch } from 'immer'
import type { MachineView, TerminalHandle } from '../host/types.ts'
import { err, ok, type Completion, type InputEvent, type Result, type Speed, type TermOutput, type TermSignal } from './api.ts'
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
  /** Reads that began and were answered within one batch (a fast replay): counted, not shown. */
  promptsMissed: number
}

export interface SessionOptions {
  sliceMs?: number
  /** Real-time ms between view derivations while busy (UI pacing only; never drives the kernel). */
  viewEveryMs?: number
  now?: () => number
}

/** Guest consoles get terminal ids from here up (host ttys are numbered from 1). */
export const CONSOLE_BASE = 1000

/** What the session needs of a lab (src/labs LabSession): the learner's terminal, and a call after each slice. */
export interface LabHook {
  attach(h: TerminalHandle): TerminalHandle
  /** Returns the step whose task just became done. */
  afterSlice(): string | undefined
  readonly busy: boolean
  /** A line the learner's terminal shows when a task becomes done (the CLI; the web page has its step panel). */
  announce?(step: string): string
}

export class Session {
  readonly terms = new Map<number, Term>()
  /** A lab in progress: it records the first host terminal and checks tasks after each command. */
  lab: LabHook | null = null
  /** The terminal the lab records (the first host terminal opened once the lab is set). */
  private labTerm: number | undefined
  /** The view the page holds (patches apply to it); taken at the first snapshot, so a session that shows none (the CLI) never derives one. */
  private view: MachineView | undefined
  private version = 0
  private lastViewAt = -Infinity
  private replayQueue: InputEvent[] = []
  private replayDone: ((r: Result<{ replayed: number; cancelled: boolean }>) => void) | null = null
  private replayed = 0
  private speed: Speed = 1
  private skipOnce = false
  /** The last recorded input's virtual time: a replay's clock stops there. */
  private replayEndNs = 0
  private more = true
  private readonly sliceMs: number
  private readonly viewEveryMs: number
  private readonly now: () => number
  /** Told each replayed event as it is fed (its index): the page's record of what was running. */
  private onFeed?: (index: number) => void
  private consoles = 0
  /** Raw terminals given keystrokes whose echo has not come yet: a slice ends as soon as it does. */
  private keyed = new Set<Term>()

  constructor(readonly machine: MachineLike, opts: SessionOptions = {}) {
    this.sliceMs = opts.sliceMs ?? 8
    this.viewEveryMs = opts.viewEveryMs ?? 200
    this.now = opts.now ?? (() => performance.now())
  }

  /** Virtual time now: cheap when the machine offers it (a full view costs ~46 ms at 3,000 tasks). */
  private clock(): number {
    return this.machine.nowNs ? this.machine.nowNs() : this.machine.view().nowNs
  }

  snapshot(): { version: number; view: MachineView } {
    return { version: this.version, view: (this.view ??= this.machine.view()) }
  }

  openTerminal(cols: number, rows: number): Result<{ id: number }> {
    if (!(cols > 0 && rows > 0)) return err('bad-argument', `bad terminal size ${cols}x${rows}`)
    const t: Partial<Term> = { buf: '', promptSent: false, closedSent: false, rawSent: false, promptsMissed: 0 }
    t.handle = this.machine.openTerminal({ cols, rows, onOutput: (d) => { t.buf += d } })
    if (this.lab && this.labTerm === undefined) { t.handle = this.lab.attach(t.handle); this.labTerm = t.handle.id }
    this.terms.set(t.handle.id, t as Term)
    this.more = true
    return ok({ id: t.handle.id })
  }

  /** A terminal on a VM's console (its guest kernel's login shell), or why not. */
  openConsole(vm: string, cols: number, rows: number): Result<{ id: number }> {
    if (!(cols > 0 && rows > 0)) return err('bad-argument', `bad terminal size ${cols}x${rows}`)
    if (!this.machine.openGuestConsole) return err('bad-argument', 'this machine has no hypervisor')
    const t: Term = { handle: null!, buf: '', promptSent: false, closedSent: false, rawSent: false, promptsMissed: 0 }
    const h = this.machine.openGuestConsole(vm, { cols, rows, onOutput: (d) => { t.buf += d } })
    if (typeof h === 'string') return err('bad-argument', h)
    t.handle = h
    const id = CONSOLE_BASE + ++this.consoles
    this.terms.set(id, t)
    this.more = true
    return ok({ id })
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
    const t = r.value
    // The shell was reading but the page never got that prompt (several commands in one batch).
    if (t.handle.wantsInput && !t.promptSent && !t.handle.raw) t.promptsMissed++
    t.promptSent = false
    t.handle.inputLine(line.endsWith('\n') ? line : line + '\n')
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
    this.keyed.add(r.value)
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

  replay(events: InputEvent[], onFeed?: (index: number) => void): Promise<Result<{ replayed: number; cancelled: boolean }>> {
    if (this.replayDone) return Promise.resolve(err('bad-argument', 'a replay is already running'))
    this.onFeed = onFeed
    this.replayQueue = events.slice()
    this.replayEndNs = events.at(-1)?.atNs ?? 0
    this.replayed = 0
    this.more = true
    return new Promise((resolve) => { this.replayDone = resolve })
  }

  get replaying(): boolean { return this.replayDone !== null }

  /**
   * Stop a replay where it is (the learner pressed Ctrl-C while it ran): what
   * was fed stays, the rest is dropped, and the running command keeps running
   * until the caller interrupts it. Returns how many events were fed.
   */
  cancelReplay(): number {
    const n = this.replayed
    this.finishReplay(ok({ replayed: n, cancelled: true }))
    return n
  }

  setSpeed(speed: Speed): void {
    if (speed === 'skip') this.skipOnce = true
    else this.speed = speed
    this.more = true
  }

  /**
   * Feed the next recorded event if its moment has come (see WorkerApi.replay):
   * a line once its terminal reads, keys once the terminal is raw and read,
   * a signal once virtual time reaches it. Returns whether it fed one.
   */
  private stepReplay(): boolean {
    const ev = this.replayQueue[0]
    if (!ev) {
      this.finishReplay(ok({ replayed: this.replayed, cancelled: false }))
      return false
    }
    if (ev.kind === 'open') {
      const r = ev.vm !== undefined ? this.openConsole(ev.vm, ev.cols, ev.rows) : this.openTerminal(ev.cols, ev.rows)
      if (!r.ok) {
        this.finishReplay(r)
        return false
      }
      if (r.ok && r.value.id !== ev.term) {
        this.finishReplay(err('internal', `replay opened terminal ${r.value.id}, recorded ${ev.term}`))
        return false
      }
    } else {
      const t = this.terms.get(ev.term)
      if (!t) {
        this.finishReplay(err('no-such-terminal', `replay: no terminal ${ev.term}`))
        return false
      }
      if (t.handle.closed) {
        // The recorded terminal has gone (e.g. `exit` replayed): nothing to feed.
      } else if (ev.kind === 'keys') {
        // As typed live: once the terminal is raw and someone reads it.
        if (!(t.handle.raw && t.handle.wantsInput) && this.more) return false
        this.keys(ev.term, ev.data)
      } else if (ev.kind === 'line') {
        // Wait for the reader; if the machine idles without one, let the tty buffer it.
        if (!t.handle.wantsInput && this.more) return false
        // Echo what the learner had typed (live, the line editor shows it).
        t.buf += ev.text + '\n'
        this.input(ev.term, ev.text)
      } else {
        if (this.more && this.clock() < ev.atNs) return false
        if (ev.signal === 'INT') t.buf += '^C' // as the page echoed it live
        this.signal(ev.term, ev.signal)
      }
    }
    this.replayQueue.shift()
    this.onFeed?.(this.replayed)
    this.replayed++
    return true
  }

  private finishReplay(r: Result<{ replayed: number; cancelled: boolean }>): void {
    const done = this.replayDone
    this.replayQueue = []
    this.replayDone = null
    done?.(r)
  }

  /**
   * Run one slice: bursts until ~sliceMs of real time has passed (pacing only:
   * the kernel runs the same syscalls either way), then the worker yields to
   * its event loop. A replay feeds its events inside the slice, as many as are
   * due, and runs unpaced (as the CLI does), so a long workspace replays at
   * machine speed. Returns true if another tick should be scheduled soon.
   */
  tick(): boolean {
    const end = this.now() + this.sliceMs
    do {
      const fed = this.replayDone !== null && this.stepReplay()
      // Replaying: idle time runs at once up to when the next input was typed, never past it
      // (a `sleep 1d` in a container must still be sleeping when the replay reaches the present).
      const pace = this.replayDone !== null ? { untilNs: this.replayQueue[0]?.atNs ?? this.replayEndNs } : { speed: this.speed === 'skip' ? 1 : this.speed, skip: this.skipOnce }
      this.skipOnce = false
      this.more = this.machine.runSlice(undefined, pace) || fed
      if (this.lab) {
        const asked = this.lab.busy // a `lab` program waiting for its answer, or a typed-ahead line
        const prompt = this.labPrompt() // before afterSlice, which may send a typed-ahead line
        const done = this.lab.afterSlice()
        if (done !== undefined && this.lab.announce) this.announce(this.lab.announce(done), prompt)
        this.more ||= asked
      }
    } while ((this.more || this.replayDone !== null) && this.now() < end && !this.echoed())
    return this.more || this.replayDone !== null
  }

  /**
   * A raw terminal's keystroke has its echo (the program in it printed): the slice ends there, so the
   * page gets it now, not after the rest of a slice spent on, say, a flood in another terminal.
   */
  private echoed(): boolean {
    let any = false
    for (const t of this.keyed) {
      if (t.buf === '' && !t.handle.closed) continue
      this.keyed.delete(t)
      any = true
    }
    return any
  }

  /** The prompt the lab's shell has printed and not yet sent to the page, or ''. */
  private labPrompt(): string {
    const t = this.labTerm === undefined ? undefined : this.terms.get(this.labTerm)
    return t && t.handle.wantsInput && !t.promptSent ? t.handle.pendingPrompt : ''
  }

  /**
   * Shows text on the lab's terminal after the output of the command that did the task and before
   * the prompt the shell printed when it finished (the task is checked once the prompt is back).
   */
  private announce(text: string, prompt: string): void {
    const t = this.labTerm === undefined ? undefined : this.terms.get(this.labTerm)
    if (!t) return
    t.buf = prompt && t.buf.endsWith(prompt) ? t.buf.slice(0, -prompt.length) + text + prompt : t.buf + text
    this.more = true
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
      const prompts = t.promptsMissed + (prompt !== null ? 1 : 0)
      t.promptsMissed = 0
      if (data || prompt !== null || closed || raw !== t.rawSent || prompts) out.push({ term: id, data, prompt, prompts, closed: h.closed, raw })
      t.rawSent = raw
    }
    return out
  }

  /** Patches since the last call (paced while busy), or null when nothing changed. */
  takeViewPatches(force = false): { version: number; patches: Patch[] } | null {
    const t = this.now()
    if (!force && this.more && t - this.lastViewAt < this.viewEveryMs) return null
    this.lastViewAt = t
    const { state, patches } = diffView(this.view ??= this.machine.view(), this.machine.view())
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
