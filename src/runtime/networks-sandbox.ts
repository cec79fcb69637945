// A container's network sandbox from dockerd's side: veths into a running
// container's namespace (through setns in a child), and its addresses again
// when it starts once more.
import { CLONE_NEWNET, O_CLOEXEC, O_RDONLY, type RtnlReq } from '../../kernel-sim/abi/index.ts'
import { fork, open, rtnl, setns, wait4, WEXITSTATUS, type Sys } from '../libc/index.ts'
import { ipToInt, overlaps, parseCidr, prefixLen, type Endpoint, type Network } from './networks.ts'
import { startDns } from './networks-dns.ts'
import { bundleNet, endpointsOf, userDefined, type NetDaemon } from './networks-table.ts'
import type { Container } from './store.ts'

/**
 * The container started (docker run, or docker start again): eth0 has the
 * address the shim configured; every further network gets its veth now, as
 * libnetwork joins all of a container's endpoints when its sandbox comes up.
 */
export function* endpointsStarted(d: NetDaemon, c: Container): Sys<void> {
  const eps = endpointsOf(c)
  if (!eps.length) return
  eps[0]!.ip = c.ip
  if (c.ip) d.ipam.hold(c, eps[0]!)
  for (const ep of eps.slice(1)) {
    const n = d.networks.get(ep.network)
    if (n && !ep.ip) yield* plumb(d, n, c, ep)
  }
}

/** A veth pair for `ep`: ethN with its address inside the running container, the other end on the network's bridge. */
export function* plumb(d: NetDaemon, n: Network, c: Container, ep: Endpoint): Sys<string> {
  ep.ip = ep.requestedIp && !d.ipam.isHeld(d, n, ep.requestedIp) ? ep.requestedIp : d.ipam.lowestFree(d, n)
  if (ep.ip) d.ipam.hold(c, ep)
  const r = yield* inNetns(c.pid, function* () {
    const host = yield* open('/proc/1/ns/net', O_RDONLY | O_CLOEXEC)
    const reqs: RtnlReq[] = [
      { op: 'newlink', name: ep.iface, kind: 'veth', peer: ep.hostIface },
      { op: 'newaddr', name: ep.iface, cidr: `${ep.ip}/${prefixLen(n)}` },
      { op: 'setlink', name: ep.iface, up: true },
      { op: 'setlink', name: ep.hostIface, netnsFd: host },
    ]
    for (const req of reqs) {
      const x = yield* rtnl(req)
      if (typeof x === 'number' && x < 0) return x
    }
    return 0
  })
  if (r < 0) {
    d.ipam.releasing(ep)
    ep.ip = ''
    return `failed to add interface ${ep.hostIface} to sandbox: errno ${-r}`
  }
  yield* rtnl({ op: 'setlink', name: ep.hostIface, master: n.bridge, up: true })
  if (userDefined(n) && !d.dns.has(c.id)) d.dns.set(c.id, yield* startDns(c.id, c.pid, -1))
  return ''
}

/** Runs `body` in a child that has joined the network namespace of `pid`; its result (or -errno). */
export function* inNetns(pid: number, body: () => Sys<number>): Sys<number> {
  const child = yield* fork(function* () {
    const fd = yield* open(`/proc/${pid}/ns/net`, O_RDONLY)
    if (fd < 0) return 1
    if ((yield* setns(fd, CLONE_NEWNET)) < 0) return 1
    const r = yield* body()
    return r < 0 ? Math.min(255, -r) : 0
  })
  if (child < 0) return child
  const w = yield* wait4(child)
  const code = typeof w === 'object' ? WEXITSTATUS(w.status) : 1
  return code ? -code : 0
}

/**
 * docker start: eth0's address again for the bundle (libnetwork IPAM: the old
 * one if still free in the network, else the lowest free); the other
 * endpoints get theirs when the container is up (endpointsStarted).
 * `daemon` is dockerd's Daemon (the ops modules see it through a narrower type).
 */
export function restartAddresses(daemon: object, c: Container, b: { ip: string; bridge?: string; prefix?: number; gateway?: string }): void {
  const d = daemon as NetDaemon
  const first = endpointsOf(c)[0]
  const n = first && d.networks.get(first.network)
  if (!first || !n || n.driver !== 'bridge') return
  const sub = parseCidr(n.subnet)
  const mine = b.ip && sub && overlaps(sub, { base: ipToInt(b.ip), bits: 32 }) && b.ip !== n.gateway && !d.ipam.isHeld(d, n, b.ip, c.id)
  b.ip = mine ? b.ip : d.ipam.lowestFree(d, n, c.id)
  Object.assign(b, bundleNet(d, c))
  c.ip = b.ip
}
