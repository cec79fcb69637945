// dockerd's network table as the other network modules see it: the daemon's
// fields they use, lookups by name or id, and who is attached where.
import type { Sys } from '../libc/index.ts'
import type { Ipam } from './ipam.ts'
import { prefixLen, type Attached, type Endpoint, type Network } from './networks.ts'
import type { Container } from './store.ts'

export interface NetDaemon {
  readonly containers: Map<string, Container>
  readonly networks: Map<string, Network>
  /** Container id → pid of the process serving its embedded DNS. */
  readonly dns: Map<string, number>
  /** Which addresses of each network are held (libnetwork IPAM). */
  readonly ipam: Ipam
  hex(bytes: number): Sys<string>
}

/** A network by name, full id or unique id prefix (as the Engine resolves them). */
export function findNetwork(d: NetDaemon, ref: string): Network | undefined {
  const byName = d.networks.get(ref)
  if (byName) return byName
  const hits = [...d.networks.values()].filter((n) => ref.length > 0 && n.id.startsWith(ref))
  return hits.length === 1 ? hits[0] : undefined
}

export const endpointsOf = (c: Container): Endpoint[] => c.endpoints ?? []

/** Running containers with an endpoint on `net` (active endpoints; on host and none without an address). */
export function attachedTo(d: NetDaemon, net: string): Attached[] {
  const out: Attached[] = []
  for (const c of d.containers.values()) {
    if (c.status !== 'running') continue
    for (const ep of endpointsOf(c)) if (ep.network === net) out.push({ id: c.id, name: c.name, ep })
  }
  return out
}

export const userDefined = (n: Network | undefined) => n !== undefined && !n.predefined

export const endpointBase = (n: Network) => ({ network: n.name, networkId: n.id, gateway: n.gateway, prefix: prefixLen(n), userDefined: userDefined(n) })

/** What the shim needs for eth0: the bridge to plug into and the prefix length. */
export function bundleNet(d: NetDaemon, c: Container): { bridge: string; prefix: number; gateway: string } {
  const n = d.networks.get(endpointsOf(c)[0]?.network ?? '')
  return { bridge: n?.bridge || 'docker0', prefix: n ? prefixLen(n) : 16, gateway: n && !n.internal ? n.gateway : '' }
}
