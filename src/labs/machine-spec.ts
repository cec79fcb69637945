// A lab's `machine:` (or one of its variants) as the options a Machine is built with.
import { parseSize } from '../host/size.ts'
import type { MachineOptions } from '../host/types.ts'
import type { Lab, RunItem } from './schema.ts'

/** The options a lab's machine is built with (a report records them for the replay). */
export type LabMachineOptions = MachineOptions

export interface MachinePlan {
  /** The variant's name, or "default". */
  name: string
  options: LabMachineOptions
  setup: RunItem[]
}

/** The machine for `variant` (undefined: the lab's own machine); `seed` overrides the file's. */
export function machinePlan(lab: Lab, variant?: string, seed?: number): MachinePlan {
  const base = lab.machine ?? {}
  const v = variant === undefined ? undefined : base.variants?.find((x) => x.name === variant)
  const pick = <K extends 'seed' | 'memory' | 'cpus' | 'versions'>(k: K) => v?.[k] ?? base[k]
  const options: LabMachineOptions = { seed: seed ?? pick('seed') ?? 1 }
  const memory = pick('memory')
  if (memory !== undefined) options.memoryBytes = typeof memory === 'number' ? memory : parseSize(memory)!
  const cpus = pick('cpus')
  if (cpus !== undefined) options.cpus = cpus
  const versions = v?.versions ? { ...base.versions, ...v.versions } : base.versions
  if (versions) options.versions = versions
  return { name: v?.name ?? 'default', options, setup: v?.setup ?? base.setup ?? [] }
}
