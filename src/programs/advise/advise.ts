// advise: the article's decision matrix as a questionnaire. Without answer flags
// it asks each question on the terminal (an empty line or end of input takes
// the default shown); with flags (for scripts and tests) it asks nothing.
// The recommendation's reasons quote figures measured on this machine: a
// container start timed here, the hypervisor's boot and memory model, and the
// density packing from a probe container.
import { CLOCK_MONOTONIC, type Program } from '../../../kernel-sim/abi/index.ts'
import { bootConfigOf, planBoot, stageNs, STAGES, totalOverhead, vmOverhead } from '../../../kernel-sim/hypervisor/index.ts'
import { clockGettime, out, type Sys } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import { LineReader } from '../lib/io.ts'
import { computeDensity, DENSITY_DEFAULTS } from '../density/density.ts'
import { capture, measureContainer, measureHost } from '../density/measure.ts'
import { advise, DEFAULT_ANSWERS, parseAnswer, QUESTIONS, type Advice, type Answers, type Figures } from './core.ts'

const MiB = 2 ** 20

const USAGE = `Usage: advise [--trust trusted|untrusted] [--compliance yes|no] [--os linux|windows|mixed]
              [--kernel yes|no] [--latency ms|seconds|minutes] [--density yes|no]
              [--kubernetes yes|no] [--legacy yes|no] [--skills containers|vms|both] [--json]
VMs, containers, containers inside VMs, or microVMs? The article's decision matrix as
questions; the reasons quote figures measured on this machine and name the lab that
shows each one. Without answer flags, asks interactively.`

const LONG = [...QUESTIONS.map((q, i) => ({ name: q.key, hasArg: 'required' as const, val: String.fromCharCode(65 + i) })), { name: 'json', hasArg: 'no' as const, val: 'j' }]

/** The figures the reasons quote, measured here. */
export function* measureFigures(envp: readonly string[]): Sys<Figures | string> {
  yield* capture(['docker', 'pull', 'alpine'], envp)
  const t0 = (yield* clockGettime(CLOCK_MONOTONIC)) as number
  const run = yield* capture(['docker', 'run', '--rm', 'alpine', 'true'], envp)
  const containerStartNs = ((yield* clockGettime(CLOCK_MONOTONIC)) as number) - t0
  if (run.status !== 0) return `cannot time a container start (docker run exited ${run.status})`
  const host = yield* measureHost(DENSITY_DEFAULTS.hostMemory)
  if (typeof host === 'string') return host
  const ct = yield* measureContainer(envp)
  if (typeof ct === 'string') return ct
  const d = computeDensity(DENSITY_DEFAULTS, host, ct)
  const full = bootConfigOf({ name: 'advise', vcpus: 1, memoryBytes: 2 * 2 ** 30, image: 'ubuntu', profile: 'full' })
  const micro = bootConfigOf({ name: 'advise', vcpus: 1, memoryBytes: 128 * MiB, image: 'ubuntu', profile: 'microvm' })
  return {
    containerStartNs,
    vmBootNs: stageNs(planBoot(full), ...STAGES),
    microvmBootNs: stageNs(planBoot(micro), ...STAGES),
    vmOverheadBytes: totalOverhead(vmOverhead(full)),
    containerOverheadBytes: ct.shim + ct.kernel + ct.cache,
    vmsPerHost: d.vms.count,
    containersPerHost: d.containers.count,
  }
}

export function formatAdvice(a: Advice): string {
  let s = `Recommendation: ${a.recommendation}\n  ${a.summary}\nWhy:\n`
  for (const r of a.reasons) s += `  - ${r.text}\n    (lab: ${r.lab})\n`
  return s
}

function* ask(answers: Answers): Sys<void> {
  const rd = new LineReader(0)
  for (const q of QUESTIONS) {
    const def = typeof answers[q.key] === 'boolean' ? (answers[q.key] ? 'yes' : 'no') : String(answers[q.key])
    for (;;) {
      yield* out(`${q.text} [${q.choices.join('/')}] (${def}) `)
      const line = yield* rd.line()
      if (line === null) {
        yield* out('\n')
        return
      }
      if (line.trim() === '') break
      const v = parseAnswer(q.key, line)
      if (v !== undefined) {
        ;(answers as unknown as Record<string, unknown>)[q.key] = v
        break
      }
      yield* out(`  expected one of: ${q.choices.join(', ')}\n`)
    }
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: LONG.map((l) => l.val + (l.hasArg === 'required' ? ':' : '')).join(''), long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const answers: Answers = { ...DEFAULT_ANSWERS }
  let given = false
  for (const [i, q] of QUESTIONS.entries()) {
    const text = lastArg(p, String.fromCharCode(65 + i))
    if (text === undefined) continue
    const v = parseAnswer(q.key, text)
    if (v === undefined) {
      yield* warn('advise', `invalid --${q.key} '${text}' (expected ${q.choices.join(', ')})`)
      yield* tryHelp('advise')
      return 1
    }
    ;(answers as unknown as Record<string, unknown>)[q.key] = v
    given = true
  }
  const json = has(p, 'j')
  if (!given && !json) yield* ask(answers)
  const f = yield* measureFigures(envp)
  if (typeof f === 'string') {
    yield* warn('advise', f)
    return 1
  }
  const a = advise(answers, f)
  yield* out(json ? JSON.stringify({ answers, figures: f, ...a }, null, 2) + '\n' : formatAdvice(a))
  return 0
}

export { main as adviseProgramMain }
