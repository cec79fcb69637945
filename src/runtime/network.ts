// Docker's default bridge network (libnetwork's bridge driver): docker0 with
// 172.17.0.1/16 on the host; per container a veth pair, one end enslaved to
// docker0, the other moved into the container's network namespace as eth0
// with its 172.17.0.x address. Done with rtnetlink requests (kernel ns/rtnl.ts).
import type { RtnlReq } from '../../kernel-sim/abi/index.ts'
import { rtnl, type Sys } from '../libc/index.ts'
import { tellDaemon } from './protocol.ts'

export const BRIDGE = 'docker0'
export const GATEWAY = '172.17.0.1'

const failed = (r: unknown) => typeof r === 'number' && r < 0

/** dockerd start-up: docker0 up with the gateway address (EEXIST when it already exists is fine). */
export function* setupBridge(): Sys<void> {
  yield* makeBridge(BRIDGE, `${GATEWAY}/16`)
}

/** A Linux bridge on the host, up, with the network's gateway address (ip link add type bridge). */
export function* makeBridge(name: string, gatewayCidr: string): Sys<number> {
  const r = yield* rtnl({ op: 'newlink', name, kind: 'bridge' })
  if (failed(r)) return r as number
  yield* rtnl({ op: 'newaddr', name, cidr: gatewayCidr })
  yield* rtnl({ op: 'setlink', name, up: true })
  return 0
}

/**
 * Container side (runc init, still with CAP_NET_ADMIN): lo up; in bridge mode
 * the veth pair is made here (so the inner end can be eth0 while the host has
 * its own eth0), addressed, and its outer end moved to the host's namespace.
 */
export function* configureInside(id: string, ip: string, hostNetFd: number, prefix = 16, gateway = GATEWAY): Sys<number> {
  let r = yield* rtnl({ op: 'setlink', name: 'lo', up: true })
  if (failed(r) || !ip) return failed(r) ? (r as number) : 0
  const host = hostVeth(id)
  const reqs: RtnlReq[] = [
    { op: 'newlink', name: 'eth0', kind: 'veth', peer: host },
    { op: 'newaddr', name: 'eth0', cidr: `${ip}/${prefix}` },
    { op: 'setlink', name: 'eth0', up: true },
    { op: 'setlink', name: host, netnsFd: hostNetFd },
  ]
  for (const req of reqs) {
    r = yield* rtnl(req)
    if (failed(r)) return r as number
  }
  // `default via <gateway> dev eth0`, as libnetwork sets it; none on an --internal network (no gateway given).
  // Best effort: a kernel without RTM_NEWROUTE (or one already set) leaves the connected route only.
  if (gateway) yield* rtnl({ op: 'newroute', via: gateway, dev: 'eth0' })
  return 0
}

/**
 * Host side once the container runs: its veth end joins its network's bridge
 * (docker0 or br-<id>) and goes up. On a user-defined network dockerd then
 * starts the container's embedded DNS server (127.0.0.11) before the container
 * goes on, so its first name lookup finds it.
 */
export function* plugHost(id: string, bridge = BRIDGE, pid = 0): Sys<number> {
  const r = yield* rtnl({ op: 'setlink', name: hostVeth(id), master: bridge, up: true })
  if (failed(r)) return r as number
  if (bridge !== BRIDGE && pid > 0) yield* tellDaemon({ op: 'network.sandbox', id, pid })
  return 0
}

export const hostVeth = (id: string) => `veth${id.slice(0, 7)}`
