// Grading by replay: a report's input log is typed again, at the same virtual
// times, into a fresh machine built from the same seed and options; every
// check runs again; the results the replay reaches are the grade. A report
// whose claimed results differ from the replay's is flagged (an edited JSON
// cannot fake a task), and so is a report from another version of the lab.
import { driveUntil, runUntilTime } from '../host/drive.ts'
import type { TaskResult } from './engine.ts'
import { COMMAND_MAX_SYSCALLS, Player, type PlayMachine } from './player.ts'
import type { Lab } from './schema.ts'
import { REPORT_FORMAT, type LabReport } from './session.ts'

export interface Grade {
  learner: string
  lab: string
  /** Tasks the replay found done, of all tasks. */
  passed: number
  total: number
  /** Virtual time from the first prompt to the last input, in seconds. */
  seconds: number
  replayed: TaskResult[]
  /** What does not hold: another lab version, results the replay does not reproduce. */
  flags: string[]
}

/** Checks a report's shape (it is user-supplied JSON); a message when it is not one. */
export function reportProblem(r: unknown): string | undefined {
  const x = r as Partial<LabReport> | null
  if (!x || typeof x !== 'object') return 'not a JSON object'
  if (x.format !== REPORT_FORMAT) return `format is ${JSON.stringify(x.format)}, expected "${REPORT_FORMAT}"`
  if (!x.lab || typeof x.lab.id !== 'string' || typeof x.lab.hash !== 'string') return 'lab: expected { id, version, hash }'
  if (!Array.isArray(x.input) || !x.input.every((e) => e && typeof e.atNs === 'number' && (e.kind === 'line' ? typeof e.line === 'string' : e.kind === 'signal'))) return 'input: expected a list of { kind, terminal, line|signal, atNs }'
  if (!Array.isArray(x.results)) return 'results: expected a list'
  if (typeof x.seed !== 'number') return 'seed: expected a number'
  return undefined
}

/** Replays `report` on `machine` (fresh, built from report.machine) and compares. */
export function grade(report: LabReport, lab: Lab, hash: string, machine: PlayMachine): Grade {
  const flags: string[] = []
  if (report.lab.id !== lab.id) flags.push(`report is for lab ${report.lab.id}, not ${lab.id}`)
  else if (report.lab.hash !== hash) {
    flags.push(`report is from another version of the lab (report: version ${report.lab.version}, ${report.lab.hash.slice(0, 12)}; lab: version ${lab.version}, ${hash.slice(0, 12)})`)
  }
  const p = new Player(lab, machine)
  p.run.setup()
  const k = machine.kernel
  const term = p.terminal()
  let running = false
  const service = () => {
    if (p.device.pending) p.device.service((args) => p.run.answer(args))
    if (running && term.wantsInput) {
      running = false
      p.run.afterCommand()
    }
    return false
  }
  for (const e of report.input) {
    runUntilTime(k, e.atNs, service)
    if (e.kind === 'line') {
      // The session typed it at a prompt: wait for one (the command before may run a little longer here).
      driveUntil(k, () => (service(), term.wantsInput || term.closed), COMMAND_MAX_SYSCALLS)
      if (term.closed) break
      p.run.noteInput(e.terminal, e.line)
      running = true
      term.inputLine(e.line)
    } else if (e.signal === 'INT') term.interrupt()
    else if (e.signal === 'EOF') term.eof()
    else term.suspend()
  }
  driveUntil(k, () => (service(), term.wantsInput || term.closed), COMMAND_MAX_SYSCALLS)
  service()
  const replayed = p.run.results()
  for (const r of replayed) {
    const claimed = report.results.find((c) => c.step === r.step)
    if (!claimed) flags.push(`task ${r.step}: missing from the report`)
    else if (claimed.done !== r.done) flags.push(`task ${r.step}: the report claims ${claimed.done ? 'done' : 'not done'}, the replay finds it ${r.done ? 'done' : 'not done'}`)
  }
  for (const c of report.results) if (!replayed.some((r) => r.step === c.step)) flags.push(`task ${c.step}: not a task of this lab`)
  return {
    learner: report.learner || '(unnamed)',
    lab: report.lab.id,
    passed: replayed.filter((r) => r.done).length,
    total: replayed.length,
    seconds: Math.max(0, (report.endedAtNs - report.startedAtNs) / 1e9),
    replayed,
    flags,
  }
}

/** The class table: learner, tasks passed, time spent, and what grading flagged. */
export function gradeTable(grades: Grade[]): string {
  const rows = grades.map((g) => [g.learner, g.lab, `${g.passed}/${g.total}`, duration(g.seconds), g.flags.length ? '⚠ ' + g.flags.length + ' flag(s)' : 'ok'])
  const head = ['LEARNER', 'LAB', 'TASKS', 'TIME', 'REPLAY']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  let s = [line(head), ...rows.map(line)].join('\n') + '\n'
  for (const g of grades) for (const f of g.flags) s += `⚠ ${g.learner}: ${f}\n`
  return s
}

function duration(s: number): string {
  const m = Math.floor(s / 60)
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`
}

