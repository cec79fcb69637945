// Playing a lab or scenario on a machine: a learner's terminal that the engine
// types into (scenario steps, solutions, the tests' wrong attempts, a graded
// report's replay), each command run until the prompt is back. Time passes
// only while a command runs (src/host/drive.ts). The narrated transcript and
// the --json form of `scenario run` are built from what this returns.
import { driveUntil } from '../host/drive.ts'
import type { TerminalHandle } from '../host/types.ts'
import { evaluate, inTerminal, type CheckResult, type LabMachine } from './checks.ts'
import { LabDevice } from './device.ts'
import { LabRun, runItem, type TaskStatus } from './engine.ts'
import type { Lab, RunItem } from './schema.ts'

/** A machine the player can open terminals on (Machine has this). */
export interface PlayMachine extends LabMachine {
  openTerminal(o: { cols: number; rows: number; onOutput(data: string): void }): TerminalHandle
}

/** Syscalls one typed command may take before the player interrupts it (^C). */
export const COMMAND_MAX_SYSCALLS = 60_000_000

export interface Typed {
  terminal: string
  command: string
  output: string
  /** The command did not come back to the prompt within the budget and was interrupted. */
  interrupted?: boolean
}

/** The learner's side of a session driven by the engine: one host terminal, commands for other terminals wrapped. */
export class Player {
  readonly run: LabRun
  readonly device: LabDevice
  private term: TerminalHandle | undefined
  private buf = ''

  constructor(readonly lab: Lab, readonly machine: PlayMachine) {
    this.run = new LabRun(lab, machine)
    this.device = new LabDevice(machine.kernel)
  }

  private serviced = () => {
    if (this.device.pending) this.device.service((args) => this.run.answer(args))
  }

  /** The learner's terminal, at its first prompt. */
  terminal(): TerminalHandle {
    if (!this.term) {
      this.term = this.machine.openTerminal({ cols: 160, rows: 50, onOutput: (d) => { this.buf += d } })
      this.settle()
      this.buf = ''
    }
    return this.term
  }

  /** Runs until the terminal's shell waits for a line again. */
  private settle(): boolean {
    const t = this.term!
    const r = driveUntil(this.machine.kernel, () => (this.serviced(), t.wantsInput || t.closed), COMMAND_MAX_SYSCALLS)
    if (r === 'budget') {
      t.interrupt()
      driveUntil(this.machine.kernel, () => (this.serviced(), t.wantsInput || t.closed), COMMAND_MAX_SYSCALLS)
      return false
    }
    return true
  }

  /** Types `command` as the learner would, into `terminal` (host, or a container/VM terminal), and waits for the prompt. */
  type(terminal: string, command: string): Typed {
    const t = this.terminal()
    const line = inTerminal(this.run.terminals.get(terminal), command)
    this.run.noteInput(terminal, command)
    let output = ''
    let interrupted = false
    for (const l of line.split('\n')) {
      this.buf = ''
      t.inputLine(l)
      if (!this.settle()) interrupted = true
      output += stripEcho(this.buf, l, t.pendingPrompt)
    }
    this.run.output.set(terminal, (this.run.output.get(terminal) ?? '') + output)
    return { terminal, command, output, ...(interrupted ? { interrupted } : {}) }
  }

  typeItem(it: RunItem): Typed {
    const { terminal, command } = runItem(it)
    return this.type(terminal, command)
  }

  /** Types a command and lets the edge trigger evaluate the task, as after every learner command. */
  act(it: RunItem): Typed & { done?: string } {
    const typed = this.typeItem(it)
    const done = this.run.afterCommand()
    return done ? { ...typed, done } : typed
  }
}

/** The terminal echoes the typed line and ends with the next prompt: keep what the command printed. */
function stripEcho(out: string, line: string, prompt: string): string {
  let s = out.replaceAll('\r\n', '\n')
  if (s.startsWith(line + '\n')) s = s.slice(line.length + 1)
  if (prompt && s.endsWith(prompt)) s = s.slice(0, -prompt.length)
  return s
}

// ---- playing a whole file --------------------------------------------------------

export interface PlayedStep {
  id: string
  title: string
  text: string
  runs: Typed[]
  expect: CheckResult[]
  /** For a step with a task: its solution's commands and the task's state after them. */
  solution?: Typed[]
  task?: TaskStatus
}

export interface PlayResult {
  id: string
  title: string
  variant: string
  setupErrors: string[]
  steps: PlayedStep[]
  /** Every expect held and every task was done by its solution. */
  ok: boolean
}

/** Plays every step: its runs, its expect checks, and (labs) its solution and task. */
export function play(lab: Lab, machine: PlayMachine, opts: { variant?: string; setup?: RunItem[]; onStep?(s: PlayedStep): void } = {}): PlayResult {
  const p = new Player(lab, machine)
  const setupErrors = p.run.setup(opts.setup)
  const steps: PlayedStep[] = []
  let ok = setupErrors.length === 0
  p.terminal()
  lab.steps.forEach((s, i) => {
    p.run.goTo(i)
    const runs = (s.run ?? []).map((r) => p.typeItem(r))
    const ctx = p.run.context()
    const expect = (s.expect ?? []).map((c) => evaluate(c, ctx))
    const step: PlayedStep = { id: s.id, title: s.title, text: s.text, runs, expect }
    if (s.task) {
      step.solution = (s.solution ?? []).map((r) => p.act(r))
      step.task = p.run.evaluateTask(i)
      if (step.task.state !== 'done') ok = false
    }
    if (expect.some((e) => !e.ok) || runs.some((r) => r.interrupted)) ok = false
    steps.push(step)
    opts.onStep?.(step)
  })
  return { id: lab.id, title: lab.title, variant: opts.variant ?? 'default', setupErrors, steps, ok }
}
