// The fuzzer's worker process (started by scripts/fuzz.ts): runs the corpus,
// then random cases until the time budget is spent, and prints one JSON line
// per event on stdout: {"case": n, "input": ...} before each case, then
// {"finding": ...} or {"heap": MB}, and {"done": ...} at the end.
import { readdirSync, readFileSync } from 'node:fs'
import { corpus, CORPUS_STEPS, FuzzMachine, labCase, type Finding } from '../test/fuzz/check.ts'
import { dockerCase, labText, rng, shellLine, workspaceText } from '../test/fuzz/gen.ts'
import { loadAllCode } from '../src/programs/lib/lazy.ts'

const [seed, budgetMs, heapMb] = process.argv.slice(2).map(Number) as [number, number, number]
const gc = (globalThis as { gc?: () => void }).gc
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n')
const heapMB = () => {
  gc?.()
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20)
}

await loadAllCode() // what the web page loads on first use, loaded first as the CLI does
const r = rng(seed)
const start = performance.now()
const baseline = heapMB()
let fm = new FuzzMachine(seed)
let n = 0
let findings = 0
let peak = baseline
const counts = { corpus: 0, shell: 0, docker: 0, workspace: 0, lab: 0 }
const labDir = new URL('../scenarios/labs/', import.meta.url)
const labs = readdirSync(labDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(new URL(f, labDir), 'utf8'))

function run(kind: keyof typeof counts, input: string, f: (fm: FuzzMachine) => Finding[]): void {
  emit({ case: n++, kind, input })
  counts[kind]++
  for (const x of f(fm)) {
    findings++
    emit({ finding: x })
  }
  if (fm.m.kernel.panicked || fm.cases >= 40) fm = new FuzzMachine(seed + n) // fresh machines now and then, and after a panic
  if (n % 10 === 0) {
    const h = heapMB()
    peak = Math.max(peak, h)
    if (h - baseline > heapMb) {
      findings++
      emit({ finding: { kind: 'heap', input, message: `real heap ${h} MB, ${h - baseline} MB above the start, past the budget of ${heapMb} MB` } })
      fm = new FuzzMachine(seed + n)
    }
  }
}

for (const s of corpus(readFileSync(new URL('../test/fuzz/corpus.txt', import.meta.url), 'utf8'))) run('corpus', s, (m) => m.script(s, CORPUS_STEPS))
const randomStart = performance.now() // the budget is for new cases: the corpus comes on top
while (performance.now() - randomStart < budgetMs) {
  const p = r()
  if (p < 0.7) { const s = shellLine(r); run('shell', s, (m) => m.script(s)) }
  else if (p < 0.9) { const s = dockerCase(r); run('docker', s, (m) => m.script(s)) }
  else if (p < 0.95) { const w = workspaceText(r); run('workspace', w, (m) => m.workspace(w)) }
  else { const l = labText(r, labs); run('lab', l, () => labCase(l)) }
}
emit({ done: { cases: n, findings, counts, baselineMB: baseline, peakMB: Math.max(peak, heapMB()), seconds: Math.round((performance.now() - start) / 1000) } })
