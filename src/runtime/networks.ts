// dockerd's network records (libnetwork): the three predefined networks
// (bridge → docker0 172.17.0.0/16, host, none) and user-defined bridge
// networks, each with its own Linux bridge "br-<12 hex of the id>" and a
// subnet from the default address pools (172.17.0.0/16 … 172.31.0.0/16 as
// /16s, then 192.168.0.0/16 as /20s — moby's ipamutils defaults). Pure data:
// the syscalls that make bridges and veths live in network.ts.
import { rfc3339 } from './format.ts'

export interface Network {
  id: string
  name: string
  /** libnetwork driver: bridge, host or null (none). */
  driver: 'bridge' | 'host' | 'null'
  /** "172.18.0.0/16"; '' for host and none. */
  subnet: string
  gateway: string
  /** The host's Linux bridge: docker0 or br-<12hex>. */
  bridge: string
  internal: boolean
  createdNs: number
  predefined: boolean
  /** --subnet was given (only then may endpoints ask for an address: --ip). */
  userSubnet?: boolean
}

/** One container's attachment to one network (NetworkSettings.Networks.<name>). */
export interface Endpoint {
  network: string
  /** Copied from the network (inspect needs them without the network table). */
  networkId: string
  gateway: string
  prefix: number
  userDefined: boolean
  endpointId: string
  /** '' while the container is not running (no endpoint in the sandbox). */
  ip: string
  /** The interface in the container: eth0, eth1, … */
  iface: string
  /** The outer veth end on the host. */
  hostIface: string
  /** --ip of docker network connect; --alias names (answered by the embedded DNS as well). */
  requestedIp?: string
  aliases?: string[]
}

// Fixed ids for the predefined networks (real daemons draw them at first start).
export const PREDEFINED: Network[] = [
  { id: '7a1e2b3c4d5e' + 'f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3', name: 'bridge', driver: 'bridge', subnet: '172.17.0.0/16', gateway: '172.17.0.1', bridge: 'docker0', internal: false, createdNs: 0, predefined: true },
  { id: '9f8e7d6c5b4a' + '3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c', name: 'host', driver: 'host', subnet: '', gateway: '', bridge: '', internal: false, createdNs: 0, predefined: true },
  { id: '1a2b3c4d5e6f' + '7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d', name: 'none', driver: 'null', subnet: '', gateway: '', bridge: '', internal: false, createdNs: 0, predefined: true },
]

export function ipToInt(a: string): number {
  const p = a.split('.')
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return -1
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0
}
export const intToIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
const mask = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0)

export interface Cidr { base: number; bits: number }

/** Go's net.ParseCIDR (IPv4 only); the network address (host bits cleared), or null. */
export function parseCidr(s: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s)
  if (!m || Number(m[2]) > 32) return null
  const ip = ipToInt(m[1]!)
  if (ip < 0) return null
  const bits = Number(m[2])
  return { base: (ip & mask(bits)) >>> 0, bits }
}
export const cidrText = (c: Cidr) => `${intToIp(c.base)}/${c.bits}`

export function overlaps(a: Cidr, b: Cidr): boolean {
  const bits = Math.min(a.bits, b.bits)
  return ((a.base & mask(bits)) >>> 0) === ((b.base & mask(bits)) >>> 0)
}

/** The default address pools in order: 172.17–31.0.0/16, then 192.168.0.0/20 … 192.168.240.0/20. */
function* defaultPools(): Generator<Cidr> {
  for (let b = 17; b <= 31; b++) yield { base: ipToInt(`172.${b}.0.0`), bits: 16 }
  for (let c = 0; c < 256; c += 16) yield { base: ipToInt(`192.168.${c}.0`), bits: 20 }
}

/** The first default pool that overlaps no network's subnet, or null (pools exhausted). */
export function pickPool(nets: Iterable<Network>): Cidr | null {
  const used = [...nets].map((n) => parseCidr(n.subnet)).filter((c): c is Cidr => c !== null)
  for (const p of defaultPools()) if (!used.some((u) => overlaps(u, p))) return p
  return null
}

/** libnetwork IPAM: the lowest free host address after the gateway (.1), or ''. */
export function allocAddress(net: Network, used: ReadonlySet<string>): string {
  const c = parseCidr(net.subnet)
  if (!c) return ''
  const size = 2 ** (32 - c.bits)
  for (let i = 1; i < size - 1; i++) {
    const ip = intToIp(c.base + i)
    if (ip !== net.gateway && !used.has(ip)) return ip
  }
  return ''
}

export const prefixLen = (net: Network) => Number(net.subnet.split('/')[1] ?? 0)

/** The classic bridge-driver MAC: 02:42 followed by the IPv4 address. */
export const macOf = (ip: string) =>
  ip ? '02:42:' + ip.split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join(':') : ''

/** fvbommel/sortorder's NaturalLess, which the CLI sorts names with: digit runs compare as numbers ("n2" < "n10"). */
export function naturalLess(a: string, b: string): boolean {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? []
  const x = chunks(a), y = chunks(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!, q = y[i]!
    if (p === q) continue
    const digits = /^\d/.test(p) && /^\d/.test(q)
    if (digits && Number(p) !== Number(q)) return Number(p) < Number(q)
    if (digits) return p.length < q.length // equal values: fewer leading zeros first
    return p < q
  }
  return x.length < y.length
}

/** `docker network ls`: sorted by name (the CLI sorts, naturally), 12-hex ids. */
export function lsRows(nets: Iterable<Network>, noTrunc = false): string[][] {
  return [...nets].sort((a, b) => (naturalLess(a.name, b.name) ? -1 : naturalLess(b.name, a.name) ? 1 : 0))
    .map((n) => [noTrunc ? n.id : n.id.slice(0, 12), n.name, n.driver, 'local'])
}

export interface Attached { id: string; name: string; ep: Endpoint }

/** `docker network inspect` (one element), fields in the Engine API's order. */
export function networkJson(n: Network, attached: readonly Attached[]): unknown {
  const defaultBridge = n.name === 'bridge'
  return {
    Name: n.name,
    Id: n.id,
    Created: rfc3339(n.createdNs),
    Scope: 'local',
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: n.predefined ? null : {},
      Config: n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : [],
    },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(attached.map((a) => [a.id, {
      Name: a.name, EndpointID: a.ep.endpointId, MacAddress: macOf(a.ep.ip),
      IPv4Address: a.ep.ip ? `${a.ep.ip}/${prefixLen(n)}` : '', IPv6Address: '',
    }])),
    Options: defaultBridge
      ? {
        'com.docker.network.bridge.default_bridge': 'true',
        'com.docker.network.bridge.enable_icc': 'true',
        'com.docker.network.bridge.enable_ip_masquerade': 'true',
        'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
        'com.docker.network.bridge.name': 'docker0',
        'com.docker.network.driver.mtu': '1500',
      }
      : {},
    Labels: {},
  }
}

/** NetworkSettings.Networks.<name> of `docker inspect` (EndpointSettings). */
export function endpointJson(ep: Endpoint, containerName: string, shortId: string): unknown {
  const up = ep.ip !== ''
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: ep.aliases ?? null,
    MacAddress: macOf(ep.ip),
    DriverOpts: null,
    NetworkID: ep.networkId,
    EndpointID: up ? ep.endpointId : '',
    Gateway: up ? ep.gateway : '',
    IPAddress: ep.ip,
    IPPrefixLen: up ? ep.prefix : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: ep.userDefined ? [containerName, ...(ep.aliases ?? []), shortId] : null,
  }
}

/**
 * `docker inspect` NetworkSettings: the top-level address fields describe the
 * default bridge only (empty on user-defined networks, as in the Engine API);
 * Networks has one EndpointSettings per connected network.
 */
export function networkSettings(c: { id: string; name: string; endpoints?: Endpoint[]; spec: { ports: { hostPort: number; containerPort: number; proto: string; hostIp?: string }[] } }): unknown {
  const eps = c.endpoints ?? []
  const def = eps.find((e) => e.network === 'bridge' && e.ip)
  const ports = Object.fromEntries(c.spec.ports.map((p) => [`${p.containerPort}/${p.proto}`, [{ HostIp: p.hostIp ?? '0.0.0.0', HostPort: String(p.hostPort) }]]))
  return {
    Ports: ports,
    EndpointID: def?.endpointId ?? '',
    Gateway: def ? '172.17.0.1' : '',
    IPAddress: def?.ip ?? '',
    IPPrefixLen: def ? 16 : 0,
    MacAddress: macOf(def?.ip ?? ''),
    Networks: Object.fromEntries(eps.map((e) => [e.network, endpointJson(e, c.name, c.id.slice(0, 12))])),
  }
}
