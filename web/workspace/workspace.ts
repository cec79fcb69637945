// The saved workspace: the seed and every input event. That is all that is
// needed to rebuild the machine (deterministic replay); terminal history and
// the command log are derived from it. Pure: parse/validate/serialise only.
import type { InputEvent } from '../../src/worker/api.ts'
import { parseVersionOptions, type ComponentVersions } from '../../src/worker/versions.ts'

export const FORMAT = 'isolab-workspace'
export const VERSION = 1

/** The simulated machine's size (absent: the defaults, 2 CPUs and 8 GiB) and component versions (absent ones: the defaults). */
export interface MachineSettings {
  cpus: number
  memoryMiB: number
  versions?: Partial<ComponentVersions>
}

export interface Workspace {
  format: typeof FORMAT
  version: typeof VERSION
  seed: number
  machine?: MachineSettings
  /** A lab or scenario in progress: its file (validated again by the worker on every boot) and the learner's step. */
  lab?: { file: string; text: string; step: number }
  log: InputEvent[]
}

/** Limits the settings dialog and an imported file must keep to. */
export const LIMITS = { cpus: [1, 64], memoryMiB: [256, 65536] } as const

export type Parsed = { ok: true; workspace: Workspace } | { ok: false; reason: string }

export function emptyWorkspace(seed = 1): Workspace {
  return { format: FORMAT, version: VERSION, seed, log: [] }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** What a value is, for error messages: short JSON, or "nothing" when absent. */
function found(v: unknown): string {
  if (v === undefined) return 'nothing'
  const j = JSON.stringify(v)
  const kind = Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'a string' : `a ${typeof v}`
  return j.length <= 40 ? `${kind} ${j}` : kind
}

/** "<where>: found <what>, expected <expected>" */
const bad = (where: string, v: unknown, expected: string) => `${where}: found ${found(v)}, expected ${expected}`

function checkEvent(e: unknown, i: number): string | null {
  const at = `log[${i}]`
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return bad(at, e, 'an event object')
  const ev = e as Record<string, unknown>
  if (ev.kind !== 'line' && ev.kind !== 'signal' && ev.kind !== 'open' && ev.kind !== 'keys') return bad(`${at}.kind`, ev.kind, '"line", "signal", "keys" or "open"')
  if (!isInt(ev.term) || ev.term < 0) return bad(`${at}.term`, ev.term, 'a terminal id (an integer ≥ 0)')
  if (!isNum(ev.atNs)) return bad(`${at}.atNs`, ev.atNs, 'a virtual time in ns (a number)')
  switch (ev.kind) {
    case 'line': return typeof ev.text === 'string' ? null : bad(`${at}.text`, ev.text, 'the typed line (a string)')
    case 'keys': return typeof ev.data === 'string' ? null : bad(`${at}.data`, ev.data, 'keystrokes (a string)')
    case 'signal': return ev.signal === 'INT' || ev.signal === 'EOF' || ev.signal === 'TSTP' ? null : bad(`${at}.signal`, ev.signal, '"INT", "EOF" or "TSTP"')
    case 'open':
      if (ev.vm !== undefined && (typeof ev.vm !== 'string' || ev.vm === '')) return bad(`${at}.vm`, ev.vm, 'the name of a VM whose console it is (a string)')
      if (!isInt(ev.cols) || ev.cols <= 0) return bad(`${at}.cols`, ev.cols, 'a column count (an integer > 0)')
      return isInt(ev.rows) && ev.rows > 0 ? null : bad(`${at}.rows`, ev.rows, 'a row count (an integer > 0)')
  }
}

/** Line and column of a JSON.parse error, from V8's "at position N". */
function jsonErrorAt(text: string, message: string): string {
  const m = /position (\d+)/.exec(message)
  if (!m) return ''
  const before = text.slice(0, Number(m[1]))
  const line = before.split('\n').length
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}: `
}

/**
 * Validate untrusted JSON text (localStorage or an imported file). A failure
 * says where (a line and column, or a path such as log[3].signal), what was
 * found there and what was expected.
 */
export function parseWorkspace(text: string): Parsed {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    return { ok: false, reason: `${jsonErrorAt(text, msg)}not valid JSON (${msg.replace(/ in JSON at position \d+.*$/s, '')}), expected an isolab workspace file` }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: bad('the file', data, `a JSON object with "format": "${FORMAT}"`) }
  const w = data as Record<string, unknown>
  if (w.format !== FORMAT) return { ok: false, reason: bad('format', w.format, `"${FORMAT}"`) }
  if (w.version !== VERSION) return { ok: false, reason: bad('version', w.version, `${VERSION} (unsupported version)`) }
  if (!isInt(w.seed)) return { ok: false, reason: bad('seed', w.seed, 'an integer') }
  let machine: MachineSettings | undefined
  if (w.machine !== undefined) {
    const m = w.machine as Record<string, unknown>
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return { ok: false, reason: bad('machine', w.machine, 'an object with cpus and memoryMiB') }
    for (const k of ['cpus', 'memoryMiB'] as const) {
      const [lo, hi] = LIMITS[k]
      if (!isInt(m[k]) || (m[k] as number) < lo || (m[k] as number) > hi) return { ok: false, reason: bad(`machine.${k}`, m[k], `an integer from ${lo} to ${hi}`) }
    }
    let versions: Partial<ComponentVersions> | undefined
    if (m.versions !== undefined) {
      const vs = m.versions as Record<string, unknown>
      if (typeof vs !== 'object' || vs === null || Array.isArray(vs)) return { ok: false, reason: bad('machine.versions', m.versions, 'an object such as {"kernel": "5.16.1"}') }
      const odd = Object.entries(vs).find(([, x]) => typeof x !== 'string')
      if (odd) return { ok: false, reason: bad(`machine.versions.${odd[0]}`, odd[1], 'a version (a string)') }
      const r = parseVersionOptions(vs as Record<string, string>)
      if (!r.ok) return { ok: false, reason: bad(`machine.versions.${r.name}`, r.value, r.expected) }
      versions = r.versions
    }
    machine = { cpus: m.cpus as number, memoryMiB: m.memoryMiB as number, ...(versions ? { versions } : {}) }
  }
  let lab: Workspace['lab']
  if (w.lab !== undefined) {
    const l = w.lab as Record<string, unknown>
    if (typeof l !== 'object' || l === null || typeof l.file !== 'string' || typeof l.text !== 'string') return { ok: false, reason: bad('lab', w.lab, 'an object with the lab file\'s name and text') }
    if (!isInt(l.step) || l.step < 0) return { ok: false, reason: bad('lab.step', l.step, 'a step index (an integer ≥ 0)') }
    lab = { file: l.file, text: l.text, step: l.step }
  }
  if (!Array.isArray(w.log)) return { ok: false, reason: bad('log', w.log, 'an array of input events') }
  for (let i = 0; i < w.log.length; i++) {
    const problem = checkEvent(w.log[i], i)
    if (problem) return { ok: false, reason: problem }
  }
  return { ok: true, workspace: { format: FORMAT, version: VERSION, seed: w.seed, ...(machine ? { machine } : {}), ...(lab ? { lab } : {}), log: w.log as InputEvent[] } }
}

export function serialiseWorkspace(w: Workspace): string {
  return JSON.stringify(w)
}

/** Lines typed in one terminal, newest first, without repeats (readline's order). */
export function historyFor(w: Workspace, term: number, max = 200): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (let i = w.log.length - 1; i >= 0 && out.length < max; i--) {
    const e = w.log[i]!
    if (e.kind === 'line' && e.term === term && e.text.trim() !== '' && !seen.has(e.text)) {
      seen.add(e.text)
      out.push(e.text)
    }
  }
  return out
}

/**
 * The log through the n-th line event (0-based) and the signals and raw keys
 * that followed it (e.g. its Ctrl-C), for "branch from here". n = -1 keeps
 * only what came before the first line (the terminals opened).
 */
export function logPrefixThroughCommand(w: Workspace, commandIndex: number): InputEvent[] {
  let n = -1
  for (let i = 0; i < w.log.length; i++) {
    if (w.log[i]!.kind !== 'line') continue
    if (n === commandIndex) return w.log.slice(0, i)
    if (++n === commandIndex) {
      let j = i + 1
      while (j < w.log.length && (w.log[j]!.kind === 'signal' || w.log[j]!.kind === 'keys')) j++
      return w.log.slice(0, j)
    }
  }
  return w.log.slice()
}

/**
 * The command a dying machine was running: the latest line event among the
 * first `started` events of the log whose command had not finished (its
 * terminal had not printed the prompt after it). `finished(term)` is how many
 * commands that terminal has finished. Null when every started command ended.
 */
export function unfinishedCommand(log: readonly InputEvent[], started: number, finished: (term: number) => number): number | null {
  const seen = new Map<number, number>()
  let culprit: number | null = null
  for (let i = 0; i < Math.min(started, log.length); i++) {
    const e = log[i]!
    if (e.kind !== 'line') continue
    const k = seen.get(e.term) ?? 0
    seen.set(e.term, k + 1)
    if (k >= finished(e.term)) culprit = i
  }
  return culprit
}
