#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and everything it imports, kernel included)
// into build/isolab.js, so the `isolab` bin starts without a TypeScript loader.
// Runs from `prepare` (npm install / npm ci) and on demand from bin/isolab.mjs.
//
// The bundle is one script, not an ES module: scripts/cli-loader.mjs compiles it
// with node:vm and V8's code cache (Node 20 has no compile cache for modules).
// It is a function expression taking CommonJS's parameters and import.meta.url.
// What main.ts imports on demand (the lab engine with YAML and schema validation,
// a third of the code) stays in functions that run, and compile, only when called.
import { fileURLToPath } from 'node:url'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const OUTFILE = join(ROOT, 'build', 'isolab.js')

export async function buildCli({ quiet = false } = {}) {
  const esbuild = await import('esbuild')
  await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    // Less to read and hash; names stay as written, for the stack traces of a crashed program.
    minifyWhitespace: true,
    minifySyntax: true,
    define: { 'import.meta.url': '__isolabUrl' },
    banner: { js: '(function (exports, require, module, __filename, __dirname, __isolabUrl) {' },
    footer: { js: '})' },
    logLevel: quiet ? 'silent' : 'warning', // quiet: the caller reports errors (see describeBuildError)
    // Node builtins stay require()s; npm deps (immer, yaml, zod) are bundled, so the bin has no resolution cost.
  })
  asciiOnly(OUTFILE)
  // A code cache belongs to one build (the loader also checks size and mtime); the layout before
  // this one (build/isolab.mjs and build/chunks/) goes too.
  for (const old of ['isolab.js.cache', 'isolab.mjs', 'isolab.mjs.map', 'chunks']) rmSync(join(ROOT, 'build', old), { recursive: true, force: true })
  return OUTFILE
}

/**
 * esbuild escapes non-ASCII characters in strings but not in regular expression
 * literals; \u escapes mean the same there (and in identifiers and comments).
 * An ASCII file is read as latin1, without UTF-8 decoding, into V8's one-byte strings.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8')
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  if (ascii !== text) writeFileSync(file, ascii)
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
