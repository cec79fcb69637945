// libnetwork's address management as data (src/runtime/networks.ts): Go's
// net.ParseCIDR for --subnet, the default address pools (moby ipamutils:
// 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/16 split into /20s), the
// lowest free address after the gateway, and the CLI's natural name order.
import { describe, expect, it } from 'vitest'
import { allocAddress, cidrText, lsRows, macOf, naturalLess, overlaps, parseCidr, pickPool, PREDEFINED, type Network } from '../../src/runtime/networks.ts'

const net = (name: string, subnet: string): Network => ({ ...PREDEFINED[0]!, name, subnet, gateway: '', predefined: false, bridge: '' })

describe('networks: IPAM', () => {
  it('parseCidr accepts what net.ParseCIDR accepts (host bits cleared) and rejects the rest', () => {
    expect(cidrText(parseCidr('10.5.0.0/24')!)).toBe('10.5.0.0/24')
    expect(cidrText(parseCidr('172.20.3.4/16')!)).toBe('172.20.0.0/16')
    for (const bad of ['foo', '10.0.0.0', '10.0.0.0/33', '10.0.0.300/8', '10.0.0/8', '1.2.3.4/-1', '']) expect(parseCidr(bad)).toBeNull()
  })

  it('overlap: either prefix contains the other', () => {
    expect(overlaps(parseCidr('172.18.0.0/16')!, parseCidr('172.18.5.0/24')!)).toBe(true)
    expect(overlaps(parseCidr('10.0.0.0/8')!, parseCidr('10.200.0.0/16')!)).toBe(true)
    expect(overlaps(parseCidr('172.18.0.0/16')!, parseCidr('172.19.0.0/16')!)).toBe(false)
  })

  it('pools: the first /16 of 172.17–31 no network overlaps, then 192.168.x.0/20', () => {
    expect(cidrText(pickPool(PREDEFINED)!)).toBe('172.18.0.0/16')
    expect(cidrText(pickPool([...PREDEFINED, net('a', '172.18.0.0/16'), net('b', '172.19.128.0/24')])!)).toBe('172.20.0.0/16')
    const all = Array.from({ length: 15 }, (_, i) => net(`n${i}`, `172.${17 + i}.0.0/16`))
    expect(cidrText(pickPool(all)!)).toBe('192.168.0.0/20')
    expect(cidrText(pickPool([...all, net('x', '192.168.0.0/16')]) ?? { base: 0, bits: 0 })).toBe('0.0.0.0/0')
  })

  it('addresses: the lowest free one after the gateway; none left in a full /30', () => {
    const n = { ...net('a', '10.5.0.0/24'), gateway: '10.5.0.1' }
    expect(allocAddress(n, new Set())).toBe('10.5.0.2')
    expect(allocAddress(n, new Set(['10.5.0.2', '10.5.0.4']))).toBe('10.5.0.3')
    expect(allocAddress({ ...net('t', '10.6.0.0/30'), gateway: '10.6.0.1' }, new Set(['10.6.0.2']))).toBe('')
    expect(macOf('172.18.0.2')).toBe('02:42:ac:12:00:02')
  })

  it('ls order: natural, as the CLI sorts names (n2 before n10)', () => {
    expect(naturalLess('n2', 'n10')).toBe(true)
    expect(naturalLess('n10', 'n2')).toBe(false)
    expect(lsRows([...PREDEFINED, net('n10', ''), net('n2', ''), net('app', '')]).map((r) => r[1])).toEqual(['app', 'bridge', 'host', 'n2', 'n10', 'none'])
  })
})
