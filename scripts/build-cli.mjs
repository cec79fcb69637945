#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and everything it imports, kernel included)
// into build/isolab.mjs (and build/chunks/ for what it loads on demand), so the `isolab` bin starts without a TypeScript loader.
// Runs from `prepare` (npm install / npm ci) and on demand from bin/isolab.mjs.
import { fileURLToPath } from 'node:url'
import { readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const OUTFILE = join(ROOT, 'build', 'isolab.mjs')

export async function buildCli({ quiet = false } = {}) {
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    // build/isolab.mjs, and build/chunks/ for what main.ts imports on demand (the lab engine with
    // YAML and schema validation, a third of the code): `isolab sh` does not parse it at start-up.
    outdir: join(ROOT, 'build'),
    entryNames: 'isolab',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    minify: false,
    logLevel: quiet ? 'silent' : 'warning', // quiet: the caller reports errors (see describeBuildError)
    // Node builtins stay imports; npm deps (immer) are bundled so the bin has no resolution cost.
    // CommonJS deps (yaml's node build) call require('process'): give the ESM bundle a require.
    banner: { js: "import { createRequire as __isolabRequire } from 'node:module'; const require = __isolabRequire(import.meta.url);" },
  })
  removeStaleChunks(Object.keys(result.metafile.outputs))
  return OUTFILE
}

/** Chunks of earlier builds (their names carry a content hash) would pile up in build/chunks. */
function removeStaleChunks(outputs) {
  const dir = join(ROOT, 'build', 'chunks')
  const keep = new Set(outputs.map((o) => resolve(ROOT, o)))
  let names = []
  try { names = readdirSync(dir) } catch { return }
  for (const n of names) if (!keep.has(join(dir, n))) rmSync(join(dir, n), { force: true })
}

/** One line per esbuild error ("file:line:col: text"), or the error's message. */
export function describeBuildError(err) {
  const errors = err?.errors ?? []
  if (!errors.length) return String(err?.message ?? err)
  return errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli()
  } catch (err) {
    // During `npm install` a broken build must not block installing: the bin
    // rebuilds on demand and `npm test` reports the error.
    if (process.env.npm_lifecycle_event === 'prepare') {
      console.warn(`isolab: CLI build skipped:\n${describeBuildError(err)}`)
    } else {
      process.exitCode = 1
      if (!err?.errors) console.error(err) // esbuild already printed its own diagnostics
    }
  }
}
