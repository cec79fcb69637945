// iohog: writes (or with -r reads) blocks to the shared disk /dev/vda for
// SECONDS of wall-clock time, like `dd of=/dev/vda oflag=direct`, and reports
// its throughput. Big blocks from one tenant fill the disk's queue and slow
// every other tenant's requests; io.max throttles them.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { O_RDONLY, O_WRONLY, strerror } from '../../../kernel-sim/abi/index.ts'
import { close, open, out, read, write } from '../../libc/index.ts'
import { lastArg, parseOpts, quote, tryHelp, warn } from '../lib/cmd.ts'
import { fmtBytes, monotonic, parseSeconds, parseSize } from './units.ts'

const USAGE = `Usage: iohog [-b BLOCKSIZE] [-r] [-f DEVICE] [-q] [SECONDS]
Write blocks to the shared disk for SECONDS (default 5) and report the throughput.
  -b, --bs SIZE       bytes per request (default 1M)
  -r, --read          read instead of write
  -f, --device PATH   the block device (default /dev/vda)
  -q, --quiet         no report`

const LONG = [
  { name: 'bs', hasArg: 'required', val: 'b' },
  { name: 'read', hasArg: 'no', val: 'r' },
  { name: 'device', hasArg: 'required', val: 'f' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'b:rf:q', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const bs = parseSize(lastArg(p, 'b') ?? '1M')
  const secs = parseSeconds(p.operands[0] ?? '5')
  if (!bs || secs === undefined) {
    yield* warn(prog, `invalid argument ${quote(!bs ? lastArg(p, 'b')! : p.operands[0]!)}`)
    yield* tryHelp(prog)
    return 1
  }
  const reading = p.opts.some((o) => o.opt === 'r')
  const dev = lastArg(p, 'f') ?? '/dev/vda'
  const fd = yield* open(dev, reading ? O_RDONLY : O_WRONLY)
  if (fd < 0) {
    yield* warn(prog, `cannot open ${quote(dev)}: ${strerror(-fd)}`)
    return 1
  }
  const block = '\0'.repeat(bs)
  const start = yield* monotonic()
  const end = start + secs * 1e9
  let bytes = 0
  let ios = 0
  while ((yield* monotonic()) < end) {
    const r = reading ? yield* read(fd, bs) : yield* write(fd, block)
    const n = typeof r === 'string' ? r.length : r
    if (n < 0) {
      yield* warn(prog, `${reading ? 'read' : 'write'} error: ${strerror(-n)}`)
      return 1
    }
    bytes += n
    ios++
  }
  yield* close(fd)
  const elapsed = ((yield* monotonic()) - start) / 1e9
  if (!p.opts.some((o) => o.opt === 'q')) {
    const verb = reading ? 'read' : 'wrote'
    yield* out(`iohog: ${verb} ${fmtBytes(bytes)} in ${ios} requests of ${fmtBytes(bs)} in ${elapsed.toFixed(2)} s: ${fmtBytes(bytes / elapsed)}/s, ${Math.round(ios / elapsed)} IOPS\n`)
  }
  return 0
}

export { main as iohogMain }
