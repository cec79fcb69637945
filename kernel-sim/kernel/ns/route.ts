// Where an IPv4 packet goes (ip-route(8), veth(4), bridge): to this namespace
// if the address is local (loopback needs lo up), across a veth pair (or a
// bridge the veth is enslaved to) into the namespace that owns the address, or
// along the default route (routes.ts): through the gateway's namespace (a
// container's 172.17.0.1 is the host's docker0) and finally out of the
// machine's uplink eth0 to the world outside (net/remote.ts).
// SIMPLIFICATION: connected subnets plus one default route per namespace; no
// ARP, no ip_forward or iptables: every namespace with a default route forwards
// and masquerades, as Docker sets up the host.
// SIMPLIFICATION: no conntrack. On Linux each NATed connection is also a
// conntrack entry (nf_conntrack_max, 262144 on a large host, after which SYNs
// are dropped and connect(2) times out) and takes a source port of the host's
// address; here a container's connection costs only its own namespace's port.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { devicesOf, loUp } from './net.ts'
import { defaultRoute } from './routes.ts'
import { isolatedBetweenBridges } from './bridge-isolation.ts'
import type { NetDev } from './types.ts'
import { INIT_INO } from './core.ts'

/** routeTo's answer for an address beyond the machine's uplink: not a namespace (inode numbers are > 0). */
export const OUTSIDE = 0
/** Namespaces a packet may cross before Linux's TTL would have run out (a routing loop). */
const MAX_HOPS = 8

const isLoopback = (a: string) => a === 'localhost' || a.startsWith('127.')

export function ipToInt(a: string): number {
  const p = a.split('.').map(Number)
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return -1
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0
}

function inSubnet(cidr: string, addr: string): boolean {
  const [net, len] = cidr.split('/') as [string, string]
  const bits = Number(len)
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return (ipToInt(net) & mask) === (ipToInt(addr) & mask)
}

const hasAddr = (d: NetDev, addr: string) => d.up && d.addrs.some((c) => c.split('/')[0] === addr)

/** bind(2): 0.0.0.0, or an address assigned to an up device of the namespace (else EADDRNOTAVAIL). */
export function bindableAddr(k: Kernel, ns: number, addr: string): boolean {
  if (addr === '0.0.0.0') return true
  if (isLoopback(addr)) return loUp(k, ns)
  return devicesOf(k, ns).some((d) => hasAddr(d, addr))
}

/** What a lookup found: the receiving namespace (or OUTSIDE) or -errno, and the source address a socket gets. */
export interface RouteResult {
  target: number
  /** The local address of the egress device in the caller's namespace ('' when the target is this namespace's loopback). */
  src: string
}

/** The route of a connection from namespace `ns` to `addr` (net/connect.ts memoizes it). */
export function routeLookup(k: Kernel, ns: number, addr: string): RouteResult {
  return lookup(k, ns, addr)
}

function lookup(k: Kernel, ns: number, addr: string): RouteResult {
  const target = routeTo(k, ns, addr)
  return { target, src: target < 0 || isLoopback(addr) ? '' : srcAddr(k, ns, addr) }
}

/** The address a connection from `ns` to `addr` leaves from: the egress device's first address (the route's src if set). */
function srcAddr(k: Kernel, ns: number, addr: string): string {
  const devs = devicesOf(k, ns)
  if (devs.some((d) => hasAddr(d, addr))) return addr
  const d = devs.find((x) => x.up && x.addrs.some((c) => inSubnet(c, addr)))
  if (d) return d.addrs.find((c) => inSubnet(c, addr))!.split('/')[0]!
  const r = defaultRoute(k, ns)
  if (!r) return ''
  return r.route.src ?? (r.dev.addrs[0]?.split('/')[0] ?? '')
}

/** The namespace that receives a connection to `addr`, OUTSIDE, or -ENETUNREACH / -EHOSTUNREACH. */
export function routeTo(k: Kernel, ns: number, addr: string, hops = 0): number {
  if (isLoopback(addr) || addr === '0.0.0.0') return loUp(k, ns) ? ns : -E.ENETUNREACH
  if (ipToInt(addr) < 0) return -E.EINVAL
  const devs = devicesOf(k, ns)
  if (devs.some((d) => hasAddr(d, addr))) return ns
  // An up device with a connected subnet containing addr: follow its link.
  for (const d of devs) {
    if (!d.up || !d.addrs.some((c) => inSubnet(c, addr))) continue
    return linkTarget(k, ns, d, addr)
  }
  // No connected route: the default route, if any (ip-route(8) "default").
  const r = defaultRoute(k, ns)
  if (!r) return -E.ENETUNREACH
  if (isUplink(r.dev)) return OUTSIDE
  if (!r.route.via) return -E.EHOSTUNREACH // a device route on a veth: nobody answers ARP for addr
  const gw = routeTo(k, ns, r.route.via, hops + 1)
  if (gw < 0 || gw === OUTSIDE) return -E.EHOSTUNREACH
  if (gw === ns || hops >= MAX_HOPS) return -E.EHOSTUNREACH
  // The gateway's namespace forwards it (Docker's host: ip_forward=1 and MASQUERADE).
  if (isolatedBetweenBridges(k, gw, r.route.via, addr)) return -E.ETIMEDOUT // Docker's isolation chains DROP it
  return routeTo(k, gw, addr, hops + 1)
}

/** The machine's own network card (the initial namespace's eth0): a device with no simulated peer. */
const isUplink = (d: NetDev) => d.kind === 'veth' && d.peerNs === undefined

/** The up device whose connected subnet holds `gw` (a gateway must be on-link), or undefined. */
export function onLinkDev(k: Kernel, ns: number, gw: string): string | undefined {
  if (ipToInt(gw) < 0) return undefined
  return devicesOf(k, ns).find((d) => d.up && d.kind !== 'loopback' && d.addrs.some((c) => inSubnet(c, gw)))?.name
}

/**
 * What routing reads of the whole machine, valid while Kernel.netGen is unchanged
 * and no namespace record is being changed: the namespaces that hold each
 * address on an up device, and the namespaces each device reaches. A container
 * on a bridge of N others reaches them all: without it, each connect(2) walked
 * every port of the bridge and every device behind it.
 */
interface Topology {
  gen: number
  owners: Map<string, number[]> | undefined
  /** By "ns ifindex": the namespaces one hop away, in reachable()'s order, and as a set. */
  reach: Map<string, { list: number[]; set: Set<number> }>
}
const topologies = new WeakMap<Kernel, Topology>()

function topology(k: Kernel): Topology | undefined {
  if (k.draftOpen) return undefined
  let t = topologies.get(k)
  if (t?.gen !== k.netGen) topologies.set(k, (t = { gen: k.netGen, owners: undefined, reach: new Map() }))
  return t
}

/** The namespaces with `addr` on an up device, from every network namespace's devices. */
function addressOwners(k: Kernel, t: Topology, addr: string): number[] {
  if (!t.owners) {
    const owners = new Map<string, number[]>()
    const add = (ns: number, devs: NetDev[]) => {
      for (const d of devs) {
        if (!d.up) continue
        for (const c of d.addrs) {
          const a = c.split('/')[0]!
          const l = owners.get(a)
          if (!l) owners.set(a, [ns])
          else if (!l.includes(ns)) l.push(ns)
        }
      }
    }
    let init = false
    for (const rec of k.s.namespaces.values()) {
      if (rec.type !== 'net') continue
      if (rec.ino === INIT_INO.net) init = true
      add(rec.ino, devicesOf(k, rec.ino))
    }
    if (!init) add(INIT_INO.net, devicesOf(k, INIT_INO.net))
    t.owners = owners
  }
  return t.owners.get(addr) ?? []
}

/** Across device `d` of `ns`, whose connected subnet holds `addr`: the namespace that has it, or -EHOSTUNREACH. */
function linkTarget(k: Kernel, ns: number, d: NetDev, addr: string): number {
  const t = topology(k)
  if (!t) {
    for (const target of reachable(k, ns, d)) {
      if (devicesOf(k, target).some((x) => hasAddr(x, addr))) return target
    }
    return -E.EHOSTUNREACH
  }
  const key = `${ns} ${d.ifindex}`
  let r = t.reach.get(key)
  if (!r) {
    const list = reachable(k, ns, d)
    t.reach.set(key, (r = { list, set: new Set(list) }))
  }
  const owners = addressOwners(k, t, addr)
  if (owners.length === 1) return r.set.has(owners[0]!) ? owners[0]! : -E.EHOSTUNREACH
  // The same address in several namespaces: the first one reachable, in reachable()'s order.
  for (const target of r.list) if (owners.includes(target)) return target
  return -E.EHOSTUNREACH
}

/** The namespaces one hop from a device: a veth's peer, or every veth port of a bridge and their peers. */
function reachable(k: Kernel, ns: number, d: NetDev): number[] {
  const out: number[] = []
  const viaVeth = (v: NetDev) => {
    if (v.kind !== 'veth' || v.peerNs === undefined) return
    const peer = devicesOf(k, v.peerNs).find((x) => x.ifindex === v.peerIfindex)
    if (!peer?.up) return
    out.push(v.peerNs)
    // The peer may itself be a bridge port: everything on that bridge is one more hop.
    if (peer.master !== undefined) {
      for (const port of devicesOf(k, v.peerNs)) if (port.master === peer.master && port !== peer) viaVeth(port)
    }
  }
  if (d.kind === 'bridge') {
    for (const port of devicesOf(k, ns)) if (port.master === d.ifindex && port.up) viaVeth(port)
  } else viaVeth(d)
  return out
}
