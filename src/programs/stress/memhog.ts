// memhog SIZE: allocates SIZE bytes of anonymous memory in chunks and touches
// every page (like stress-ng --vm-bytes --vm-keep, or numactl's memhog), then
// holds it for --hold seconds. A memory.max or a host-wide OOM kill ends it
// with SIGKILL (bash: "Killed"); a refused mmap is reported.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { mmap, nanosleep, out } from '../../libc/index.ts'
import { lastArg, parseOpts, quote, tryHelp, warn } from '../lib/cmd.ts'
import { fmtBytes, MiB, parseSeconds, parseSize } from './units.ts'

const USAGE = `Usage: memhog [--chunk SIZE] [--hold SECONDS] [--quiet] SIZE
Allocate SIZE bytes of memory (suffixes K, M, G) and touch every page.
  -c, --chunk SIZE     allocate in pieces of SIZE (default 16M)
  -H, --hold SECONDS   keep the memory this long before exiting (default 0)
  -q, --quiet          print only the final line`

const LONG = [
  { name: 'chunk', hasArg: 'required', val: 'c' },
  { name: 'hold', hasArg: 'required', val: 'H' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'c:H:q', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const size = p.operands[0] === undefined ? undefined : parseSize(p.operands[0])
  const chunk = parseSize(lastArg(p, 'c') ?? '16M')
  const hold = parseSeconds(lastArg(p, 'H') ?? '0')
  if (size === undefined || chunk === undefined || !chunk || hold === undefined) {
    yield* warn(prog, p.operands[0] === undefined ? 'missing SIZE' : `invalid size ${quote(p.operands[0])}`)
    yield* tryHelp(prog)
    return 1
  }
  const quiet = p.opts.some((o) => o.opt === 'q')
  let done = 0
  let nextReport = 256 * MiB
  while (done < size) {
    const n = Math.min(chunk, size - done)
    const r = yield* mmap(n)
    if (r < 0) {
      yield* out(`memhog: mmap of ${fmtBytes(n)} failed after ${fmtBytes(done)}: ${strerror(-r)}\n`)
      return 1
    }
    done += n
    if (!quiet && done >= nextReport && done < size) {
      yield* out(`memhog: ${fmtBytes(done)} allocated\n`)
      while (nextReport <= done) nextReport += 256 * MiB
    }
  }
  yield* out(`memhog: allocated and touched ${fmtBytes(done)}${hold ? `, holding it for ${hold} s` : ''}\n`)
  if (hold) yield* nanosleep(hold * 1e9)
  return 0
}

export { main as memhogMain }
