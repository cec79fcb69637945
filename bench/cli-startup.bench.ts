// Wall time of `isolab sh -c true` from a cold Node process: the bin's
// staleness check, loading the bundle, booting a simulated host, one command.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './stats.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'bin', 'isolab.mjs')

export const name = 'cli-startup'
export const runs = 1 // run() already takes the median of 10

function wallMs(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return ms
}

export async function run() {
  wallMs(process.execPath, [BIN, 'sh', '-c', 'true']) // warm-up (and rebuild if stale)
  const node = Array.from({ length: 10 }, () => wallMs(process.execPath, [BIN, 'sh', '-c', 'true']))
  const npx = Array.from({ length: 5 }, () => wallMs('npx', ['--no-install', 'isolab', 'sh', '-c', 'true']))
  const bare = Array.from({ length: 5 }, () => wallMs(process.execPath, ['-e', '0']))
  return {
    'node bin/isolab.mjs sh -c true, ms': median(node),
    'npx isolab sh -c true, ms': median(npx),
    'node -e 0 (floor), ms': median(bare),
  }
}
