// libnetwork IPAM's address bitmap (bitseq), kept by dockerd per network so
// that `docker run` finds the lowest free address without looking at every
// container. Each held address remembers its endpoint; an entry counts only
// while that endpoint still has the address (the endpoint records stay the
// truth: release sites only lower the next-free hint, and an entry whose
// endpoint let go of its address is dropped when met).
import { intToIp, ipToInt, parseCidr, type Endpoint, type Network } from './networks.ts'
import type { Container } from './store.ts'

interface Holder { c: Container; ep: Endpoint }

/** The containers a holder must still be in (dockerd's table). */
export interface IpamOwner { readonly containers: ReadonlyMap<string, Container> }

interface Pool {
  held: Map<number, Holder>
  /** Every host address below this one was held when last looked at (bitseq's "curr"). */
  floor: number
}

export class Ipam {
  /** By network id (a network created again under the same name starts afresh). */
  private pools = new Map<string, Pool>()

  private pool(netId: string): Pool {
    let p = this.pools.get(netId)
    if (!p) this.pools.set(netId, (p = { held: new Map(), floor: 0 }))
    return p
  }

  /** `ep` of `c` now has its address (ep.ip): mark it held. */
  hold(c: Container, ep: Endpoint): void {
    const a = ipToInt(ep.ip)
    if (a >= 0) this.pool(ep.networkId).held.set(a, { c, ep })
  }

  /** The address of `ep` is about to be let go (container stopped or removed, endpoint gone): the search starts below it again. */
  releasing(ep: Endpoint): void {
    const a = ipToInt(ep.ip), p = this.pools.get(ep.networkId)
    if (p && a >= 0 && a < p.floor) p.floor = a
  }

  /** Is `ip` held in `n` by a container other than `except`? */
  isHeld(d: IpamOwner, n: Network, ip: string, except = ''): boolean {
    const a = ipToInt(ip)
    return a >= 0 && this.holder(d, n.id, a, except) !== undefined
  }

  /** The lowest free host address after the gateway, or '' (libnetwork's default, non-serial allocation). */
  lowestFree(d: IpamOwner, n: Network, except = ''): string {
    const cidr = parseCidr(n.subnet)
    if (!cidr) return ''
    const p = this.pool(n.id)
    const first = cidr.base + 1, end = cidr.base + 2 ** (32 - cidr.bits) - 1 // network and broadcast addresses excluded
    const gw = ipToInt(n.gateway)
    // The hint holds only for searches that exclude nobody (docker start may reuse its own address).
    let a = except ? first : Math.max(first, p.floor)
    for (; a < end; a++) {
      if (a === gw || this.holder(d, n.id, a, except)) continue
      if (!except) p.floor = a
      return intToIp(a)
    }
    return ''
  }

  /** The valid holder of address `a`, dropping a stale entry. */
  private holder(d: IpamOwner, netId: string, a: number, except: string): Holder | undefined {
    const p = this.pools.get(netId)
    const h = p?.held.get(a)
    if (!h) return undefined
    const live = d.containers.get(h.c.id) === h.c && h.ep.networkId === netId && ipToInt(h.ep.ip) === a && (h.c.endpoints ?? []).includes(h.ep)
    if (!live) {
      p!.held.delete(a)
      return undefined
    }
    return h.c.id === except ? undefined : h
  }
}
