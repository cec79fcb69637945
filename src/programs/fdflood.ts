// fdflood: the fd-exhaustion attack. Opens /dev/null (or TCP sockets with
// --sockets) until open(2) fails or --count is reached, then prints one
// summary line. EMFILE means this process hit RLIMIT_NOFILE; ENFILE means the
// whole system hit fs.file-max. With --hold it keeps the fds until killed.
// Exit status: 0 when --count was reached, 1 when stopped by an error.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { AF_INET, errnoName, O_RDONLY, SOCK_STREAM, strerror } from '../../kernel-sim/abi/index.ts'
import { nanosleep, open, out, socket } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'sockets', hasArg: 'no', val: 's' },
  { name: 'count', hasArg: 'required', val: 'n' },
  { name: 'hold', hasArg: 'no', val: 'H' },
  { name: 'path', hasArg: 'required', val: 'p' },
] as const

const USAGE = `Usage: fdflood [--count N] [--sockets | --path FILE] [--hold]
Open file descriptors until the kernel refuses (EMFILE: RLIMIT_NOFILE of this
process, see 'ulimit -n'; ENFILE: the system-wide fs.file-max), then report.
  -n, --count N   stop after N descriptors
  -s, --sockets   open TCP sockets instead of files
  -p, --path FILE open FILE (default /dev/null)
  -H, --hold      keep the descriptors open until killed (Ctrl-C)`

export const PROGRESS_EVERY = 100_000

/** The summary line: `fdflood: opened 61 files; open("/dev/null") failed: Too many open files (EMFILE)`. */
export function summary(opened: number, what: string, call: string, errno: number): string {
  const s = `fdflood: opened ${opened} ${what}`
  return errno ? `${s}; ${call} failed: ${strerror(errno)} (${errnoName(errno) ?? errno})\n` : `${s}\n`
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'sn:Hp:', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const countArg = lastArg(p, 'n')
  if (countArg !== undefined && !/^\d+$/.test(countArg)) {
    yield* warn(prog, `invalid count ${quote(countArg)}`)
    yield* tryHelp(prog)
    return 1
  }
  const limit = countArg === undefined ? Infinity : Number(countArg)
  const sockets = has(p, 's')
  const path = lastArg(p, 'p') ?? '/dev/null'
  const what = sockets ? 'sockets' : 'files'
  const call = sockets ? 'socket(AF_INET, SOCK_STREAM)' : `open("${path}")`
  let opened = 0
  let errno = 0
  while (opened < limit) {
    const fd = sockets ? yield* socket(AF_INET, SOCK_STREAM) : yield* open(path, O_RDONLY)
    if (fd < 0) {
      errno = -fd
      break
    }
    opened++
    if (opened % PROGRESS_EVERY === 0) yield* out(`fdflood: ${opened} ${what} open...\n`)
  }
  yield* out(summary(opened, what, call, errno))
  if (has(p, 'H')) {
    yield* out(`fdflood: holding ${opened} descriptors open until killed\n`)
    for (;;) yield* nanosleep(3600 * 1e9)
  }
  return errno ? 1 : 0
}

export const fdflood: ProgramInfo = {
  name: 'fdflood',
  path: '/usr/local/bin/fdflood',
  description: 'attack: open file descriptors until EMFILE/ENFILE (fd exhaustion)',
  main,
}
