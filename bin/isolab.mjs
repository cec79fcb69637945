#!/usr/bin/env node
// The `isolab` command. Runs the bundled CLI in build/isolab.js, rebuilding it
// first when a source under src/ or kernel-sim/ is newer (so a checkout never
// runs stale code and there is no separate build step to remember). The mtime
// walk costs about 5 ms for 550 files on the dev machine, so it always runs.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUNDLE, loadCli } from '../scripts/cli-loader.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Is any file under dir modified after t? Stops at the first one found. */
function newerThan(dir, t) {
  let entries
  try { entries = readdirSync(dir, { withFileTypes: true }) } catch { return false }
  for (const e of entries) {
    const p = dir + '/' + e.name // not path.join: half the walk's time went to normalizing
    if (e.isDirectory()) { if (newerThan(p, t)) return true }
    else if ((statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0) > t) return true
  }
  return false
}

function isStale() {
  if (!existsSync(BUNDLE)) return true
  // Missing dirs count as "not newer": an installed package without sources runs its bundle.
  const t = statSync(BUNDLE).mtimeMs
  return statSync(join(ROOT, 'package.json')).mtimeMs > t || newerThan(join(ROOT, 'src'), t) || newerThan(join(ROOT, 'kernel-sim'), t)
}

if (isStale()) {
  let builder
  try {
    builder = await import('../scripts/build-cli.mjs')
    await builder.buildCli({ quiet: true })
  } catch (err) {
    const why = builder ? builder.describeBuildError(err) : `esbuild unavailable (${err?.message ?? err})`
    if (!existsSync(BUNDLE)) {
      console.error(`isolab: cannot build the CLI:\n${why}`)
      process.exit(1)
    }
    console.error(`isolab: warning: rebuild failed, running the previous build:\n${why}`)
  }
}

process.exitCode = await loadCli()(process.argv.slice(2))
