// A lab or scenario in the worker: the labs engine (src/labs) on this
// session's machine. The page sends the file's text; it is parsed and
// validated here (data only, never code), errors come back with their
// FILE:LINE:COL. Loaded lazily, so the engine and zod cost nothing until a
// lab is opened; the YAML parser only loads for a file that was not shipped
// (a shipped one comes parsed at build time, see web/vite.config.ts).
/// <reference types="vite/client" />
import type { LabInfo, LabState } from './api.ts'

type Runtime = typeof import('../labs/runtime.ts')
let labs: Runtime | null = null
export async function loadEngine(): Promise<Runtime> {
  return (labs ??= await import('../labs/runtime.ts'))
}

/** Each shipped file's parsed data and the hash of the text it was parsed from, one small chunk per file. */
const SHIPPED = import.meta.glob('../../scenarios/*/*.yaml', { query: '?lab-data', import: 'default' }) as Record<string, () => Promise<{ hash: number; data: unknown }>>

export type Parsed = { ok: true; lab: import('../labs/index.ts').Lab; info: LabInfo; options: import('../labs/machine-spec.ts').LabMachineOptions } | { ok: false; errors: string[] }

/** The file validated: from its build-time parse when it is a shipped file unchanged, else from its YAML. */
async function validate(L: Runtime, text: string, file: string): Promise<import('../labs/validate.ts').LoadResult> {
  const pre = SHIPPED[`../../${file}`]
  if (pre) {
    const { hash, data } = await pre()
    if (hash === L.textHash(text)) {
      const r = L.validateLab(data, file, () => ({ file, line: 1, col: 1, message: '' }))
      if (r.ok) return r
    }
  }
  // A file of one's own, an edited copy, or errors that need their line and column.
  const { loadLab } = await import('../labs/load.ts')
  return loadLab(text, file)
}

/** Parse and validate a lab file; its machine's options come with it. */
export async function parseLab(text: string, file: string): Promise<Parsed> {
  const L = await loadEngine()
  const r = await validate(L, text, file)
  if (!r.ok) return { ok: false, errors: r.errors.map((e) => L.formatError(e)) }
  const lab = r.lab
  const plan = L.machinePlan(lab)
  const info: LabInfo = {
    id: lab.id, kind: lab.kind, title: lab.title, summary: lab.summary, claim: lab.claim ?? '', topic: lab.topic,
    terminals: (lab.terminals ?? []).flatMap((t) => (t === 'host' ? [] : [{
      name: t.name ?? ('container' in t ? t.container : t.vm), kind: 'container' in t ? 'container' as const : 'vm' as const, target: 'container' in t ? t.container : t.vm,
    }])),
    steps: lab.steps.map((s) => ({
      id: s.id, title: s.title, text: s.text, hasTask: s.task !== undefined,
      run: (s.run ?? []).map((it) => (typeof it === 'string' ? { terminal: 'host', command: it } : { terminal: it.terminal ?? 'host', command: it.command })),
    })),
  }
  return { ok: true, lab, info, options: plan.options }
}

/** The engine's view of the lab for the page. */
export function labState(s: import('../labs/index.ts').LabSession): LabState {
  const run = s.run
  return {
    current: run.current,
    tasks: run.lab.steps.map((st) => run.taskState(st)),
    finished: run.finished,
  }
}
