// A lab or scenario in the worker: the labs engine (src/labs) on this
// session's machine. The page sends the file's text; it is parsed and
// validated here (data only, never code), errors come back with their
// FILE:LINE:COL. Loaded lazily, so the engine, YAML and zod cost nothing
// until a lab is opened.
import type { LabInfo, LabState } from './api.ts'

type Labs = typeof import('../labs/index.ts')
let labs: Labs | null = null
export async function loadEngine(): Promise<Labs> {
  return (labs ??= await import('../labs/index.ts'))
}

export type Parsed = { ok: true; lab: import('../labs/index.ts').Lab; info: LabInfo; options: import('../labs/machine-spec.ts').LabMachineOptions } | { ok: false; errors: string[] }

/** Parse and validate a lab file; its machine's options come with it. */
export async function parseLab(text: string, file: string): Promise<Parsed> {
  const L = await loadEngine()
  const r = L.loadLab(text, file)
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
