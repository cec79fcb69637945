// Prefix/suffix removal over a 300,000-character value: linear, not quadratic
// (#15). Kept apart from shell-loop.bench.ts, whose counter loops it would
// otherwise deoptimise between rounds.
import { Machine } from '../src/host/machine.ts'

export const name = 'shell-strip'

/** The longest and shortest prefix up to a slash and suffix from one (basename, dirname) of a 300,001-character value. */
function stripMs(): number {
  const m = new Machine()
  const t0 = performance.now()
  const r = m.runScript('x=$(printf "%*s" 150000 ""); x=${x// /a}; x="$x/$x"; a=${x##*/} b=${x#*/} c=${x%/*} d=${x%%/*}; echo ${#a} ${#b} ${#c} ${#d}', { maxSteps: 1e9 })
  const ms = performance.now() - t0
  if (r.stdout !== '150000 150000 150000 150000\n') throw new Error(`prefix/suffix removal printed ${JSON.stringify(r.stdout + r.stderr)}`)
  return ms
}

export function run() {
  return { '${x##*/} ${x#*/} ${x%/*} ${x%%/*} of 300,000 chars, ms': stripMs() }
}
