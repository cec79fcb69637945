// A lab taken interactively (the CLI's `lab start`, the web player): the
// learner types into a real terminal and the host drives the machine in its own
// slices. LabSession records every line and Ctrl-C with its virtual time (the
// report's input log), answers the `lab` program between slices, and runs the
// edge trigger each time a command has come back to the prompt.
import type { TerminalHandle } from '../host/types.ts'
import type { LabMachine } from './checks.ts'
import { LabDevice } from './device.ts'
import { LabRun, type TaskResult } from './engine.ts'
import type { LabMachineOptions } from './machine-spec.ts'
import type { Lab } from './schema.ts'

export type InputRecord =
  | { kind: 'line'; terminal: string; line: string; atNs: number }
  | { kind: 'signal'; terminal: string; signal: 'INT' | 'EOF' | 'TSTP'; atNs: number }

/** Ctrl-D typed ahead, queued behind lines. */
const EOF = Symbol('EOF')

export const REPORT_FORMAT = 'isolab-lab-report/1'

/** What `lab report` writes and `lab grade` replays. Plain JSON. */
export interface LabReport {
  format: typeof REPORT_FORMAT
  lab: { id: string; version: number; hash: string }
  learner: string
  seed: number
  machine: LabMachineOptions
  /** Virtual ns since boot when the learner got the first prompt, and at the last input. */
  startedAtNs: number
  endedAtNs: number
  input: InputRecord[]
  /** Each task's result as the session saw it (grading checks these by replay). */
  results: TaskResult[]
}

export class LabSession {
  readonly run: LabRun
  readonly device: LabDevice
  readonly input: InputRecord[] = []
  /** A line was typed and its command has not come back to the prompt yet. */
  private running = false
  private term: TerminalHandle | undefined
  /** Lines typed while a command still ran. */
  private readonly queued: (string | typeof EOF)[] = []
  private send: (line: string) => void = () => {}
  private sendEof: () => void = () => {}
  readonly setupErrors: string[]
  readonly startedAtNs: number

  constructor(readonly lab: Lab, readonly machine: LabMachine, readonly options: LabMachineOptions, readonly hash: string) {
    this.run = new LabRun(lab, machine)
    this.device = new LabDevice(machine.kernel)
    this.setupErrors = this.run.setup()
    this.startedAtNs = machine.kernel.s.nowNs
  }

  /** Wraps the learner's terminal so its input is recorded (one learner terminal: "host"). */
  attach(h: TerminalHandle, terminal = 'host'): TerminalHandle {
    this.term = h
    const now = () => this.machine.kernel.s.nowNs
    const record = (r: InputRecord) => this.input.push(r)
    const session = this
    this.sendEof = () => (record({ kind: 'signal', terminal, signal: 'EOF', atNs: now() }), h.eof())
    this.send = (line: string) => {
      const text = line.replace(/\n$/, '')
      record({ kind: 'line', terminal, line: text, atNs: now() })
      session.run.noteInput(terminal, text)
      session.running = true
      h.inputLine(line)
    }
    return Object.create(h, {
      // Lines typed ahead wait until the command before is back at the prompt, so each command is
      // checked on its own and the input log replays exactly as it ran (grading feeds one line per prompt).
      inputLine: { value: (line: string) => (session.running || session.queued.length ? session.queued.push(line) : session.send(line)) },
      interrupt: { value: () => (record({ kind: 'signal', terminal, signal: 'INT', atNs: now() }), h.interrupt()) },
      eof: { value: () => (session.running || session.queued.length ? session.queued.push(EOF) : session.sendEof()) },
      suspend: { value: () => (record({ kind: 'signal', terminal, signal: 'TSTP', atNs: now() }), h.suspend()) },
    }) as TerminalHandle
  }

  /** A typed-ahead line waits for the prompt: the host should keep running slices. */
  get busy(): boolean {
    return this.device.pending || this.queued.length > 0
  }

  /**
   * Call after every scheduler slice: answers `lab` and, when a command is back
   * at the prompt, evaluates the current task. Returns the step whose task just became done.
   */
  afterSlice(): string | undefined {
    if (this.device.pending) this.device.service((args) => this.run.answer(args))
    if (this.running && this.term?.wantsInput) {
      this.running = false
      const done = this.run.afterCommand()
      const next = this.queued.shift()
      if (next === EOF) this.sendEof()
      else if (next !== undefined) this.send(next)
      return done
    }
    return undefined
  }

  report(learner: string): LabReport {
    const last = this.input.at(-1)?.atNs ?? this.startedAtNs
    return {
      format: REPORT_FORMAT,
      lab: { id: this.lab.id, version: this.lab.version, hash: this.hash },
      learner,
      seed: this.options.seed ?? 1,
      machine: this.options,
      startedAtNs: this.startedAtNs,
      endedAtNs: Math.max(last, this.machine.kernel.s.nowNs),
      input: [...this.input],
      results: this.run.results(),
    }
  }
}

/** The lab's identity for reports: SHA-256 of its parsed content (comments and layout do not count). */
export async function labHash(lab: Lab): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(lab))
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
