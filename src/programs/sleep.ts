// sleep(1): pause for the sum of the given intervals (NUMBER[smhd]), using
// nanosleep(2) on the virtual clock.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { nanosleep } from '../libc/index.ts'
import { parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }

/** Seconds for "1.5", "2m", "inf"; undefined when invalid. */
export function parseInterval(s: string): number | undefined {
  const m = /^(\d+\.?\d*|\.\d+|inf(?:inity)?)([smhd]?)$/i.exec(s)
  if (!m) return undefined
  const n = /^inf/i.test(m[1]!) ? Infinity : Number(m[1])
  return n * UNIT[m[2]!]!
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', needsOperand: true, usage: 'Usage: sleep NUMBER[SUFFIX]...\nPause for NUMBER seconds.  SUFFIX may be \'s\' for seconds (the default),\n\'m\' for minutes, \'h\' for hours or \'d\' for days.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let secs = 0
  let bad = false
  for (const a of p.operands) {
    const v = parseInterval(a)
    if (v === undefined) {
      yield* warn(prog, `invalid time interval ${quote(a)}`)
      bad = true
    } else secs += v
  }
  if (bad) {
    yield* tryHelp(prog)
    return 1
  }
  // "infinity" sleeps until a signal ends us; the kernel takes a finite ns count
  const ns = Number.isFinite(secs) ? Math.round(secs * 1e9) : Number.MAX_SAFE_INTEGER
  const r = yield* nanosleep(ns)
  return r < 0 ? 1 : 0
}

export const sleep: ProgramInfo = { name: 'sleep', path: '/bin/sleep', description: 'delay for a specified amount of time', main }
