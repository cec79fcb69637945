// `isolab scenario ...` and `isolab lab ...`: the file-reading edge of the lab
// engine (src/labs reads nothing itself, so the web worker can use it too).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Machine } from '../host/machine.ts'
import { formatError, loadLab } from '../labs/load.ts'
import type { Lab } from '../labs/schema.ts'
import { showRun } from '../labs/engine.ts'
import { play } from '../labs/player.ts'
import { footer as narrateFooter, header as narrateHeader, narrateCompare, narrateStep } from '../labs/narrate.ts'
import { machinePlan } from '../labs/machine-spec.ts'
import { LabSession, labHash, type LabReport } from '../labs/session.ts'
import { grade, gradeTable, reportProblem, type Grade } from '../labs/grade.ts'
import { startInteractive } from './interactive.ts'
import type { LabHook } from '../worker/session.ts'
import { UsageError } from './options.ts'

export interface LabsIO {
  out(s: string): void
  err(s: string): void
}

const STDIO: LabsIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) }

/** The scenarios/ folder of this package (the source tree or next to the bundled CLI). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'scenarios', 'schema.json'))) return join(dir, 'scenarios')
    dir = dirname(dir)
  }
  return resolve('scenarios')
}

/** Every *.yaml below `dir`, sorted. */
export function labFiles(dir = scenariosDir()): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name))
      else if (/\.ya?ml$/.test(e.name)) out.push(join(d, e.name))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

export interface LoadedLab {
  file: string
  text: string
  lab: Lab
}

/** Loads every lab file; files with errors are reported on `io.err` and skipped. */
export function loadAll(io: LabsIO, dir = scenariosDir()): LoadedLab[] {
  const labs: LoadedLab[] = []
  for (const file of labFiles(dir)) {
    const text = readFileSync(file, 'utf8')
    const r = loadLab(text, relative(process.cwd(), file) || file)
    if (r.ok) labs.push({ file, text, lab: r.lab })
    else for (const e of r.errors) io.err(formatError(e) + '\n')
  }
  return labs
}

export async function labsCommand(kind: 'lab' | 'scenario', args: string[], io: LabsIO = STDIO): Promise<number> {
  const [sub, ...rest] = args
  try {
    if (kind === 'scenario') {
      switch (sub) {
        case 'list': return list('scenario', io)
        case 'show': return show(rest, io)
        case 'run': return runScenario(rest, io)
      }
    } else {
      switch (sub) {
        case 'list': return list('lab', io)
        case 'validate': return validate(rest, io)
        case 'start': return await startLab(rest, io)
        case 'report': return await writeReport(rest, io)
        case 'grade': return await gradeReports(rest, io)
      }
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    io.err(`isolab: ${kind} ${sub}: ${e.message}\n`)
    return 2
  }
  const subs = kind === 'lab' ? 'list, start, validate, report, grade' : 'list, show, run'
  io.err(`isolab: ${kind}: ${sub === undefined ? 'expected a subcommand' : `unknown subcommand '${sub}'`} (${subs})\nTry 'isolab --help' for more information.\n`)
  return 2
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!)
  }
}

/** The subcommand's --seed; without it the file's machine.seed (the global --seed is for sh and the shell). */
function seedOf(v: string | boolean | undefined): number | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined
  if (!/^\d+$/.test(v)) throw new UsageError(`invalid value '${v}' for --seed (expected an integer >= 0)`)
  return Number(v)
}

/** A lab by id (or a path to its file). */
function find(name: string | undefined, io: LabsIO): LoadedLab | undefined {
  if (name === undefined) throw new UsageError('expected a NAME (see the list subcommand)')
  if (/\.ya?ml$/.test(name) && existsSync(name)) {
    const text = readFileSync(name, 'utf8')
    const r = loadLab(text, name)
    if (!r.ok) {
      for (const e of r.errors) io.err(formatError(e) + '\n')
      return undefined
    }
    return { file: name, text, lab: r.lab }
  }
  // A lab's file is named for its id: parse that one first, not all of them (a third of a second of `scenario run`).
  for (const file of labFiles().filter((f) => basename(f).replace(/\.ya?ml$/, '') === name)) {
    const text = readFileSync(file, 'utf8')
    const r = loadLab(text, relative(process.cwd(), file) || file)
    if (r.ok && r.lab.id === name) return { file, text, lab: r.lab }
  }
  const hit = loadAll(io).find((l) => l.lab.id === name)
  if (!hit) io.err(`isolab: no lab or scenario named '${name}' (see: isolab scenario list, isolab lab list)\n`)
  return hit
}

function list(kind: 'lab' | 'scenario', io: LabsIO): number {
  const labs = loadAll(io).filter((l) => l.lab.kind === kind)
  const rows = labs.map(({ lab }) => kind === 'lab'
    ? [lab.id, lab.topic, lab.difficulty ?? '', lab.minutes ? `${lab.minutes} min` : '', lab.title]
    : [lab.id, lab.topic, `${lab.steps.length} steps`, lab.title])
  const head = kind === 'lab' ? ['NAME', 'TOPIC', 'LEVEL', 'TIME', 'TITLE'] : ['NAME', 'TOPIC', 'STEPS', 'TITLE']
  io.out(table([head, ...rows]))
  io.out(`${labs.length} ${kind}${labs.length === 1 ? '' : 's'}: isolab ${kind} ${kind === 'lab' ? 'start' : 'run'} NAME\n`)
  return 0
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n'
}

function show(args: string[], io: LabsIO): number {
  const { positionals } = parse(args, {})
  const l = find(positionals[0], io)
  if (!l) return 1
  const { lab } = l
  let s = `${lab.title}\n${lab.summary.trim()}\n`
  if (lab.claim) s += `Claim: ${lab.claim}\n`
  s += `kind: ${lab.kind}, topic: ${lab.topic}${lab.difficulty ? `, ${lab.difficulty}` : ''}${lab.minutes ? `, ${lab.minutes} min` : ''}, file: ${relative(process.cwd(), l.file)}\n`
  if (lab.machine?.variants?.length) s += `machines: ${lab.machine.variants.map((v) => v.name).join(', ')} (scenario run ${lab.id} --compare)\n`
  lab.steps.forEach((st, i) => {
    s += `\n${i + 1}. ${st.title}${st.task ? '  [task]' : ''}\n${st.text.trimEnd().replace(/^/gm, '   ')}\n`
    for (const r of st.run ?? []) s += `   ${showRun(r)}\n`
  })
  io.out(s)
  return 0
}

function runScenario(args: string[], io: LabsIO): number {
  const { values, positionals } = parse(args, { seed: { type: 'string' }, json: { type: 'boolean' }, compare: { type: 'boolean' } })
  const l = find(positionals[0], io)
  if (!l) return 1
  const { lab } = l
  const seed = seedOf(values.seed)
  const variants: (string | undefined)[] = values.compare ? (lab.machine?.variants ?? []).map((v) => v.name) : [undefined]
  if (values.compare && variants.length === 0) {
    io.err(`isolab: scenario run --compare: ${lab.id} has no machine variants (machine.variants in its file)\n`)
    return 2
  }
  const results = variants.map((v) => {
    const plan = machinePlan(lab, v, seed)
    const machine = new Machine(plan.options)
    if (!values.json && !values.compare) {
      io.out(narrateHeader(lab, plan.name))
      let i = 0
      return play(lab, machine, { variant: plan.name, setup: plan.setup, onStep: (s) => io.out(narrateStep(s, i++, lab.steps.length)) })
    }
    return play(lab, machine, { variant: plan.name, setup: plan.setup })
  })
  if (values.json) io.out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n')
  else if (values.compare) io.out(narrateCompare(lab, results))
  else io.out(narrateFooter(results[0]!))
  return results.every((r) => r.ok) ? 0 : 1
}

// ---- lab start / report / grade ---------------------------------------------------

const SESSION_DIR = '.isolab/sessions'

async function startLab(args: string[], io: LabsIO): Promise<number> {
  const { values, positionals } = parse(args, { seed: { type: 'string' } })
  const l = find(positionals[0], io)
  if (!l) return 1
  const plan = machinePlan(l.lab, undefined, seedOf(values.seed))
  const machine = new Machine(plan.options)
  const session = new LabSession(l.lab, machine, plan.options, await labHash(l.lab))
  for (const e of session.setupErrors) io.err(`isolab: ${e}\n`)
  const save = () => {
    mkdirSync(SESSION_DIR, { recursive: true })
    writeFileSync(join(SESSION_DIR, `${l.lab.id}.json`), JSON.stringify(session.report(''), null, 1) + '\n')
  }
  io.out(session.run.describeStep() + `\n(The lab program: lab, lab check, lab hint, lab next, lab solution, lab progress. Type exit to leave;\n then \`isolab lab report ${l.lab.id} --learner NAME\` writes your report.)\n\n`)
  const { stdin, stdout } = process
  const terminal = Boolean(stdin.isTTY && stdout.isTTY)
  if (terminal) stdin.setRawMode(true)
  let saved = 0
  // The Session checks the lab after each slice, as in the web app; here a finished task is also
  // announced on the terminal and the learner's input saved as it grows.
  const lab: LabHook = {
    attach: (h) => session.attach(h),
    get busy() { return session.busy }, // a `lab` answered now, or a typed-ahead line sent now: run on
    afterSlice: () => {
      const done = session.afterSlice()
      if (session.input.length !== saved) { saved = session.input.length; save() }
      return done
    },
    announce: (step) => {
      const last = session.run.current >= l.lab.steps.length - 1
      return `✔ Task done: ${l.lab.steps.find((s) => s.id === step)!.title}${last ? ' — that was the last task: exit, then isolab lab report' : ' — `lab next` for the next step'}.\n`
    },
  }
  const s = startInteractive(machine, { input: stdin, output: stdout, terminal, cols: stdout.columns ?? 80, rows: stdout.rows ?? 24 }, { lab })
  try {
    return await s.done
  } finally {
    save()
    if (terminal) stdin.setRawMode(false)
    stdin.pause()
  }
}

async function writeReport(args: string[], io: LabsIO): Promise<number> {
  const { values, positionals } = parse(args, { learner: { type: 'string' }, output: { type: 'string', short: 'o' } })
  let name = positionals[0]
  if (name === undefined) {
    const all = existsSync(SESSION_DIR) ? readdirSync(SESSION_DIR).filter((f) => f.endsWith('.json')) : []
    if (all.length !== 1) throw new UsageError(all.length ? `several sessions (${all.map((f) => f.slice(0, -5)).join(', ')}): name the lab` : 'no lab session here yet: isolab lab start NAME')
    name = all[0]!.slice(0, -5)
  }
  const path = join(SESSION_DIR, `${name}.json`)
  if (!existsSync(path)) throw new UsageError(`no session of lab ${name} in this directory (isolab lab start ${name})`)
  const report = JSON.parse(readFileSync(path, 'utf8')) as LabReport
  report.learner = values.learner ?? process.env.USER ?? 'learner'
  const out = values.output ?? `${name}-${report.learner.replace(/[^\w.-]+/g, '_')}.report.json`
  writeFileSync(out, JSON.stringify(report, null, 1) + '\n')
  const done = report.results.filter((r) => r.done).length
  io.out(`${out}: lab ${report.lab.id} v${report.lab.version}, ${report.learner}, ${done}/${report.results.length} tasks, ${report.input.length} inputs\n`)
  return 0
}

async function gradeReports(args: string[], io: LabsIO): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } })
  if (positionals.length === 0) throw new UsageError('expected one or more REPORT files')
  const labs = loadAll(io)
  const grades: Grade[] = []
  let bad = 0
  for (const file of positionals) {
    let report: LabReport
    try {
      report = JSON.parse(readFileSync(file, 'utf8'))
    } catch (e) {
      io.err(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : 'not JSON: ' + (e as Error).message}\n`)
      bad++
      continue
    }
    const problem = reportProblem(report)
    if (problem) {
      io.err(`${file}: not a lab report: ${problem}\n`)
      bad++
      continue
    }
    const l = labs.find((x) => x.lab.id === report.lab.id)
    if (!l) {
      io.err(`${file}: lab ${report.lab.id} is not among this package's labs\n`)
      bad++
      continue
    }
    const machine = new Machine({ ...report.machine, seed: report.seed })
    grades.push(grade(report, l.lab, await labHash(l.lab), machine))
  }
  if (values.json) io.out(JSON.stringify(grades, null, 2) + '\n')
  else if (grades.length) io.out(gradeTable(grades))
  return bad || grades.some((g) => g.flags.length) ? 1 : 0
}

/** `lab validate FILE...`: every error as FILE:LINE:COL: message; exit 1 if any. */
export function validate(files: string[], io: LabsIO): number {
  if (files.length === 0) {
    io.err('isolab: lab validate: expected one or more FILEs\n')
    return 2
  }
  let bad = 0
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      io.err(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`)
      bad++
      continue
    }
    const r = loadLab(text, file)
    if (r.ok) continue
    bad++
    for (const e of r.errors) io.err(formatError(e) + '\n')
  }
  io.out(`${files.length - bad} of ${files.length} file(s) valid\n`)
  return bad ? 1 : 0
}
