// Plays a scenario file of scenarios/ as `isolab scenario run NAME` does (the
// lab engine's play + narrate), for the golden transcripts and the facts each
// scenario exists to show. `out(id)` is what one step's commands printed.
import { readFileSync } from 'node:fs'
import { Machine } from '../../src/host/machine.ts'
import { formatError, loadLab, machinePlan, narrate, play, type Lab, type PlayResult } from '../../src/labs/index.ts'

export interface Played {
  lab: Lab
  result: PlayResult
  /** The narrated transcript, byte for byte what `scenario run` prints. */
  transcript: string
  /** Everything the step's commands printed (stdout and stderr, as the terminal shows them). */
  out(stepId: string): string
}

export function loadScenario(path: string): Lab {
  const r = loadLab(readFileSync(new URL(`../../scenarios/${path}.yaml`, import.meta.url), 'utf8'), `scenarios/${path}.yaml`)
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'))
  return r.lab
}

/** Plays scenarios/PATH.yaml on its own machine; `memoryBytes` and `steps` narrow it for a quicker test. */
export function playScenario(path: string, o: { memoryBytes?: number; steps?: string[] } = {}): Played {
  const full = loadScenario(path)
  const lab: Lab = o.steps ? { ...full, steps: full.steps.filter((s) => o.steps!.includes(s.id)) } : full
  const plan = machinePlan(lab)
  const result = play(lab, new Machine({ ...plan.options, ...(o.memoryBytes ? { memoryBytes: o.memoryBytes } : {}) }), { setup: plan.setup })
  return {
    lab,
    result,
    transcript: narrate(lab, result),
    out: (id) => {
      const s = result.steps.find((x) => x.id === id)
      if (!s) throw new Error(`no step ${id} in ${path}`)
      return s.runs.map((r) => r.output).join('')
    },
  }
}

const cache = new Map<string, Played>()
/** playScenario, once per file and test run (the assertions of one file share a play). */
export function played(path: string): Played {
  let p = cache.get(path)
  if (!p) cache.set(path, (p = playScenario(path)))
  return p
}
