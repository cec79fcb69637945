// nc(1) (netcat-openbsd), TCP only: `nc -l [-p] PORT` accepts one connection
// and copies what it receives to stdout; `nc HOST PORT` sends stdin, then
// prints the reply until the server closes.
// SIMPLIFICATION: no simultaneous two-way copy (no poll(2)): client sends first, then reads.
import type { Program, SyscallReq } from '../../../kernel-sim/abi/index.ts'
import { AF_INET, SOCK_STREAM, strerror } from '../../../kernel-sim/abi/index.ts'
import { accept, bind, close, connect, listen, out, read, readAll, shutdown, socket, writeAll } from '../../libc/index.ts'
import { has, lastArg, parseOpts, warn } from '../lib/cmd.ts'
import { resolveHost } from '../../libc/netdb.ts'

/** netcat-openbsd's strtoport(): strtonum(port, 1, 65535), else "port number invalid: X" (exit 1). */
function* parsePort(s: string): Generator<SyscallReq, number, unknown> {
  if (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535) return Number(s)
  yield* warn('nc', `port number invalid: ${s}`)
  return -1
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'lp:s:vN' })
  if (typeof p === 'number') return p
  const fd = yield* socket(AF_INET, SOCK_STREAM)
  if (fd < 0) {
    yield* warn('nc', strerror(-fd))
    return 1
  }
  if (has(p, 'l')) {
    const portArg = lastArg(p, 'p') ?? p.operands[p.operands.length - 1]
    if (portArg === undefined) {
      yield* warn('nc', 'missing port number')
      return 1
    }
    const port = yield* parsePort(portArg)
    if (port < 0) return 1
    const addr = lastArg(p, 's') ?? (p.operands.length > 1 ? p.operands[0]! : '0.0.0.0')
    const b = yield* bind(fd, { family: 'inet', addr, port })
    if (b < 0) {
      yield* warn('nc', strerror(-b))
      return 1
    }
    yield* listen(fd, 1)
    const c = yield* accept(fd)
    if (c < 0) {
      yield* warn('nc', strerror(-c))
      return 1
    }
    for (;;) {
      const d = yield* read(c, 65536)
      if (typeof d !== 'string' || d === '') break
      yield* out(d)
    }
    yield* close(c)
    return 0
  }
  const [host, portArg] = p.operands
  if (!host || !portArg) {
    yield* warn('nc', 'missing port number')
    return 1
  }
  const port = yield* parsePort(portArg)
  if (port < 0) return 1
  // getaddrinfo, with netcat-openbsd's message when the name does not resolve.
  const res = yield* resolveHost(host)
  if ('error' in res) {
    yield* warn('nc', `getaddrinfo for host "${host}" port ${port}: ${res.error}`)
    return 1
  }
  const r = yield* connect(fd, { family: 'inet', addr: res.addr, port })
  if (r < 0) {
    yield* warn('nc', `connect to ${host} port ${port} (tcp) failed: ${strerror(-r)}`)
    return 1
  }
  const input = yield* readAll(0)
  if (typeof input === 'string' && input) yield* writeAll(fd, input)
  yield* shutdown(fd, 1)
  for (;;) {
    const d = yield* read(fd, 65536)
    if (typeof d !== 'string' || d === '') break
    yield* out(d)
  }
  return 0
}

export { main as ncProgramMain }
