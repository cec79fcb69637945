// The docker CLI ⇄ dockerd protocol over the unix socket /var/run/docker.sock:
// one JSON request line, then JSON reply lines until the daemon closes.
// SIMPLIFICATION: not the Engine API's HTTP/1.1; the operations are named after
// its endpoints ("POST /containers/create") so the mapping stays visible.
import { AF_UNIX, E, O_RDONLY, SOCK_STREAM } from '../../kernel-sim/abi/index.ts'
import { close, connect, dup2, execve, fork, nanosleep, open, read, setsid, socket, stat, wait4, writeAll, type Sys } from '../libc/index.ts'

export const DOCKER_SOCK = '/var/run/docker.sock'

/** A message on the wire: requests carry `op`; replies carry `t` (type). */
export type Msg = Record<string, unknown>

/** Reads one '\n'-terminated JSON message at a time from an fd. */
export class MsgReader {
  private buf = ''
  constructor(readonly fd: number) {}

  /** The next message, null at end of stream, or -errno. */
  *next(): Sys<Msg | null | number> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const line = this.buf.slice(0, nl)
        this.buf = this.buf.slice(nl + 1)
        try {
          return JSON.parse(line) as Msg
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

export function* send(fd: number, m: Msg): Sys<number> {
  return yield* writeAll(fd, JSON.stringify(m) + '\n')
}

/** Connects to the daemon's socket; the fd or -errno (ENOENT: no daemon yet). */
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
export function* tellDaemon(m: Msg): Sys<Msg | null> {
  const fd = yield* dial()
  if (fd < 0) return null
  yield* send(fd, m)
  const r = yield* new MsgReader(fd).next()
  yield* close(fd)
  return r !== null && typeof r === 'object' ? r : null
}

export const DOCKERD_PATH = '/usr/bin/dockerd'
export const CANNOT_CONNECT = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'

/**
 * Connects, starting dockerd on first use (as systemd's docker.socket
 * activates docker.service): fd or -errno. The daemon is double-forked into
 * its own session, so its parent is init.
 */
export function* connectDaemon(): Sys<number> {
  let fd = yield* dial()
  if (fd !== -E.ENOENT && fd !== -E.ECONNREFUSED) return fd
  // Socket activation only where the daemon is installed (not inside a container's rootfs).
  if (typeof (yield* stat(DOCKERD_PATH)) === 'number') return fd
  const mid = yield* fork(function* () {
    yield* setsid()
    yield* fork(function* () {
      const devnull = yield* open('/dev/null', O_RDONLY)
      for (let i = 0; i < 3; i++) yield* dup2(devnull, i)
      yield* close(devnull)
      yield* execve(DOCKERD_PATH, ['/usr/bin/dockerd'], ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'])
      return 127
    })
    return 0
  })
  if (mid > 0) yield* wait4(mid)
  for (let i = 0; i < 100; i++) {
    fd = yield* dial()
    if (fd >= 0) return fd
    yield* nanosleep(10_000_000)
  }
  return fd
}
