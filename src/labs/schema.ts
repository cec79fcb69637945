// The lab/scenario file format, as a zod schema: one source for validation
// (lab validate, the loader), for the TypeScript types the engine uses, and for
// the published JSON Schema (scenarios/schema.json, via z.toJSONSchema) that
// editors use to complete and check lab files. Checks are data, never code.
import { z } from 'zod/mini'
import { CPU_MODELS } from '../../kernel-sim/index.ts'
import { VERSION_RE } from '../../kernel-sim/vulns/versions.ts'

const kebab = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case name such as "fd-exhaustion"'))

/** A command typed into a terminal: "cmd" (the host terminal) or { terminal, command }. */
export const RunItem = z.union([
  z.string().check(z.minLength(1)),
  z.strictObject({
    terminal: z.optional(z.string().check(z.minLength(1))).check(z.describe('a terminal named in `terminals` (default host)')),
    command: z.string().check(z.minLength(1)),
  }),
]).check(z.describe('a command line typed into a terminal'))

/** Comparisons on a text (a file, a cgroup value, a command's output). All given must hold. */
const textMatch = {
  equals: z.optional(z.union([z.string(), z.number()])).check(z.describe('the text, trimmed, equals this')),
  contains: z.optional(z.string()),
  not_contains: z.optional(z.string()),
  matches: z.optional(z.string()).check(z.describe('a JavaScript regular expression (multiline)')),
  not_matches: z.optional(z.string()),
  at_least: z.optional(z.number()).check(z.describe('the text is a number >= this')),
  at_most: z.optional(z.number()).check(z.describe('the text is a number <= this')),
}

const count = z.strictObject({
  at_least: z.optional(z.int().check(z.gte(0))),
  at_most: z.optional(z.int().check(z.gte(0))),
  equals: z.optional(z.int().check(z.gte(0))),
})

export const NS_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const
export const EVENT_KINDS = ['EMFILE', 'ENFILE', 'OOM_KILL', 'EPT_VIOLATION', 'SECCOMP_DENIED', 'LSM_DENIED'] as const
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'exited', 'dead', 'absent'] as const

export const FileCheck = z.strictObject({
  path: z.string().check(z.minLength(1)),
  terminal: z.optional(z.string()).check(z.describe('read it as seen from this terminal (a container sees its own filesystem); default host')),
  exists: z.optional(z.boolean()),
  ...textMatch,
})
export const CgroupCheck = z.strictObject({
  path: z.optional(z.string()).check(z.describe('cgroup path below /sys/fs/cgroup, e.g. /system.slice')),
  container: z.optional(z.string()).check(z.describe('the cgroup of this container instead of a path')),
  file: z.string().check(z.minLength(1)).check(z.describe('interface file, e.g. memory.max')),
  ...textMatch,
})
export const ProcessCheck = z.strictObject({
  comm: z.optional(z.string()),
  uid: z.optional(z.int().check(z.gte(0))).check(z.describe('real uid in the initial user namespace')),
  container: z.optional(z.string()).check(z.describe('the process runs in this container')),
  cgroup: z.optional(z.string()).check(z.describe('its cgroup path starts with this')),
  namespace: z.optional(z.strictObject({ type: z.enum(NS_TYPES), host: z.boolean().check(z.describe('true: the host\'s namespace; false: its own')) })),
  state: z.optional(z.string()).check(z.describe('R S D T Z as in /proc/PID/stat')),
  count: z.optional(count).check(z.describe('how many such processes (default: at least one)')),
})
export const ContainerCheck = z.strictObject({
  name: z.string().check(z.minLength(1)),
  state: z.optional(z.enum(CONTAINER_STATES)),
  exit_code: z.optional(z.int()),
  oom_killed: z.optional(z.boolean()),
})
export const CommandCheck = z.strictObject({
  run: z.string().check(z.minLength(1)).check(z.describe('runs as root on a hidden shell: no trace in history or the timeline')),
  terminal: z.optional(z.string()).check(z.describe('run inside this terminal\'s container or VM; default host')),
  exit: z.optional(z.int()),
  ...textMatch,
})
export const EventCheck = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  since: z.optional(z.enum(['step', 'start'])).check(z.describe('default step: since the step began')),
  comm: z.optional(z.string()),
  count: z.optional(count),
})
export const HistoryCheck = z.strictObject({
  matches: z.optional(z.string()),
  contains: z.optional(z.string()),
  since: z.optional(z.enum(['step', 'start'])),
})
export const OutputCheck = z.strictObject({
  terminal: z.optional(z.string()),
  ...textMatch,
}).check(z.describe('the output of this step\'s runs (for played steps)'))

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

export const CHECK_SCHEMAS: Record<(typeof CHECK_KINDS)[number], z.ZodMiniType> = {
  file: FileCheck,
  cgroup: CgroupCheck,
  process: ProcessCheck,
  container: ContainerCheck,
  command: CommandCheck,
  event: EventCheck,
  history: HistoryCheck,
  output: OutputCheck,
  done: kebab.check(z.describe('the task of this step is done')),
  get not() { return Check },
  get all() { return z.array(Check).check(z.minLength(1)) },
  get any() { return z.array(Check).check(z.minLength(1)) },
}

export const Check: z.ZodMiniType<Check> = z.lazy(() =>
  z.union(CHECK_KINDS.map((k) => z.strictObject({ [k]: CHECK_SCHEMAS[k] })) as unknown as [z.ZodMiniType, z.ZodMiniType]),
).check(z.describe('a predicate over the machine: an object with one key naming its kind')) as z.ZodMiniType<Check>

export const Hint = z.strictObject({
  when: z.optional(Check).check(z.describe('shown when this holds (the first hint that holds wins); no when = always')),
  text: z.string().check(z.minLength(1)),
})

export const Task = z.strictObject({
  needs: z.optional(z.array(kebab)).check(z.describe('steps whose tasks must be done first')),
  checks: z.array(Check).check(z.minLength(1)).check(z.describe('all must hold; once they do, the task stays done')),
})

export const Step = z.strictObject({
  id: kebab,
  title: z.string().check(z.minLength(1)),
  text: z.string().check(z.minLength(1)).check(z.describe('markdown')),
  run: z.optional(z.array(RunItem)).check(z.describe('typed by the engine (scenario) or by the learner with a click (lab)')),
  expect: z.optional(z.array(Check)).check(z.describe('checked after the runs when the step is played')),
  task: z.optional(Task),
  hints: z.optional(z.array(Hint)),
  solution: z.optional(z.array(RunItem)),
})

// The machine's component versions (isolab --kernel/--runc/--qemu/--cpu/--mitigations/--smt).
const version = z.string().check(z.regex(VERSION_RE, 'a version such as 5.16.1 or 1.0.0-rc6'))
export const Versions = z.strictObject({
  kernel: z.optional(version),
  runc: z.optional(version),
  qemu: z.optional(version),
  cpu: z.optional(z.enum(Object.keys(CPU_MODELS) as [string, ...string[]])).check(z.describe("QEMU's -cpu model name")),
  mitigations: z.optional(z.enum(['auto', 'off'])),
  smt: z.optional(z.enum(['on', 'off'])),
})

const size = z.union([z.string().check(z.regex(/^\d+(\.\d+)?[KMGT]?i?B?$/i, 'a size such as 512M or 8G')), z.int().check(z.positive())])

const machineFields = {
  seed: z.optional(z.int().check(z.gte(0))),
  memory: z.optional(size),
  cpus: z.optional(z.int().check(z.gte(1)).check(z.lte(256))),
  versions: z.optional(Versions).check(z.describe('component versions, e.g. { kernel: 5.16.1, runc: 1.0.0-rc6 }; absent ones are current and patched')),
}

export const Variant = z.strictObject({
  name: kebab,
  ...machineFields,
  setup: z.optional(z.array(RunItem)).check(z.describe('replaces the machine\'s setup for this variant')),
})

export const MachineSpec = z.strictObject({
  ...machineFields,
  setup: z.optional(z.array(RunItem)).check(z.describe('run silently as root before step 1')),
  variants: z.optional(z.array(Variant)).check(z.describe('machines `scenario run --compare` plays side by side')),
})

export const Terminal = z.union([
  z.literal('host'),
  z.strictObject({ name: z.optional(kebab), container: z.string().check(z.minLength(1)) }),
  z.strictObject({ name: z.optional(kebab), vm: z.string().check(z.minLength(1)) }),
]).check(z.describe('host, { container: NAME } (docker exec) or { vm: NAME } (vm exec)'))

export const LabTest = z.strictObject({
  name: z.string().check(z.minLength(1)),
  step: kebab.check(z.describe('the steps before it are solved first')),
  run: z.array(RunItem).check(z.minLength(1)).check(z.describe('a typical attempt typed by the learner in this step')),
  done: z.boolean().check(z.describe('whether the step\'s task is then done')),
  hint: z.optional(z.string()).check(z.describe('text the hint shown then contains')),
})

export const Lab = z.strictObject({
  $schema: z.optional(z.string()),
  id: kebab.check(z.describe('unique; the file name without .yaml')),
  kind: z.enum(['lab', 'scenario']).check(z.describe('lab: has tasks for the learner; scenario: every step is played')),
  version: z.int().check(z.gte(1)).check(z.describe('bump when tasks or checks change')),
  title: z.string().check(z.minLength(1)),
  summary: z.string().check(z.minLength(1)),
  claim: z.optional(z.string()).check(z.describe('the article claim it teaches')),
  topic: z.enum(['namespaces', 'cgroups', 'containers', 'security', 'vm', 'hybrid', 'measure']),
  difficulty: z.optional(z.enum(['beginner', 'intermediate', 'advanced'])),
  minutes: z.optional(z.int().check(z.gte(1))),
  machine: z.optional(MachineSpec),
  terminals: z.optional(z.array(Terminal)).check(z.describe('default [host]')),
  steps: z.array(Step).check(z.minLength(1)),
  tests: z.optional(z.array(LabTest)).check(z.describe('typical wrong attempts: the task must stay undone and show this hint')),
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
