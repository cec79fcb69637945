// A lab file's data (YAML already parsed) → a validated Lab, or errors that
// each name FILE:LINE:COL, what was found and what was expected: zod checks
// the shape, then references (steps, terminals, containers) are checked here.
// Positions come from the caller's `locate` (load.ts maps a path to its YAML
// node); without YAML at hand (a shipped file parsed at build time) they are
// unknown, and a failure is worth parsing the text for them.
import type { z } from 'zod/mini'
import { CHECK_KINDS, CHECK_SCHEMAS, Lab, LabTest, MachineSpec, Step, Task, Hint, Variant, type Check } from './schema.ts'

export interface LabError {
  file: string
  line: number
  col: number
  message: string
}

export type LoadResult = { ok: true; lab: Lab } | { ok: false; errors: LabError[] }

export type Path = (string | number)[]

export function formatError(e: LabError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`
}

/**
 * Validates parsed lab data. `file` names it in errors (the id must match its
 * base name); `locate` gives a path's position in the source.
 */
export function validateLab(data: unknown, file: string, locate: Locate): LoadResult {
  const errs: LabError[] = []
  const r = Lab.safeParse(data)
  if (!r.success) {
    for (const issue of r.error.issues) explain(issue, [], data, locate, errs)
    return { ok: false, errors: dedupe(errs) }
  }
  const lab = r.data
  checkReferences(lab, file, locate, errs)
  return errs.length ? { ok: false, errors: dedupe(errs) } : { ok: true, lab }
}

export type Locate = (path: Path, key?: boolean) => LabError
type Issue = z.core.$ZodIssue

function push(errs: LabError[], where: LabError, message: string) {
  errs.push({ ...where, message })
}

/** Turns one zod issue into errors with positions and found/expected wording. */
function explain(issue: Issue, prefix: Path, root: unknown, locate: Locate, errs: LabError[]): void {
  const path = [...prefix, ...(issue.path as Path)]
  const value = getIn(root, path)
  const where = () => locate(path)
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const k of issue.keys) {
        push(errs, locate([...path, k], true), `unknown key '${k}' in ${describePath(path)}${allowedKeys(path)}`)
      }
      return
    case 'invalid_type':
      if (value === undefined) return push(errs, locate(path.slice(0, -1)), `missing required key '${String(path.at(-1))}' in ${describePath(path.slice(0, -1))}`)
      return push(errs, where(), `${describePath(path)}: found ${found(value)}, expected ${issue.expected}`)
    case 'invalid_value':
      return push(errs, where(), `${describePath(path)}: found ${found(value)}, expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`)
    case 'invalid_format':
      return push(errs, where(), `${describePath(path)}: found ${found(value)}, expected ${issue.message}`)
    case 'too_small':
      return push(errs, where(), `${describePath(path)}: found ${found(value)}, expected ${issue.origin === 'array' ? `at least ${issue.minimum} item(s)` : issue.origin === 'string' ? 'a non-empty string' : `a value >= ${issue.minimum}`}`)
    case 'too_big':
      return push(errs, where(), `${describePath(path)}: found ${found(value)}, expected a value <= ${issue.maximum}`)
    case 'invalid_union':
      return explainUnion(path, value, root, locate, errs)
    default:
      return push(errs, where(), `${describePath(path)}: ${issue.message}`)
  }
}

const CHECK_PARENTS = new Set(['checks', 'expect', 'when', 'not', 'all', 'any'])
const RUN_PARENTS = new Set(['run', 'solution', 'setup'])

/** zod reports a failed union as a list of every branch's failure; say instead what the value should have been. */
function explainUnion(path: Path, value: unknown, root: unknown, locate: Locate, errs: LabError[]): void {
  const parentKey = typeof path.at(-1) === 'number' ? path.at(-2) : path.at(-1)
  if (CHECK_PARENTS.has(String(parentKey))) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return push(errs, locate(path), `${describePath(path)}: found ${found(value)}, expected a check: a mapping with one key (${CHECK_KINDS.join(', ')})`)
    }
    const keys = Object.keys(value)
    if (keys.length !== 1) {
      return push(errs, locate(path), `${describePath(path)}: found a mapping with keys ${keys.join(', ') || '(none)'}, expected exactly one check kind (${CHECK_KINDS.join(', ')}); combine checks with all: [...]`)
    }
    const kind = keys[0]!
    const schema = (CHECK_SCHEMAS as Record<string, z.ZodMiniType>)[kind]
    if (!schema) return push(errs, locate([...path, kind], true), `unknown check '${kind}', expected one of ${CHECK_KINDS.join(', ')}`)
    const r = schema.safeParse((value as Record<string, unknown>)[kind])
    if (!r.success) for (const i of r.error.issues) explain(i, [...path, kind], root, locate, errs)
    return
  }
  if (RUN_PARENTS.has(String(parentKey))) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const extra = Object.keys(value).filter((k) => k !== 'terminal' && k !== 'command')
      if (extra.length) return push(errs, locate([...path, extra[0]!], true), `unknown key '${extra[0]}' in a command (expected terminal, command)`)
      if (!('command' in value)) return push(errs, locate(path), `${describePath(path)}: missing 'command' (expected { terminal, command })`)
      return push(errs, locate(path), `${describePath(path)}: found ${found(value)}, expected { terminal: NAME, command: "..." } with string values`)
    }
    return push(errs, locate(path), `${describePath(path)}: found ${found(value)}, expected a command line (string) or { terminal, command }`)
  }
  if (parentKey === 'terminals') {
    return push(errs, locate(path), `${describePath(path)}: found ${found(value)}, expected host, { container: NAME } or { vm: NAME } (with an optional name)`)
  }
  if (parentKey === 'memory') return push(errs, locate(path), `memory: found ${found(value)}, expected a size such as 512M or 8G, or bytes`)
  push(errs, locate(path), `${describePath(path)}: found ${found(value)}, expected ${parentKey === 'equals' ? 'a string or a number' : 'another form'}`)
}

function found(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`
  return `${typeof v} ${String(v)}`
}

function describePath(path: Path): string {
  if (path.length === 0) return 'the file'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

function getIn(root: unknown, path: Path): unknown {
  let v = root
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[p]
  }
  return v
}

function dedupe(errs: LabError[]): LabError[] {
  const seen = new Set<string>()
  return errs.filter((e) => {
    const k = formatError(e)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  }).sort((a, b) => a.line - b.line || a.col - b.col)
}

// ---- references --------------------------------------------------------------

/** Names of containers the file itself starts (docker run/create --name X), for checking references. */
export function containersStarted(lab: Lab): Set<string> {
  const names = new Set<string>()
  const scan = (cmd: string) => {
    for (const m of cmd.matchAll(/--name[= ]+['"]?([A-Za-z0-9][\w.-]*)/g)) names.add(m[1]!)
  }
  const items = [...(lab.machine?.setup ?? []), ...(lab.machine?.variants ?? []).flatMap((v) => v.setup ?? []),
    ...lab.steps.flatMap((s) => [...(s.run ?? []), ...(s.solution ?? [])]), ...(lab.tests ?? []).flatMap((t) => t.run)]
  for (const it of items) scan(typeof it === 'string' ? it : it.command)
  for (const t of lab.terminals ?? []) if (typeof t === 'object' && 'container' in t) names.add(t.container)
  return names
}

/** A terminal's name: host, or its `name`, or the container/VM it opens. */
export function terminalName(t: Lab['terminals'] extends (infer T)[] | undefined ? T : never): string {
  if (t === 'host') return 'host'
  return t.name ?? ('container' in t ? t.container : t.vm)
}

function checkReferences(lab: Lab, file: string, locate: Locate, errs: LabError[]): void {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')
  if (base !== lab.id && /\.ya?ml$/.test(file)) push(errs, locate(['id']), `id: found "${lab.id}", expected "${base}" (the file's name)`)
  const terminals = new Set(['host', ...(lab.terminals ?? []).map(terminalName)])
  const containers = containersStarted(lab)
  const stepIndex = new Map<string, number>()
  lab.steps.forEach((s, i) => {
    if (stepIndex.has(s.id)) push(errs, locate(['steps', i, 'id']), `steps[${i}].id: "${s.id}" is used by an earlier step, expected a unique id`)
    stepIndex.set(s.id, i)
  })
  const hasTask = (id: string) => lab.steps[stepIndex.get(id)!]?.task !== undefined
  if (lab.kind === 'lab' && !lab.steps.some((s) => s.task)) push(errs, locate(['kind']), `kind: found "lab" without any task, expected at least one step with a task (or kind: scenario)`)

  const runItems = (items: Lab['steps'][number]['run'], path: Path) => items?.forEach((it, j) => {
    if (typeof it === 'object' && it.terminal !== undefined && !terminals.has(it.terminal)) {
      push(errs, locate([...path, j, 'terminal']), `${describePath([...path, j])}.terminal: found "${it.terminal}", expected a terminal declared in terminals (${[...terminals].join(', ')})`)
    }
  })
  runItems(lab.machine?.setup, ['machine', 'setup'])
  const checkList = (checks: Check[] | undefined, path: Path, stepI: number) => checks?.forEach((c, j) => check(c, [...path, j], stepI))
  const check = (c: Check, path: Path, stepI: number): void => {
    const [kind, body] = Object.entries(c)[0] as [string, Record<string, unknown> | string | Check[] | Check]
    const p = [...path, kind]
    const ref = (key: string, set: Set<string>, what: string) => {
      const v = (body as Record<string, unknown>)[key]
      if (typeof v === 'string' && !set.has(v)) {
        push(errs, locate([...p, key]), `${describePath([...p, key])}: found "${v}", expected ${what} (${[...set].join(', ') || 'none in this file'})`)
      }
    }
    switch (kind) {
      case 'not': return check(body as Check, p, stepI)
      case 'all': case 'any': return checkList(body as Check[], p, stepI)
      case 'done': {
        const id = body as string
        if (!stepIndex.has(id) || !hasTask(id)) push(errs, locate(p), `${describePath(p)}: found "${id}", expected the id of a step with a task`)
        return
      }
      case 'file': case 'command': return ref('terminal', terminals, 'a terminal declared in terminals')
      case 'output':
        if (lab.steps[stepI]?.run === undefined) push(errs, locate(p), `${describePath(p)}: an output check in a step without run, expected run: [...] in the same step`)
        return ref('terminal', terminals, 'a terminal declared in terminals')
      case 'container': return ref('name', containers, 'a container this file starts (docker run --name) or declares in terminals')
      case 'cgroup': case 'process':
        if (kind === 'cgroup' && (body as Record<string, unknown>).path === undefined && (body as Record<string, unknown>).container === undefined) {
          push(errs, locate(p), `${describePath(p)}: found neither path nor container, expected one of them`)
        }
        return ref('container', containers, 'a container this file starts (docker run --name) or declares in terminals')
      default:
        for (const key of ['matches', 'not_matches'] as const) {
          const v = (body as Record<string, unknown>)[key]
          if (typeof v === 'string') try { new RegExp(v) } catch (e) { push(errs, locate([...p, key]), `${describePath([...p, key])}: found an invalid regular expression (${(e as Error).message})`) }
        }
    }
  }
  lab.steps.forEach((s, i) => {
    const base: Path = ['steps', i]
    runItems(s.run, [...base, 'run'])
    runItems(s.solution, [...base, 'solution'])
    s.task?.needs?.forEach((n, j) => {
      const at = stepIndex.get(n)
      if (at === undefined || at >= i || !hasTask(n)) push(errs, locate([...base, 'task', 'needs', j]), `${describePath([...base, 'task', 'needs', j])}: found "${n}", expected the id of an earlier step with a task`)
    })
    checkList(s.expect, [...base, 'expect'], i)
    checkList(s.task?.checks, [...base, 'task', 'checks'], i)
    s.hints?.forEach((h, j) => h.when && check(h.when, [...base, 'hints', j, 'when'], i))
    if (s.task && !s.solution) push(errs, locate([...base, 'task']), `${describePath(base)}: a task without a solution, expected solution: [...] (the tests play it)`)
    if (s.hints && !s.task) push(errs, locate([...base, 'hints']), `${describePath(base)}: hints without a task, expected a task: {...} in the same step`)
  })
  lab.tests?.forEach((t, i) => {
    const at = stepIndex.get(t.step)
    if (at === undefined || !hasTask(t.step)) push(errs, locate(['tests', i, 'step']), `tests[${i}].step: found "${t.step}", expected the id of a step with a task`)
    runItems(t.run, ['tests', i, 'run'])
  })
}

/** ", expected one of: ..." for the mapping at `path`, from the schema's known keys. */
function allowedKeys(path: Path): string {
  const keys = keysFor(path)
  return keys ? ` (expected one of: ${keys.join(', ')})` : ''
}

/** The keys a strict object at `path` allows (for the unknown-key message). */
function keysFor(path: Path): string[] | undefined {
  const names = path.filter((p): p is string => typeof p === 'string')
  const last = names.at(-1)
  const shape = (s: z.ZodMiniType) => Object.keys((s as unknown as { shape: Record<string, unknown> }).shape)
  if (names.length === 0) return shape(Lab)
  if (last && last in CHECK_SCHEMAS && !['not', 'all', 'any', 'done'].includes(last)) return shape(CHECK_SCHEMAS[last as keyof typeof CHECK_SCHEMAS])
  switch (last) {
    case 'steps': return shape(Step)
    case 'task': return shape(Task)
    case 'hints': return shape(Hint)
    case 'machine': return shape(MachineSpec)
    case 'variants': return shape(Variant)
    case 'tests': return shape(LabTest)
  }
  return undefined
}
