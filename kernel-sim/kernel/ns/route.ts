// Where an IPv4 packet goes (ip-route(8), veth(4), bridge): to this namespace
// if the address is local (loopback needs lo up), or across a veth pair (or a
// bridge the veth is enslaved to) into the namespace that owns the address.
// SIMPLIFICATION: routes are the connected subnets of up devices; no gateways, no ARP, no forwarding beyond one hop.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { devicesOf, loUp } from './net.ts'
import type { NetDev } from './types.ts'

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

/** The namespace that receives a connection to `addr`, or -ENETUNREACH / -EHOSTUNREACH. */
export function routeTo(k: Kernel, ns: number, addr: string): number {
  if (isLoopback(addr) || addr === '0.0.0.0') return loUp(k, ns) ? ns : -E.ENETUNREACH
  if (ipToInt(addr) < 0) return -E.EINVAL
  const devs = devicesOf(k, ns)
  if (devs.some((d) => hasAddr(d, addr))) return ns
  // An up device with a connected subnet containing addr: follow its link.
  for (const d of devs) {
    if (!d.up || !d.addrs.some((c) => inSubnet(c, addr))) continue
    for (const target of reachable(k, ns, d)) {
      if (devicesOf(k, target.ns).some((x) => hasAddr(x, addr))) return target.ns
    }
    return -E.EHOSTUNREACH
  }
  return -E.ENETUNREACH
}

/** The namespaces one hop from a device: a veth's peer, or every veth port of a bridge and their peers. */
function reachable(k: Kernel, ns: number, d: NetDev): { ns: number }[] {
  const out: { ns: number }[] = []
  const viaVeth = (v: NetDev) => {
    if (v.kind !== 'veth' || v.peerNs === undefined) return
    const peer = devicesOf(k, v.peerNs).find((x) => x.ifindex === v.peerIfindex)
    if (!peer?.up) return
    out.push({ ns: v.peerNs })
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
