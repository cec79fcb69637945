// Every lab and scenario file under scenarios/: it validates, its played steps
// meet their expect checks, each task is done by its solution, and each entry
// of its `tests:` section (a typical wrong attempt) leaves the task undone and
// shows the hint written for that state. The files are split by topic over
// several test files (labs-*.test.ts) so that vitest plays them in parallel;
// a new file is picked up by the topic of its directory, and labs-topics.test.ts
// checks that every file belongs to exactly one topic.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { formatError, loadLab, machinePlan, play, Player, type Lab } from '../../src/labs/index.ts'

const ROOT = new URL('../../scenarios/', import.meta.url).pathname

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : []
  })
}

/** Every lab and scenario file, relative to scenarios/ ("docker/fd-exhaustion.yaml"). */
export const FILES = yamlFiles(ROOT).map((f) => relative(ROOT, f))

/** The 14 classroom labs, by what they teach: containers on one kernel, or the kernel/VM boundary. */
const LABS_CONTAINERS = ['process-not-vm', 'namespaces-one-by-one', 'container-by-hand', 'noisy-neighbour', 'fd-exhaustion-lab', 'caps-and-seccomp', 'misconfig-escapes']

/** Topic → the files it plays. */
export const TOPICS: Record<string, (file: string) => boolean> = {
  cgroups: (f) => f.startsWith('cgroups/'),
  'docker-escapes': (f) => f.startsWith('docker/escape-'),
  'docker-fd-exhaustion': (f) => f === 'docker/fd-exhaustion.yaml',
  docker: (f) => f.startsWith('docker/') && !f.startsWith('docker/escape-') && f !== 'docker/fd-exhaustion.yaml',
  namespaces: (f) => f.startsWith('namespaces/') || f.startsWith('examples/'),
  'labs-containers': (f) => f.startsWith('labs/') && LABS_CONTAINERS.some((n) => f === `labs/${n}.yaml`),
  'labs-kernel-and-vms': (f) => f.startsWith('labs/') && !LABS_CONTAINERS.some((n) => f === `labs/${n}.yaml`),
  'security-and-vms': (f) => f.startsWith('security/') || f.startsWith('vm/'),
}

/**
 * Files known to fail, with why: the test then asserts that they still fail
 * (it.fails), so fixing one makes this list shrink. Keep it empty.
 */
const KNOWN_FAILING: Record<string, string> = {}

function load(file: string): Lab {
  const r = loadLab(readFileSync(file, 'utf8'), relative(process.cwd(), file))
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'))
  return r.lab
}

function machineFor(lab: Lab) {
  const plan = machinePlan(lab)
  return { machine: new Machine(plan.options), setup: plan.setup }
}

/** Registers the tests of every file of `topic`. */
export function playTopic(topic: string): void {
  const files = FILES.filter(TOPICS[topic]!)
  if (!files.length) throw new Error(`no scenario files for topic ${topic}`)
  describe.each(files.map((f) => [f, join(ROOT, f)]))('%s', (name, file) => playFile(name, file))
}

function playFile(name: string, file: string): void {
  const known = KNOWN_FAILING[name]
  ;(known ? it.fails : it)(`validates, and playing it meets every expect and every task by its solution${known ? ` (KNOWN FAILING: ${known})` : ''}`, () => {
    const lab = load(file)
    const { machine, setup } = machineFor(lab)
    const r = play(lab, machine, { setup })
    expect(r.setupErrors).toEqual([])
    for (const s of r.steps) {
      expect.soft(s.expect.filter((e) => !e.ok), `step ${s.id}: expect`).toEqual([])
      expect.soft(s.runs.filter((x) => x.interrupted).map((x) => x.command), `step ${s.id}: runs that never came back`).toEqual([])
      if (s.task) expect.soft(s.task.state, `step ${s.id}: task after its solution (${s.task.results.filter((x) => !x.ok).map((x) => `${x.what}: ${x.found}`).join('; ')})`).toBe('done')
    }
    expect(r.ok).toBe(true)
  }, 300_000) // the fd-exhaustion scenario opens 838,860 files

  const lab = (() => { try { return load(file) } catch { return undefined } })()
  for (const t of lab?.tests ?? []) {
    it(`wrong attempt: ${t.name}`, () => {
      const { machine, setup } = machineFor(lab!)
      const p = new Player(lab!, machine)
      expect(p.run.setup(setup)).toEqual([])
      const at = lab!.steps.findIndex((s) => s.id === t.step)
      for (let i = 0; i < at; i++) {
        p.run.goTo(i)
        for (const it of lab!.steps[i]!.solution ?? []) p.act(it)
        if (lab!.steps[i]!.task) expect(p.run.isDone(lab!.steps[i]!.id), `step ${lab!.steps[i]!.id} solved first`).toBe(true)
      }
      p.run.goTo(at)
      for (const it of t.run) p.act(it)
      const st = p.run.evaluateTask(at)
      expect(st.state === 'done', `task of ${t.step} done?`).toBe(t.done)
      if (t.hint !== undefined) expect(p.run.hint()).toContain(t.hint)
    })
  }
}
