// docker-proxy (libnetwork's userland proxy): listens on the published host
// port and relays each connection to the container's address over docker0.
// One process per port; per connection one child per direction (blocking I/O).
import { AF_INET, SOCK_STREAM, WNOHANG, strerror, type Program } from '../../kernel-sim/abi/index.ts'
import { accept, bind, close, connect, err, exit, fork, listen, read, shutdown, socket, wait4, writeAll } from '../libc/index.ts'

export const PROXY_PATH = '/usr/bin/docker-proxy'

const arg = (argv: readonly string[], name: string) => argv[argv.indexOf(name) + 1] ?? ''

function* pump(from: number, to: number): Program {
  for (;;) {
    const d = yield* read(from)
    if (typeof d === 'number' || d === '') break
    if ((yield* writeAll(to, d)) < 0) break
  }
  yield* shutdown(to, 1)
  return 0
}

export function* proxyMain(argv: readonly string[]): Program {
  const hostIp = arg(argv, '-host-ip') || '0.0.0.0'
  const hostPort = Number(arg(argv, '-host-port'))
  const ip = arg(argv, '-container-ip')
  const port = Number(arg(argv, '-container-port'))
  const s = yield* socket(AF_INET, SOCK_STREAM)
  const b = yield* bind(s, { family: 'inet', addr: hostIp, port: hostPort })
  if (b < 0) {
    yield* err(`listen tcp4 ${hostIp}:${hostPort}: bind: ${strerror(-b).toLowerCase()}\n`)
    return 1
  }
  yield* listen(s, 128)
  for (;;) {
    const c = yield* accept(s)
    if (c < 0) continue
    yield* fork(function* () {
      yield* close(s)
      const up = yield* socket(AF_INET, SOCK_STREAM)
      if ((yield* connect(up, { family: 'inet', addr: ip, port })) < 0) return yield* exit(1)
      yield* fork(() => pump(c, up))
      return yield* pump(up, c)
    })
    yield* close(c)
    while (true) {
      const w = yield* wait4(-1, WNOHANG)
      if (typeof w !== 'object' || w.pid <= 0) break
    }
  }
}
