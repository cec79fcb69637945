// forkbomb: every process forks as fast as it can, and every child does the
// same (the shell's ":(){ :|:& };:"), until fork(2) fails; then each holds its
// slot until the deadline and exits. The first process reports how far the
// bomb got: forks are refused with EAGAIN by kernel.threads-max, pid_max,
// RLIMIT_NPROC (not for root) or, inside a cgroup, pids.max.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { errnoName, strerror } from '../../../kernel-sim/abi/index.ts'
import { fork, nanosleep, out, wait4 } from '../../libc/index.ts'
import { parseOpts, quote, tryHelp, warn } from '../lib/cmd.ts'
import { monotonic, parseSeconds } from './units.ts'

const USAGE = `Usage: forkbomb [SECONDS]
       forkbomb --probe DELAY
Fork exponentially until the kernel refuses, keep the processes for SECONDS
(default 2) of wall-clock time, then let them all exit and report.
With --probe: wait DELAY seconds (without forking), then try to start one
process and say whether the kernel let it (the neighbour's view).`

/** One bomb process: fork until refused, then wait out the deadline. Returns the errno that stopped it. */
function* bomb(deadline: number, report: { errno: number }): Program {
  for (;;) {
    const pid = yield* fork(() => bomb(deadline, { errno: 0 }))
    if (pid < 0) {
      report.errno = -pid
      break
    }
  }
  const now = yield* monotonic()
  if (now < deadline) yield* nanosleep(deadline - now)
  for (;;) {
    const r = yield* wait4(-1)
    if (typeof r === 'number') break
  }
  return 0
}

/** The neighbour: sleep, then try one fork(). */
function* probe(delay: number): Program {
  yield* nanosleep(delay * 1e9)
  const pid = yield* fork(function* () { return 0 })
  if (pid < 0) {
    yield* out(`forkbomb --probe: fork() failed: ${strerror(-pid)}\n`)
    return 1
  }
  yield* wait4(pid)
  yield* out('forkbomb --probe: fork() succeeded\n')
  return 0
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'p', long: [{ name: 'probe', hasArg: 'no', val: 'p' }], usage: USAGE })
  if (typeof p === 'number') return p
  if (p.opts.some((o) => o.opt === 'p')) return yield* probe(parseSeconds(p.operands[0] ?? '1') ?? 1)
  const secs = parseSeconds(p.operands[0] ?? '2')
  if (secs === undefined) {
    yield* warn(argv[0]!, `invalid duration ${quote(p.operands[0]!)}`)
    yield* tryHelp(argv[0]!)
    return 1
  }
  const start = yield* monotonic()
  const report = { errno: 0 }
  yield* bomb(start + secs * 1e9, report)
  const e = report.errno
  yield* out(`forkbomb: fork() refused: ${strerror(e)} (${errnoName(e) ?? e}); all bomb processes exited after ${secs} s\n`)
  return 0
}

export { main as forkbombMain }
