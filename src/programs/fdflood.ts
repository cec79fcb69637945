// fdflood: the fd-exhaustion attack. Opens /dev/null (or TCP sockets with
// --sockets, or TCP connections with --connect) until a call fails or --count
// is reached, then prints one summary line naming the failing call. EMFILE
// means this process hit RLIMIT_NOFILE; ENFILE means the whole system hit
// fs.file-max; EADDRNOTAVAIL means the ephemeral ports towards the last
// destination ran out. With --hold it keeps the fds until killed.
// Exit status: 0 when --count was reached, 1 when stopped by an error.
import type { Program, SockAddr } from '../../kernel-sim/abi/index.ts'
import { AF_INET, E, errnoName, O_RDONLY, SOCK_STREAM, strerror } from '../../kernel-sim/abi/index.ts'
import { close, connect, nanosleep, open, out, socket } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'sockets', hasArg: 'no', val: 's' },
  { name: 'count', hasArg: 'required', val: 'n' },
  { name: 'hold', hasArg: 'no', val: 'H' },
  { name: 'path', hasArg: 'required', val: 'p' },
  { name: 'connect', hasArg: 'required', val: 'c' },
] as const

const USAGE = `Usage: fdflood [--count N] [--sockets | --connect ADDR:PORT... | --path FILE] [--hold]
Open file descriptors until the kernel refuses (EMFILE: RLIMIT_NOFILE of this
process, see 'ulimit -n'; ENFILE: the system-wide fs.file-max), then report.
  -n, --count N   stop after N descriptors
  -s, --sockets   open TCP sockets instead of files
  -c, --connect ADDR:PORT
                  open TCP connections to ADDR:PORT (socket + connect); may be
                  repeated, and ADDR may end in a range: 203.0.113.1-38:80 is
                  the 38 destinations 203.0.113.1:80 ... 203.0.113.38:80.
                  One destination takes at most 28232 connections (the
                  ephemeral ports of net.ipv4.ip_local_port_range, 32768-60999);
                  then fdflood goes on with the next destination.
                  Remote web servers: 192.0.2.0/24, 198.51.100.0/24 and
                  203.0.113.0/24, ports 80 and 443.
  -p, --path FILE open FILE (default /dev/null)
  -H, --hold      keep the descriptors open until killed (Ctrl-C)`

export const PROGRESS_EVERY = 100_000

/** The summary line: `fdflood: opened 61 files; open("/dev/null") failed: Too many open files (EMFILE)`. */
export function summary(opened: number, what: string, call: string, errno: number): string {
  const s = `fdflood: opened ${opened} ${what}`
  return errno ? `${s}; ${call} failed: ${strerror(errno)} (${errnoName(errno) ?? errno})\n` : `${s}\n`
}

/** `203.0.113.1-38:80` → 38 inet addresses; undefined when malformed. */
export function parseDests(arg: string): SockAddr[] | undefined {
  const m = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})(?:-(\d{1,3}))?:(\d{1,5})$/.exec(arg)
  if (!m) return undefined
  const first = Number(m[2])
  const last = m[3] === undefined ? first : Number(m[3])
  const port = Number(m[4])
  if (last < first || last > 255 || port < 1 || port > 65535 || m[1]!.split('.').slice(0, 3).some((o) => Number(o) > 255)) return undefined
  const out: SockAddr[] = []
  for (let h = first; h <= last; h++) out.push({ family: 'inet', addr: `${m[1]}${h}`, port })
  return out
}

const inetName = (a: SockAddr) => (a.family === 'inet' ? `${a.addr}:${a.port}` : '')

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'sn:Hp:c:', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const countArg = lastArg(p, 'n')
  if (countArg !== undefined && !/^\d+$/.test(countArg)) {
    yield* warn(prog, `invalid count ${quote(countArg)}`)
    yield* tryHelp(prog)
    return 1
  }
  const limit = countArg === undefined ? Infinity : Number(countArg)
  const dests: SockAddr[] = []
  for (const o of p.opts) {
    if (o.opt !== 'c') continue
    const d = parseDests(o.arg ?? '')
    if (!d) {
      yield* warn(prog, `invalid destination ${quote(o.arg ?? '')} (expected ADDR:PORT or A.B.C.X-Y:PORT)`)
      yield* tryHelp(prog)
      return 1
    }
    dests.push(...d)
  }
  const connecting = dests.length > 0
  const sockets = has(p, 's')
  const path = lastArg(p, 'p') ?? '/dev/null'
  const what = connecting ? 'connections' : sockets ? 'sockets' : 'files'
  let call = connecting || sockets ? 'socket(AF_INET, SOCK_STREAM)' : `open("${path}")`
  let at = 0 // the current destination
  let opened = 0
  let errno = 0
  // One loop, no generator per descriptor: a flood of a million connections allocated ~600 bytes per
  // connection for a nested generator's frame, most of the JS heap churn of the fd-exhaustion scenario.
  while (opened < limit) {
    const fd = connecting || sockets ? yield* socket(AF_INET, SOCK_STREAM) : yield* open(path, O_RDONLY)
    if (fd < 0) {
      errno = -fd
      break
    }
    if (connecting) {
      // socket() then connect() to the current destination, moving on to the next one when its
      // ephemeral ports are used up; a failed connect closes the unconnected socket again.
      let r = yield* connect(fd, dests[at]!)
      while (r === -E.EADDRNOTAVAIL && at + 1 < dests.length) r = yield* connect(fd, dests[++at]!)
      if (r !== 0) {
        yield* close(fd)
        call = `connect(${inetName(dests[at]!)})`
        errno = -r
        break
      }
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
  description: 'attack: open files, sockets or connections until EMFILE/ENFILE (fd exhaustion)',
  main,
}
