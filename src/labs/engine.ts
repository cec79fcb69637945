// A lab in progress on one machine: the current step, which tasks are done,
// what the learner typed, and the answers of the `lab` program (lab, lab check,
// lab hint, lab next, lab solution, lab progress). Tasks are edge-triggered:
// checked after every command and on `lab check`; once all checks of a task
// hold it is done for good. Nothing here reads files or clocks: the machine
// and the lab are given, so it runs the same in Node and in the web worker.
import type { Lab, RunItem, Step } from './schema.ts'
import { evaluate, inTerminal, type CheckContext, type CheckResult, type HistoryEntry, type LabMachine, type Mark, type TerminalSpec } from './checks.ts'
import { terminalName } from './validate.ts'

export type TaskState = 'done' | 'open' | 'locked' | 'none'

export interface TaskStatus {
  step: string
  state: TaskState
  /** Each check's result (open tasks, after an evaluation). */
  results: CheckResult[]
  /** Steps named in `needs` whose tasks are not done yet. */
  waitingFor: string[]
}

export interface TaskResult {
  step: string
  done: boolean
  /** Virtual time (ns since boot) when it was first done. */
  atNs?: number
}

/** One line of `lab` output and its exit status (0 = success). */
export interface Answer {
  status: number
  text: string
}

export function terminalSpecs(lab: Lab): Map<string, TerminalSpec> {
  const m = new Map<string, TerminalSpec>([['host', { kind: 'host' }]])
  for (const t of lab.terminals ?? []) {
    if (t === 'host') continue
    m.set(terminalName(t), 'container' in t ? { kind: 'container', name: t.container } : { kind: 'vm', name: t.vm })
  }
  return m
}

export function runItem(it: RunItem): { terminal: string; command: string } {
  return typeof it === 'string' ? { terminal: 'host', command: it } : { terminal: it.terminal ?? 'host', command: it.command }
}

export class LabRun {
  readonly terminals: Map<string, TerminalSpec>
  current = 0
  readonly doneAt = new Map<string, number>()
  readonly history: HistoryEntry[] = []
  start: Mark
  private stepMark: Mark
  /** The output of the current step's runs, by terminal (scenario play). */
  output = new Map<string, string>()

  constructor(readonly lab: Lab, readonly machine: LabMachine) {
    this.terminals = terminalSpecs(lab)
    this.start = this.mark()
    this.stepMark = this.start
  }

  get step(): Step {
    return this.lab.steps[this.current]!
  }

  get finished(): boolean {
    return this.current >= this.lab.steps.length - 1 && this.taskState(this.step) !== 'open' && this.taskState(this.step) !== 'locked'
  }

  private mark(): Mark {
    return { ns: this.machine.kernel.s.nowNs, events: this.machine.events.mark(), history: this.history.length }
  }

  /** Runs machine.setup (or a variant's) as root on the hidden shell; what failed, if anything. */
  setup(items: RunItem[] | undefined = this.lab.machine?.setup): string[] {
    const failures: string[] = []
    for (const it of items ?? []) {
      const { terminal, command } = runItem(it)
      const r = this.machine.runScript(inTerminal(this.terminals.get(terminal), command), { holdClock: true })
      if (r.status !== 0) failures.push(`setup: \`${command}\` exited ${r.status}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`)
    }
    this.start = this.mark()
    this.stepMark = this.start
    return failures
  }

  /** The learner typed a line (before it runs): history checks and the report see it. */
  noteInput(terminal: string, line: string): void {
    this.history.push({ terminal, line, atNs: this.machine.kernel.s.nowNs })
  }

  isDone(stepId: string): boolean {
    return this.doneAt.has(stepId)
  }

  context(): CheckContext {
    return {
      machine: this.machine, terminals: this.terminals, step: this.stepMark, start: this.start, history: this.history,
      output: this.output, isDone: (id) => this.isDone(id), cache: new Map(),
    }
  }

  taskState(s: Step): TaskState {
    if (!s.task) return 'none'
    if (this.isDone(s.id)) return 'done'
    return (s.task.needs ?? []).every((n) => this.isDone(n)) ? 'open' : 'locked'
  }

  /**
   * Evaluates the task of step `i` now; marks it done (for good) when every check holds.
   * `firstFailure`: stop at the first check that fails (the edge trigger after each command
   * needs only yes or no; `lab check` shows every check).
   */
  evaluateTask(i = this.current, ctx = this.context(), firstFailure = false): TaskStatus {
    const s = this.lab.steps[i]!
    const state = this.taskState(s)
    const waitingFor = (s.task?.needs ?? []).filter((n) => !this.isDone(n))
    if (state !== 'open') return { step: s.id, state, results: [], waitingFor }
    const results: CheckResult[] = []
    for (const c of s.task!.checks) {
      const r = evaluate(c, ctx)
      results.push(r)
      if (!r.ok && firstFailure) break
    }
    if (results.every((r) => r.ok)) {
      this.doneAt.set(s.id, this.machine.kernel.s.nowNs)
      return { step: s.id, state: 'done', results, waitingFor }
    }
    return { step: s.id, state: 'open', results, waitingFor }
  }

  /** After each command: the edge trigger. Returns the step whose task just became done, if any. */
  afterCommand(): string | undefined {
    if (this.taskState(this.step) !== 'open') return undefined
    return this.evaluateTask(this.current, this.context(), true).state === 'done' ? this.step.id : undefined
  }

  /** The hint for the current state: the first whose `when` holds. */
  hint(ctx = this.context()): string | undefined {
    const hints = this.step.hints ?? []
    for (const h of hints) if (!h.when || evaluate(h.when, ctx).ok) return h.text
    return undefined
  }

  /** Moves to the next step if the current one is finished. */
  next(): Answer {
    const state = this.taskState(this.step)
    if (state === 'open' || state === 'locked') {
      const st = this.evaluateTask()
      if (st.state !== 'done') return { status: 1, text: `The task of step ${this.current + 1} is not done yet: \`lab check\` says why, \`lab hint\` helps.\n` }
    }
    if (this.current >= this.lab.steps.length - 1) return { status: 0, text: `That was the last step: the lab is complete. \`lab progress\` shows your tasks.\n` }
    this.current++
    this.stepMark = this.mark()
    this.output = new Map()
    return { status: 0, text: this.describeStep() }
  }

  /** Starts step `i` directly (scenario play and tests). */
  goTo(i: number): void {
    this.current = i
    this.stepMark = this.mark()
    this.output = new Map()
  }

  results(): TaskResult[] {
    return this.lab.steps.filter((s) => s.task).map((s) => {
      const at = this.doneAt.get(s.id)
      return at === undefined ? { step: s.id, done: false } : { step: s.id, done: true, atNs: at }
    })
  }

  // ---- the `lab` program's answers ---------------------------------------------

  describeStep(): string {
    const s = this.step
    const n = this.lab.steps.length
    let t = `\n${this.lab.title} — step ${this.current + 1}/${n}: ${s.title}\n\n${s.text.trimEnd()}\n`
    if (s.run?.length) t += `\nTry:\n${s.run.map((r) => '  ' + showRun(r)).join('\n')}\n`
    if (s.task) {
      const st = this.taskState(s)
      t += `\nTask: ${st === 'done' ? 'done ✔' : st === 'locked' ? `first finish ${(s.task.needs ?? []).filter((x) => !this.isDone(x)).join(', ')}` : 'open — `lab check` when you think it is done, `lab hint` if stuck'}\n`
    } else if (this.current < n - 1) t += '\n`lab next` for the next step.\n'
    return t
  }

  answer(args: readonly string[]): Answer {
    const [cmd = '', ...rest] = args
    if (rest.length) return { status: 2, text: `lab: ${cmd}: unexpected argument '${rest[0]}'\n` }
    switch (cmd) {
      case '': case 'show': return { status: 0, text: this.describeStep() }
      case 'check': return this.check()
      case 'hint': {
        if (!this.step.task) return { status: 0, text: 'This step has no task: read it, try its commands, then `lab next`.\n' }
        if (this.isDone(this.step.id)) return { status: 0, text: 'This task is done: `lab next`.\n' }
        const h = this.hint()
        return { status: 0, text: `Hint: ${h ?? 'no hint for this state; `lab check` shows what is missing.'}\n` }
      }
      case 'next': return this.next()
      case 'solution': {
        const sol = this.step.solution
        if (!sol?.length) return { status: 0, text: 'This step has no task, so no solution.\n' }
        return { status: 0, text: `One solution for step ${this.current + 1}:\n${sol.map((r) => '  ' + showRun(r)).join('\n')}\n` }
      }
      case 'progress': return { status: 0, text: this.progress() }
      case 'help': case '--help': case '-h': return { status: 0, text: LAB_USAGE }
      default: return { status: 2, text: `lab: unknown command '${cmd}'\n${LAB_USAGE}` }
    }
  }

  check(): Answer {
    const s = this.step
    if (!s.task) return { status: 0, text: `Step ${this.current + 1} has no task: \`lab next\`.\n` }
    const before = this.isDone(s.id)
    const st = this.evaluateTask()
    if (st.state === 'locked') return { status: 1, text: `First finish: ${st.waitingFor.join(', ')}.\n` }
    if (st.state === 'done') {
      return { status: 0, text: `✔ ${before ? 'Already done' : 'Task done'}: ${s.title}.${this.current < this.lab.steps.length - 1 ? ' `lab next` for the next step.' : ' That was the last task.'}\n` }
    }
    const lines = st.results.map((r) => r.ok ? `  ✔ ${r.what}` : `  ✘ ${r.what} — ${r.found}`)
    return { status: 1, text: `Not done yet:\n${lines.join('\n')}\n` }
  }

  progress(): string {
    const rows = this.lab.steps.map((s, i) => {
      const st = this.taskState(s)
      const mark = st === 'done' ? '✔' : st === 'none' ? ' ' : '·'
      return `${i === this.current ? '>' : ' '} ${mark} ${i + 1}. ${s.title}${st === 'none' ? '' : st === 'done' ? '' : ' (task open)'}`
    })
    const tasks = this.results()
    return `${this.lab.title}: ${tasks.filter((t) => t.done).length}/${tasks.length} tasks done\n${rows.join('\n')}\n`
  }
}

export const LAB_USAGE = `Usage: lab [COMMAND]
  lab            the current step and its text
  lab check      is the current task done? what is missing
  lab hint       a hint for where you are now
  lab next       go on to the next step (once the task is done)
  lab solution   one way to do the current task
  lab progress   every step and task
`

export function showRun(r: RunItem): string {
  const { terminal, command } = runItem(r)
  return terminal === 'host' ? `$ ${command}` : `[${terminal}] $ ${command}`
}
