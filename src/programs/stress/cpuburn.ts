// cpuburn [SECONDS]: CPU-bound work for SECONDS of (virtual) wall-clock time,
// then a report of how much work got done: one unit is 1 ms of CPU. Alone on
// an idle CPU it does 1000 units per second; sharing the CPU, or throttled by
// cpu.max, fewer. With -j N it runs N workers, each reporting its own line.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { cpu, fork, out, wait4 } from '../../libc/index.ts'
import { lastArg, parseOpts, quote, tryHelp, warn } from '../lib/cmd.ts'
import { monotonic, parseSeconds } from './units.ts'

const USAGE = `Usage: cpuburn [-j WORKERS] [-q] [SECONDS]
Burn CPU for SECONDS (default 10) of wall-clock time and report the work done
(1 unit = 1 ms of CPU time; 1000 units/s is one whole CPU).
  -j, --workers N   run N workers in parallel (default 1)
  -q, --quiet       no report`

const LONG = [
  { name: 'workers', hasArg: 'required', val: 'j' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
] as const

const UNIT_NS = 1_000_000

function* burn(seconds: number, label: string, quiet: boolean): Program {
  const start = yield* monotonic()
  const end = start + seconds * 1e9
  let units = 0
  for (;;) {
    const now = yield* monotonic()
    if (now >= end) break
    yield* cpu(UNIT_NS)
    units++
  }
  const elapsed = ((yield* monotonic()) - start) / 1e9
  if (!quiet) {
    const pct = Math.round((units / (elapsed * 1000)) * 100)
    yield* out(`${label}: ${units} units of work in ${elapsed.toFixed(2)} s (${pct}% of one CPU)\n`)
  }
  return 0
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'j:q', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const secs = parseSeconds(p.operands[0] ?? '10')
  const jobs = Number(lastArg(p, 'j') ?? '1')
  if (secs === undefined || !Number.isInteger(jobs) || jobs < 1) {
    yield* warn(prog, `invalid argument ${quote(secs === undefined ? p.operands[0]! : lastArg(p, 'j')!)}`)
    yield* tryHelp(prog)
    return 1
  }
  const quiet = p.opts.some((o) => o.opt === 'q')
  if (jobs === 1) return yield* burn(secs, 'cpuburn', quiet)
  for (let i = 1; i <= jobs; i++) {
    const pid = yield* fork(() => burn(secs, `cpuburn worker ${i}`, quiet))
    if (pid < 0) return 1
  }
  for (let i = 0; i < jobs; i++) yield* wait4(-1)
  return 0
}

export { main as cpuburnMain }
