// The embedded DNS server of user-defined networks (docs.docker.com/engine/network/#dns-services):
// 127.0.0.11 in each container's network namespace, answering the names of
// containers that share a user-defined network and forwarding the rest.
import { AF_INET, CLONE_NEWNET, O_CLOEXEC, O_RDONLY, SOCK_STREAM, type Program } from '../../kernel-sim/abi/index.ts'
import { accept, bind, close, exit, fork, listen, open, pipe2, read, setns, socket, writeAll, type Sys } from '../libc/index.ts'
import { query } from '../libc/netdb.ts'
import { tellDaemon } from './protocol.ts'
import { attachedTo, endpointsOf, userDefined, type NetDaemon } from './networks-table.ts'

export const DNS_ADDR = '127.0.0.11'
/** The external server the embedded DNS forwards to (Docker's fallback when the host's resolv.conf lists none). */
export const EXT_DNS = '8.8.8.8'

/**
 * The embedded DNS server for one container: a child of dockerd that joins the
 * container's network namespace and listens on 127.0.0.11:53, asking dockerd
 * for each name. Returns once it listens, so the container's first lookup finds it.
 * SIMPLIFICATION: one process per container (dockerd uses a goroutine), TCP with
 * one query line and one answer line instead of DNS messages over UDP.
 */
export function* startDns(id: string, pid: number, conn: number): Sys<number> {
  const p = yield* pipe2(O_CLOEXEC)
  if (typeof p === 'number') return -1
  const child = yield* fork(() => dnsServer(id, pid, p[1], conn))
  yield* close(p[1])
  yield* read(p[0], 1)
  yield* close(p[0])
  return child
}

function* dnsServer(id: string, pid: number, ready: number, conn: number): Program {
  if (conn >= 0) yield* close(conn)
  const fd = yield* open(`/proc/${pid}/ns/net`, O_RDONLY)
  const joined = fd >= 0 && (yield* setns(fd, CLONE_NEWNET)) === 0
  if (fd >= 0) yield* close(fd)
  const s = joined ? yield* socket(AF_INET, SOCK_STREAM) : -1
  const ok = s >= 0 && (yield* bind(s, { family: 'inet', addr: DNS_ADDR, port: 53 })) === 0 && (yield* listen(s, 64)) === 0
  yield* writeAll(ready, ok ? 'y' : 'n')
  yield* close(ready)
  if (!ok) yield* exit(1)
  for (;;) {
    const c = yield* accept(s)
    if (c < 0) continue
    let q = ''
    while (!q.includes('\n')) {
      const x = yield* read(c, 512)
      if (typeof x === 'number' || x === '') break
      q += x
    }
    const name = q.split('\n')[0]!.trim()
    const r = yield* tellDaemon({ op: 'dns.query', id, name })
    let answer = r?.t === 'ok' ? r.ip : ''
    // Not a container: forwarded to the external servers (ExtServers); none answering is SERVFAIL.
    if (!answer) answer = (yield* query(EXT_DNS, name)) ?? 'SERVFAIL'
    yield* writeAll(c, `${answer}\n`)
    yield* close(c)
  }
}

/**
 * Embedded DNS: a container name, short id or "name.network" of a running
 * container that shares a user-defined network with the asker; '' (NXDOMAIN) otherwise.
 */
export function lookupName(d: NetDaemon, askerId: string, name: string): string {
  const asker = d.containers.get(askerId)
  if (!asker) return ''
  const q = name.toLowerCase().replace(/\.$/, '')
  for (const mine of endpointsOf(asker)) {
    if (!mine.ip || !userDefined(d.networks.get(mine.network))) continue
    // "NAME" or "NAME.NETWORK": what q names without this network's suffix.
    const suffix = `.${mine.network.toLowerCase()}`
    const bare = q.endsWith(suffix) ? q.slice(0, -suffix.length) : undefined
    const names = (x: string) => {
      const l = x.toLowerCase()
      return l === q || l === bare
    }
    // Each container's name, aliases and short id, compared where they are (a lookup walks every container on the network).
    for (const a of attachedTo(d, mine.network)) {
      if (names(a.name) || (a.ep.aliases ?? []).some(names) || names(a.id.slice(0, 12))) return a.ep.ip
    }
  }
  return ''
}
