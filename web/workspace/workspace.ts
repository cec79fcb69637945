// The saved workspace: the seed and every input event. That is all that is
// needed to rebuild the machine (deterministic replay); terminal history and
// the command log are derived from it. Pure: parse/validate/serialise only.
import type { InputEvent } from '../../src/worker/api.ts'

export const FORMAT = 'isolab-workspace'
export const VERSION = 1

export interface Workspace {
  format: typeof FORMAT
  version: typeof VERSION
  seed: number
  log: InputEvent[]
}

export type Parsed = { ok: true; workspace: Workspace } | { ok: false; reason: string }

export function emptyWorkspace(seed = 1): Workspace {
  return { format: FORMAT, version: VERSION, seed, log: [] }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function checkEvent(e: unknown, i: number): string | null {
  if (typeof e !== 'object' || e === null) return `log[${i}] is not an object`
  const ev = e as Record<string, unknown>
  if (!isInt(ev.term) || ev.term < 0) return `log[${i}].term must be a terminal id`
  if (!isNum(ev.atNs)) return `log[${i}].atNs must be a number`
  switch (ev.kind) {
    case 'line': return typeof ev.text === 'string' ? null : `log[${i}].text must be a string`
    case 'signal': return ev.signal === 'INT' || ev.signal === 'EOF' || ev.signal === 'TSTP' ? null : `log[${i}].signal must be INT, EOF or TSTP`
    case 'open': return isInt(ev.cols) && isInt(ev.rows) && ev.cols > 0 && ev.rows > 0 ? null : `log[${i}] open needs cols and rows`
    default: return `log[${i}].kind must be line, signal or open`
  }
}

/** Validate untrusted JSON text (localStorage or an imported file). */
export function parseWorkspace(text: string): Parsed {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { ok: false, reason: `not JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'not a JSON object' }
  const w = data as Record<string, unknown>
  if (w.format !== FORMAT) return { ok: false, reason: `format must be "${FORMAT}"` }
  if (w.version !== VERSION) return { ok: false, reason: `unsupported version ${String(w.version)} (expected ${VERSION})` }
  if (!isInt(w.seed)) return { ok: false, reason: 'seed must be an integer' }
  if (!Array.isArray(w.log)) return { ok: false, reason: 'log must be an array' }
  for (let i = 0; i < w.log.length; i++) {
    const bad = checkEvent(w.log[i], i)
    if (bad) return { ok: false, reason: bad }
  }
  return { ok: true, workspace: { format: FORMAT, version: VERSION, seed: w.seed, log: w.log as InputEvent[] } }
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

/** Index into the log just after the n-th line event (for "branch from here"). */
export function logPrefixThroughCommand(w: Workspace, commandIndex: number): InputEvent[] {
  let n = -1
  for (let i = 0; i < w.log.length; i++) {
    if (w.log[i]!.kind === 'line' && ++n === commandIndex) {
      // Keep the signals that followed this command (e.g. its Ctrl-C) up to the next line.
      let j = i + 1
      while (j < w.log.length && w.log[j]!.kind === 'signal') j++
      return w.log.slice(0, j)
    }
  }
  return w.log.slice()
}
