// Reductions shared by the harness and bench modules (kept apart from run.ts,
// whose top-level await would deadlock a bench that imported it).
import type { Metrics } from './types.ts'

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Numbers -> median over runs; strings -> the last run's value. */
export function reduce(runs: Metrics[]): Metrics {
  const out: Metrics = {}
  for (const key of new Set(runs.flatMap((r) => Object.keys(r)))) {
    const vals = runs.map((r) => r[key]).filter((v) => v !== undefined)
    out[key] = vals.every((v) => typeof v === 'number') ? median(vals as number[]) : String(vals.at(-1))
  }
  return out
}

/** `metric value` lines from a C baseline's stdout. */
export function parseCOutput(text: string): Metrics {
  const out: Metrics = {}
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(-?[\d.]+)\s*$/.exec(line.trim())
    if (m) out[m[1]!] = Number(m[2])
  }
  return out
}
