// Published host ports (-p HOST:CONTAINER) belong to one running container at a
// time: libnetwork's port allocator (portallocator.go) refuses a second
// allocation with "Bind for 0.0.0.0:8080 failed: port is already allocated",
// which the bridge driver wraps as "driver failed programming external
// connectivity on endpoint NAME (ENDPOINT-ID): ..." when the container starts.
// `docker run` leaves the container Created (removed with --rm, as moby's
// containerStart cleans up an AutoRemove container); `docker start` fails.
// Publications on two different host addresses do not conflict.
// SIMPLIFICATION: only other containers' publications are checked (not host
// processes already listening: their docker-proxy bind fails silently), and the
// kernel has one port space per network namespace (net/socket.ts), so a second
// container on the same port but another address gets no working proxy.
import { getrandom, type Sys } from '../../libc/index.ts'
import type { ErrorReply } from '../api.ts'
import { hostIpOf, type ContainerSpec, type PortMap } from '../spec.ts'
import type { Container } from '../store.ts'
import type { DaemonApi } from './types.ts'

/** Two host addresses overlap when equal or when either is 0.0.0.0 (every address). */
const overlaps = (a: string, b: string) => a === b || a === '0.0.0.0' || b === '0.0.0.0'

/** The first of `spec`'s publications whose host port a running container (other than `self`) already holds. */
export function allocatedPort(d: DaemonApi, spec: ContainerSpec, self = ''): PortMap | undefined {
  for (const p of spec.ports) {
    for (const c of d.containers.values()) {
      if (c.id === self || c.status !== 'running') continue
      if (c.spec.ports.some((q) => q.hostPort === p.hostPort && q.proto === p.proto && overlaps(hostIpOf(q), hostIpOf(p)))) return p
    }
  }
  return undefined
}

function* endpointId(c: Container): Sys<string> {
  const known = c.endpoints?.[0]?.endpointId
  if (known) return known
  const b = yield* getrandom(32)
  let s = ''
  for (let i = 0; i < b.length; i++) s += b.charCodeAt(i).toString(16).padStart(2, '0')
  return s
}

/** Answers libnetwork's port allocator error for `port` on `c`'s endpoint. */
export function* refusePort(reply: (r: ErrorReply) => Sys<number>, c: Container, port: PortMap): Sys<void> {
  const error = `driver failed programming external connectivity on endpoint ${c.name} (${yield* endpointId(c)}): ` +
    `Bind for ${hostIpOf(port)}:${port.hostPort} failed: port is already allocated`
  yield* reply({ t: 'error', error, code: 125 })
}

/** docker start: true after answering the allocator's error when one of the container's host ports is taken. */
export function* startRefusedForPort(d: DaemonApi, c: Container, reply: (r: ErrorReply) => Sys<number>): Sys<boolean> {
  const port = allocatedPort(d, c.spec, c.id)
  if (port === undefined) return false
  yield* refusePort(reply, c, port)
  return true
}
