// Build dist/ once before the browser tests (they run against the static build).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export default function setup(): void {
  if (process.env.ISOLAB_E2E_SKIP_BUILD) return
  const root = fileURLToPath(new URL('../..', import.meta.url))
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
}
