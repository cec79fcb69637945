// Docker's default bridge network (libnetwork's bridge driver): docker0 with
// 172.17.0.1/16 on the host; per container a veth pair, one end enslaved to
// docker0, the other moved into the container's network namespace as eth0
// with its 172.17.0.x address. Done with rtnetlink requests (kernel ns/rtnl.ts).
import type { SysName } from '../../kernel-sim/abi/index.ts'
import type { Sys } from '../libc/index.ts'

export const BRIDGE = 'docker0'
export const GATEWAY = '172.17.0.1'

type RtnlReq = Record<string, unknown>
function* rtnl(req: RtnlReq): Sys<unknown> {
  return yield { nr: 'rtnl' as SysName, args: [req] }
}
const failed = (r: unknown) => typeof r === 'number' && r < 0

/** dockerd start-up: docker0 up with the gateway address (EEXIST when it already exists is fine). */
export function* setupBridge(): Sys<void> {
  const r = yield* rtnl({ op: 'newlink', name: BRIDGE, kind: 'bridge' })
  if (failed(r)) return
  yield* rtnl({ op: 'newaddr', name: BRIDGE, cidr: `${GATEWAY}/16` })
  yield* rtnl({ op: 'setlink', name: BRIDGE, up: true })
}

/**
 * Container side (runc init, still with CAP_NET_ADMIN): lo up; in bridge mode
 * the veth pair is made here (so the inner end can be eth0 while the host has
 * its own eth0), addressed, and its outer end moved to the host's namespace.
 */
export function* configureInside(id: string, ip: string, hostNetFd: number): Sys<number> {
  let r = yield* rtnl({ op: 'setlink', name: 'lo', up: true })
  if (failed(r) || !ip) return failed(r) ? (r as number) : 0
  const host = hostVeth(id)
  for (const req of [
    { op: 'newlink', name: 'eth0', kind: 'veth', peer: host },
    { op: 'newaddr', name: 'eth0', cidr: `${ip}/16` },
    { op: 'setlink', name: 'eth0', up: true },
    { op: 'setlink', name: host, netnsFd: hostNetFd },
  ]) {
    r = yield* rtnl(req)
    if (failed(r)) return r as number
  }
  return 0
}

/** Host side once the container runs: its veth end joins docker0 and goes up. */
export function* plugHost(id: string): Sys<number> {
  const r = yield* rtnl({ op: 'setlink', name: hostVeth(id), master: BRIDGE, up: true })
  return failed(r) ? (r as number) : 0
}

export const hostVeth = (id: string) => `veth${id.slice(0, 7)}`
