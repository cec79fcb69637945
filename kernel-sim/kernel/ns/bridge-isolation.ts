// Docker's network isolation between bridges: its DOCKER-ISOLATION-STAGE-1/2
// iptables chains drop a forwarded packet that enters from one bridge network
// and would leave through another (`-i br-A ! -o br-A -j STAGE-2`, then
// `-o br-B -j DROP`). Traffic to the host's own addresses is not forwarded and
// passes (that is how published ports stay reachable from every network).
// SIMPLIFICATION: no netfilter; the rule is built in and covers every pair of
// bridges in a forwarding namespace, not only the bridges Docker created.
import type { Kernel } from '../kernel.ts'
import { devicesOf } from './net.ts'
import type { NetDev } from './types.ts'

const toInt = (a: string) => a.split('.').reduce((n, x) => ((n << 8) | Number(x)) >>> 0, 0)

function holds(d: NetDev, addr: string): boolean {
  return d.addrs.some((c) => {
    const [net, len] = c.split('/') as [string, string]
    const bits = Number(len)
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    return ((toInt(net) & mask) >>> 0) === ((toInt(addr) & mask) >>> 0)
  })
}

/**
 * Would namespace `ns` drop a packet for `addr` that reached it through its
 * gateway address `via`? True when both the ingress device (the one holding
 * `via`) and the egress device (the connected subnet of `addr`) are bridges,
 * and not the same one. The sender then sees what DROP gives: no answer (ETIMEDOUT).
 */
export function isolatedBetweenBridges(k: Kernel, ns: number, via: string, addr: string): boolean {
  const devs = devicesOf(k, ns)
  if (devs.some((d) => d.addrs.some((c) => c.split('/')[0] === addr))) return false // INPUT, not FORWARD
  const ingress = devs.find((d) => d.addrs.some((c) => c.split('/')[0] === via))
  const egress = devs.find((d) => d.up && holds(d, addr))
  return ingress?.kind === 'bridge' && egress?.kind === 'bridge' && ingress.ifindex !== egress.ifindex
}
