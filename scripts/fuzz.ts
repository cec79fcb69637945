// npm run fuzz -- [--seed N] [--budget 60s] [--heap-mb 1024]
// Feeds the simulator the corpus of past findings (test/fuzz/corpus.txt), then
// random shell lines, docker invocations, workspace files and mutated lab files
// (test/fuzz/gen.ts) for the time budget. CI runs it (.ci/run) with a fixed seed. Fails (exit 1) on a kernel oops, a JS exception in a
// program, an exception out of the machine, a crash of the Node process
// running it, or real heap growth past the budget. The cases run in a child
// process so that a crash is caught and its input reported.
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, budget: { type: 'string', default: '60s' }, 'heap-mb': { type: 'string', default: '1024' } } })
const seed = Number(values.seed)
const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(values.budget)
const heapMb = Number(values['heap-mb'])
if (!Number.isInteger(seed) || !m || !(heapMb > 0)) {
  console.error(`fuzz: expected --seed INTEGER, --budget DURATION (e.g. 60s, 10m), --heap-mb MB; got --seed ${values.seed} --budget ${values.budget} --heap-mb ${values['heap-mb']}`)
  process.exit(2)
}
const budgetMs = Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[m[2] ?? 's'] ?? 1000)

const worker = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url))
// The child's V8 heap is capped a little above the budget, so runaway growth is a crash we see, not the machine's swap.
const child = spawn(process.execPath, [`--max-old-space-size=${heapMb + 1024}`, '--expose-gc', '--import', 'tsx', worker, String(seed), String(budgetMs), String(heapMb)], { stdio: ['ignore', 'pipe', 'inherit'] })

let last: { case: number; kind: string; input: string } | undefined
const findings: { kind: string; input: string; message: string }[] = []
let done: Record<string, unknown> | undefined
let buf = ''
child.stdout.setEncoding('utf8')
child.stdout.on('data', (d: string) => {
  buf += d
  for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
    const ev = JSON.parse(buf.slice(0, nl))
    buf = buf.slice(nl + 1)
    if ('case' in ev) last = ev
    else if ('finding' in ev) {
      findings.push(ev.finding)
      console.log(`FINDING ${ev.finding.kind}: ${JSON.stringify(ev.finding.input)}\n  ${ev.finding.message.split('\n').slice(0, 3).join('\n  ')}`)
    } else if ('done' in ev) done = ev.done
  }
})
child.on('exit', (code, signal) => {
  if (!done) {
    console.log(`FINDING crash: the fuzz process died (${signal ?? `exit ${code}`}) while running ${last ? `${last.kind} case ${last.case}: ${JSON.stringify(last.input)}` : 'its set-up'}`)
    process.exit(1)
  }
  console.log(`fuzz: seed ${seed}, ${done.seconds} s, ${done.cases} cases ${JSON.stringify(done.counts)}, real heap ${done.baselineMB} MB at start, ${done.peakMB} MB at most; ${findings.length} finding(s): ` +
    `${findings.filter((f) => f.kind === 'oops').length} oops, ${findings.filter((f) => f.kind === 'exception').length} program exceptions`)
  process.exit(findings.length ? 1 : 0)
})
