// The lab/scenario file format, as a zod schema: one source for validation
// (lab validate, the loader), for the TypeScript types the engine uses, and for
// the published JSON Schema (scenarios/schema.json, via z.toJSONSchema) that
// editors use to complete and check lab files. Checks are data, never code.
import { z } from 'zod'
import { CPU_MODELS } from '../../kernel-sim/index.ts'
import { VERSION_RE } from '../../kernel-sim/vulns/versions.ts'

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case name such as "fd-exhaustion"')

/** A command typed into a terminal: "cmd" (the host terminal) or { terminal, command }. */
export const RunItem = z.union([
  z.string().min(1),
  z.strictObject({
    terminal: z.string().min(1).optional().describe('a terminal named in `terminals` (default host)'),
    command: z.string().min(1),
  }),
]).describe('a command line typed into a terminal')

/** Comparisons on a text (a file, a cgroup value, a command's output). All given must hold. */
const textMatch = {
  equals: z.union([z.string(), z.number()]).optional().describe('the text, trimmed, equals this'),
  contains: z.string().optional(),
  not_contains: z.string().optional(),
  matches: z.string().optional().describe('a JavaScript regular expression (multiline)'),
  not_matches: z.string().optional(),
  at_least: z.number().optional().describe('the text is a number >= this'),
  at_most: z.number().optional().describe('the text is a number <= this'),
}

const count = z.strictObject({
  at_least: z.number().int().min(0).optional(),
  at_most: z.number().int().min(0).optional(),
  equals: z.number().int().min(0).optional(),
})

export const NS_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const
export const EVENT_KINDS = ['EMFILE', 'ENFILE', 'OOM_KILL', 'EPT_VIOLATION', 'SECCOMP_DENIED', 'LSM_DENIED'] as const
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'exited', 'dead', 'absent'] as const

export const FileCheck = z.strictObject({
  path: z.string().min(1),
  terminal: z.string().optional().describe('read it as seen from this terminal (a container sees its own filesystem); default host'),
  exists: z.boolean().optional(),
  ...textMatch,
})
export const CgroupCheck = z.strictObject({
  path: z.string().optional().describe('cgroup path below /sys/fs/cgroup, e.g. /system.slice'),
  container: z.string().optional().describe('the cgroup of this container instead of a path'),
  file: z.string().min(1).describe('interface file, e.g. memory.max'),
  ...textMatch,
})
export const ProcessCheck = z.strictObject({
  comm: z.string().optional(),
  uid: z.number().int().min(0).optional().describe('real uid in the initial user namespace'),
  container: z.string().optional().describe('the process runs in this container'),
  cgroup: z.string().optional().describe('its cgroup path starts with this'),
  namespace: z.strictObject({ type: z.enum(NS_TYPES), host: z.boolean().describe('true: the host\'s namespace; false: its own') }).optional(),
  state: z.string().optional().describe('R S D T Z as in /proc/PID/stat'),
  count: count.optional().describe('how many such processes (default: at least one)'),
})
export const ContainerCheck = z.strictObject({
  name: z.string().min(1),
  state: z.enum(CONTAINER_STATES).optional(),
  exit_code: z.number().int().optional(),
  oom_killed: z.boolean().optional(),
})
export const CommandCheck = z.strictObject({
  run: z.string().min(1).describe('runs as root on a hidden shell: no trace in history or the timeline'),
  terminal: z.string().optional().describe('run inside this terminal\'s container or VM; default host'),
  exit: z.number().int().optional(),
  ...textMatch,
})
export const EventCheck = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  since: z.enum(['step', 'start']).optional().describe('default step: since the step began'),
  comm: z.string().optional(),
  count: count.optional(),
})
export const HistoryCheck = z.strictObject({
  matches: z.string().optional(),
  contains: z.string().optional(),
  since: z.enum(['step', 'start']).optional(),
})
export const OutputCheck = z.strictObject({
  terminal: z.string().optional(),
  ...textMatch,
}).describe('the output of this step\'s runs (for played steps)')

// The kinds of check, each an object with exactly one key. not/all/any nest.
export const CHECK_KINDS = ['file', 'cgroup', 'process', 'container', 'command', 'event', 'history', 'output', 'done', 'not', 'all', 'any'] as const

export type Check =
  | { file: z.infer<typeof FileCheck> }
  | { cgroup: z.infer<typeof CgroupCheck> }
  | { process: z.infer<typeof ProcessCheck> }
  | { container: z.infer<typeof ContainerCheck> }
  | { command: z.infer<typeof CommandCheck> }
  | { event: z.infer<typeof EventCheck> }
  | { history: z.infer<typeof HistoryCheck> }
  | { output: z.infer<typeof OutputCheck> }
  | { done: string }
  | { not: Check }
  | { all: Check[] }
  | { any: Check[] }

export const CHECK_SCHEMAS: Record<(typeof CHECK_KINDS)[number], z.ZodType> = {
  file: FileCheck,
  cgroup: CgroupCheck,
  process: ProcessCheck,
  container: ContainerCheck,
  command: CommandCheck,
  event: EventCheck,
  history: HistoryCheck,
  output: OutputCheck,
  done: kebab.describe('the task of this step is done'),
  get not() { return Check },
  get all() { return z.array(Check).min(1) },
  get any() { return z.array(Check).min(1) },
}

export const Check: z.ZodType<Check> = z.lazy(() =>
  z.union(CHECK_KINDS.map((k) => z.strictObject({ [k]: CHECK_SCHEMAS[k] })) as unknown as [z.ZodType, z.ZodType]),
).describe('a predicate over the machine: an object with one key naming its kind') as z.ZodType<Check>

export const Hint = z.strictObject({
  when: Check.optional().describe('shown when this holds (the first hint that holds wins); no when = always'),
  text: z.string().min(1),
})

export const Task = z.strictObject({
  needs: z.array(kebab).optional().describe('steps whose tasks must be done first'),
  checks: z.array(Check).min(1).describe('all must hold; once they do, the task stays done'),
})

export const Step = z.strictObject({
  id: kebab,
  title: z.string().min(1),
  text: z.string().min(1).describe('markdown'),
  run: z.array(RunItem).optional().describe('typed by the engine (scenario) or by the learner with a click (lab)'),
  expect: z.array(Check).optional().describe('checked after the runs when the step is played'),
  task: Task.optional(),
  hints: z.array(Hint).optional(),
  solution: z.array(RunItem).optional(),
})

// The machine's component versions (isolab --kernel/--runc/--qemu/--cpu/--mitigations/--smt).
const version = z.string().regex(VERSION_RE, 'a version such as 5.16.1 or 1.0.0-rc6')
export const Versions = z.strictObject({
  kernel: version.optional(),
  runc: version.optional(),
  qemu: version.optional(),
  cpu: z.enum(Object.keys(CPU_MODELS) as [string, ...string[]]).optional().describe("QEMU's -cpu model name"),
  mitigations: z.enum(['auto', 'off']).optional(),
  smt: z.enum(['on', 'off']).optional(),
})

const size = z.union([z.string().regex(/^\d+(\.\d+)?[KMGT]?i?B?$/i, 'a size such as 512M or 8G'), z.number().int().positive()])

const machineFields = {
  seed: z.number().int().min(0).optional(),
  memory: size.optional(),
  cpus: z.number().int().min(1).max(256).optional(),
  versions: Versions.optional().describe('component versions, e.g. { kernel: 5.16.1, runc: 1.0.0-rc6 }; absent ones are current and patched'),
}

export const Variant = z.strictObject({
  name: kebab,
  ...machineFields,
  setup: z.array(RunItem).optional().describe('replaces the machine\'s setup for this variant'),
})

export const MachineSpec = z.strictObject({
  ...machineFields,
  setup: z.array(RunItem).optional().describe('run silently as root before step 1'),
  variants: z.array(Variant).optional().describe('machines `scenario run --compare` plays side by side'),
})

export const Terminal = z.union([
  z.literal('host'),
  z.strictObject({ name: kebab.optional(), container: z.string().min(1) }),
  z.strictObject({ name: kebab.optional(), vm: z.string().min(1) }),
]).describe('host, { container: NAME } (docker exec) or { vm: NAME } (vm exec)')

export const LabTest = z.strictObject({
  name: z.string().min(1),
  step: kebab.describe('the steps before it are solved first'),
  run: z.array(RunItem).min(1).describe('a typical attempt typed by the learner in this step'),
  done: z.boolean().describe('whether the step\'s task is then done'),
  hint: z.string().optional().describe('text the hint shown then contains'),
})

export const Lab = z.strictObject({
  $schema: z.string().optional(),
  id: kebab.describe('unique; the file name without .yaml'),
  kind: z.enum(['lab', 'scenario']).describe('lab: has tasks for the learner; scenario: every step is played'),
  version: z.number().int().min(1).describe('bump when tasks or checks change'),
  title: z.string().min(1),
  summary: z.string().min(1),
  claim: z.string().optional().describe('the article claim it teaches'),
  topic: z.enum(['namespaces', 'cgroups', 'containers', 'security', 'vm', 'hybrid', 'measure']),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
  minutes: z.number().int().min(1).optional(),
  machine: MachineSpec.optional(),
  terminals: z.array(Terminal).optional().describe('default [host]'),
  steps: z.array(Step).min(1),
  tests: z.array(LabTest).optional().describe('typical wrong attempts: the task must stay undone and show this hint'),
})

export type Lab = z.infer<typeof Lab>
export type Step = z.infer<typeof Step>
export type RunItem = z.infer<typeof RunItem>
export type Hint = z.infer<typeof Hint>
export type LabTest = z.infer<typeof LabTest>
export type MachineSpec = z.infer<typeof MachineSpec>
export type Terminal = z.infer<typeof Terminal>
export type TextMatch = { [K in keyof typeof textMatch]?: z.infer<(typeof textMatch)[K]> }

/** The schema as JSON Schema (draft 2020-12), published as scenarios/schema.json. */
export function labJsonSchema(): unknown {
  const s = z.toJSONSchema(Lab, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>
  return { ...s, $id: 'https://isolab.dev/scenarios/schema.json', title: 'isolab lab or scenario' }
}
