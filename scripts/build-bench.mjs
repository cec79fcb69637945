#!/usr/bin/env node
// Bundles the benchmarks (bench/run.ts and every bench/*.bench.ts, with the
// kernel and programs they import) into build/bench.mjs, with the options the
// CLI's bundle is built with (build-cli.mjs): what `npm run bench` measures is
// the code as the CLI and the web worker run it. Under tsx each module is
// compiled with esbuild's keepNames, which wraps every named function and class
// in a call that defines its `name` property: a cost no shipped build pays
// (`npm run bench:src` still measures the sources through tsx, for A/B runs
// against commits that predate this bundle).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BENCH_BUNDLE = join(ROOT, 'build', 'bench.mjs')

async function buildBench() {
  const esbuild = await import('esbuild')
  const files = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.bench.ts')).sort()
  // Each bench is imported on demand, as run.ts does from the directory: a filter runs only its modules' top levels.
  const table = files.map((f) => `  ${JSON.stringify(f)}: () => import(${JSON.stringify('./bench/' + f)}),`).join('\n')
  await esbuild.build({
    stdin: {
      contents: `import { main } from './bench/run.ts'\nconst benches = {\n${table}\n}\nawait main(process.argv.slice(2), benches)\n`,
      resolveDir: ROOT,
      sourcefile: 'bench-entry.ts',
      loader: 'ts',
    },
    outfile: BENCH_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    // npm deps are bundled as in the CLI; a CommonJS one's require() of a Node builtin needs a require in ESM.
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  return BENCH_BUNDLE
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildBench()
  } catch (err) {
    process.exitCode = 1
    if (!err?.errors) console.error(err) // esbuild already printed its own diagnostics
  }
}
