// The docker CLI ⇄ dockerd wire over the unix socket /var/run/docker.sock:
// one JSON request line, then JSON reply lines until the daemon closes. The
// messages themselves are typed in api.ts.
import { AF_UNIX, E, SOCK_STREAM } from '../../kernel-sim/abi/index.ts'
import { close, connect, read, socket, writeAll, type Sys } from '../libc/index.ts'
import type { InputFrame, OpName, Reply, Request } from './api.ts'

export const DOCKER_SOCK = '/var/run/docker.sock'

/**
 * Reads one '\n'-terminated JSON message at a time from an fd. `T` is what the
 * peer sends (api.ts); the wire is trusted to carry it, as between dockerd and
 * its own clients (a line that is not JSON is EIO).
 */
export class MsgReader<T = unknown> {
  private buf = ''
  constructor(readonly fd: number) {}

  /** The next message, null at end of stream, or -errno. */
  *next(): Sys<T | null | number> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const line = this.buf.slice(0, nl)
        this.buf = this.buf.slice(nl + 1)
        try {
          return JSON.parse(line) as T
        } catch {
          return -E.EIO
        }
      }
      const r = yield* read(this.fd, 65536)
      if (typeof r === 'number') return r
      if (r === '') return null
      this.buf += r
    }
  }
}

/** Anything that goes on a dockerd connection, either way. */
type Wire = Request<OpName> | Reply<OpName> | InputFrame

export function* send(fd: number, m: Wire): Sys<number> {
  return yield* writeAll(fd, JSON.stringify(m) + '\n')
}

/**
 * Connects to the daemon's socket: the fd or -errno (ENOENT: docker is not
 * installed here). init holds the socket from boot and starts dockerd on the
 * first connection, as systemd's docker.socket does (src/host/init.ts).
 */
export function* dial(path = DOCKER_SOCK): Sys<number> {
  const fd = yield* socket(AF_UNIX, SOCK_STREAM)
  if (fd < 0) return fd
  const r = yield* connect(fd, { family: 'unix', path })
  if (r < 0) {
    yield* close(fd)
    return r
  }
  return fd
}

/** One request, one reply (null if the daemon is unreachable). */
export function* tellDaemon<K extends OpName>(m: Request<K>): Sys<Reply<K> | null> {
  const fd = yield* dial()
  if (fd < 0) return null
  yield* send(fd, m)
  const r = yield* new MsgReader<Reply<K>>(fd).next()
  yield* close(fd)
  return r !== null && typeof r === 'object' ? r : null
}

/** sd_listen_fds(3): passed sockets start at fd 3. */
export const SD_LISTEN_FDS_START = 3
/**
 * The connection that woke init, handed to dockerd as the next fd.
 * SIMPLIFICATION: systemd's pid 1 waits for the listening socket to become
 * readable (epoll) and never accepts; isolab's init accepts the first
 * connection itself and passes it on with the listener.
 */
export const ACTIVATING_CONN_ENV = 'ISOLAB_ACTIVATING_FD'

const CANNOT_CONNECT = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'

/** The Engine API call behind a request, for the CLI's dial error (API v1.24: version negotiation failed with the dial). */
const ENDPOINTS: Partial<Record<OpName, string>> = {
  'containers.json': 'Get /containers/json', 'container.run': 'Post /containers/create', 'container.create': 'Post /containers/create',
  'images.json': 'Get /images/json', 'image.pull': 'Post /images/create', 'version': 'Get /version', 'info': 'Get /info',
  'container.exec': 'Post /containers/exec', 'network.list': 'Get /networks', 'volume.list': 'Get /volumes',
}

/** What the docker CLI prints when it cannot reach dockerd (docker/cli: "permission denied while trying to connect ..."). */
export function dialError(errno: number, op: OpName): string {
  if (errno !== -E.EACCES) return CANNOT_CONNECT
  const [method, path] = (ENDPOINTS[op] ?? 'Get /_ping').split(' ')
  const url = `http://%2Fvar%2Frun%2Fdocker.sock/v1.24${path}`
  return `Got permission denied while trying to connect to the Docker daemon socket at unix://${DOCKER_SOCK}: ${method} "${url}": dial unix ${DOCKER_SOCK}: connect: permission denied\n`
}

