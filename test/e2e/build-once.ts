// Build the static site once before the browser tests (they run against the
// build, served as plain files). It goes to a private temporary directory, not
// dist/, so concurrent `npm test` runs in one working tree can't empty each
// other's site mid-test; the tests find it through ISOLAB_DIST.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function setup(): (() => void) | void {
  if (process.env.ISOLAB_E2E_SKIP_BUILD) return // use the existing dist/ (or ISOLAB_DIST)
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const out = mkdtempSync(join(tmpdir(), 'isolab-e2e-'))
  const dist = join(out, 'dist')
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: root, stdio: 'inherit' })
  process.env.ISOLAB_DIST = dist
  return () => rmSync(out, { recursive: true, force: true })
}
