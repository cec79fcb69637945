// Benchmark harness (`npm run bench [-- FILTER] [--runs N]`): runs every
// bench/*.bench.ts N times and prints medians; compiles and runs the C
// baselines in bench/c/ with `cc -O2` when a compiler exists, and prints
// simulated/real ratios for benches that declare `compare`.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseCOutput, reduce } from './stats.ts'
import type { BenchModule, Metrics } from './types.ts'
import { loadAllCode } from '../src/programs/lib/lazy.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BENCH = join(ROOT, 'bench')
const OUT = join(ROOT, 'build', 'bench')

function hasCc(): boolean {
  return spawnSync('cc', ['--version'], { stdio: 'ignore' }).status === 0
}

function runCBaselines(runs: number, filter: string | undefined): Map<string, Metrics> {
  const results = new Map<string, Metrics>()
  const dir = join(BENCH, 'c')
  const sources = readdirSync(dir).filter((f) => f.endsWith('.c')).sort()
  if (!hasCc()) {
    if (sources.length) console.log('(no C compiler: skipping C baselines)')
    return results
  }
  mkdirSync(OUT, { recursive: true })
  for (const src of sources) {
    const name = basename(src, '.c')
    if (filter && !name.includes(filter) && filter !== 'c') continue
    const exe = join(OUT, name)
    execFileSync('cc', ['-O2', '-o', exe, join(dir, src)], { stdio: 'inherit' })
    const samples: Metrics[] = []
    for (let i = 0; i < runs; i++) samples.push(parseCOutput(execFileSync(exe, { encoding: 'utf8' })))
    results.set(name, reduce(samples))
  }
  return results
}

const fmt = (v: number | string) =>
  typeof v === 'string' ? v : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3)

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')
}

/** Bench file name → its module; bench/run.ts run directly (under tsx) imports the directory's files. */
type BenchTable = Record<string, () => Promise<BenchModule>>

function sourceTable(): BenchTable {
  const table: BenchTable = {}
  for (const file of readdirSync(BENCH).filter((f) => f.endsWith('.bench.ts')).sort()) {
    table[file] = () => import(pathToFileURL(join(BENCH, file)).href) as Promise<BenchModule>
  }
  return table
}

export async function main(argv: string[], benches: BenchTable = sourceTable()) {
  let runs = 5
  let filter: string | undefined
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i])
    else filter = argv[i]
  }
  const rows: string[][] = [['bench', 'metric', 'median', 'runs']]
  const cResults = runCBaselines(runs, filter)
  for (const [name, m] of cResults) for (const [k, v] of Object.entries(m)) rows.push([`c/${name}`, k, fmt(v), String(runs)])

  const ratios: string[] = []
  for (const [file, load] of Object.entries(benches)) {
    if (filter && !file.includes(filter)) continue
    const mod = await load()
    await loadAllCode() // what the web page loads on first use: measured loaded, as the CLI runs
    const n = mod.runs ?? runs
    const samples: Metrics[] = []
    for (let i = 0; i < n; i++) samples.push(await mod.run())
    const result = reduce(samples)
    for (const [k, v] of Object.entries(result)) rows.push([mod.name, k, fmt(v), String(n)])
    if (mod.compare) {
      const c = cResults.get(mod.compare.c)?.[mod.compare.cMetric ?? mod.compare.metric]
      const sim = result[mod.compare.metric]
      if (typeof c === 'number' && typeof sim === 'number') {
        ratios.push(`${mod.name} ${mod.compare.metric}: simulated/real = ${(sim / c).toFixed(2)}x (${fmt(sim)} vs ${fmt(c)})`)
      }
    }
  }
  console.log(table(rows))
  if (ratios.length) console.log('\n' + ratios.join('\n'))
}

// Run directly (npm run bench:src). In build/bench.mjs this module's import.meta.url is the bundle's own, so it
// is also argv[1] there: the bundle's entry calls main itself, with its table.
if (process.argv[1]?.endsWith('.ts') && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2))
