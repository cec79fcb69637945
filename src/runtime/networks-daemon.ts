// dockerd's side of networks: `docker network create/ls/inspect/rm/connect/
// disconnect`, endpoints (an address and a veth per container and network),
// and the embedded DNS server of user-defined networks (127.0.0.11 in each
// container's network namespace, answering container names of shared networks).
// Error texts are the Engine's ("network X not found", "network with name X
// already exists", "... has active endpoints", libnetwork IPAM's overlap error).
import { CLOCK_REALTIME, SIG } from '../../kernel-sim/abi/index.ts'
import { clockGettime, kill, rtnl, type Sys } from '../libc/index.ts'
import type { Request } from './api.ts'
import type { Handlers } from './ops/types.ts'
import {
  allocAddress, cidrText, ipToInt, lsRows, networkJson, overlaps, parseCidr, pickPool, type Endpoint, type Network,
} from './networks.ts'
import { hostVeth, makeBridge } from './network.ts'
import { lookupName, startDns } from './networks-dns.ts'
import { inNetns, plumb } from './networks-sandbox.ts'
import {
  attachedTo, endpointBase, endpointsOf, findNetwork, type NetDaemon,
} from './networks-table.ts'
import { findContainer, type Container } from './store.ts'

// The other modules' names dockerd (daemon.ts, ops/) takes from here.
export { DNS_ADDR } from './networks-dns.ts'
export { endpointsStarted, restartAddresses } from './networks-sandbox.ts'
export { bundleNet, type NetDaemon } from './networks-table.ts'

/** docker run/create: the container's first endpoint (eth0); an error text for an unknown network. */
export function* attachOnCreate(d: NetDaemon, c: Container, mode: string): Sys<string> {
  const n = findNetwork(d, mode)
  if (!n) return `network ${mode} not found`
  const ip = c.spec.ip ?? '', aliases = c.spec.networkAliases ?? []
  if (n.predefined && ip) return 'user specified IP address is supported on user defined networks only'
  if (n.predefined && aliases.length) return 'network-scoped alias is supported only for containers in user defined networks'
  const bad = ip ? requestedIpError(d, n, ip) : ''
  if (bad) return bad
  const ep: Endpoint = { ...endpointBase(n), endpointId: yield* d.hex(32), ip: '', iface: 'eth0', hostIface: hostVeth(c.id) }
  if (aliases.length) ep.aliases = aliases
  if (ip) ep.requestedIp = ip
  if (n.driver === 'bridge') ep.ip = ip || d.ipam.lowestFree(d, n)
  c.endpoints = [ep]
  if (ep.ip) d.ipam.hold(c, ep) // created containers keep their address reserved
  c.ip = ep.ip
  return ''
}


/** The container stopped: its endpoints go (addresses freed) and its DNS server with them. */
export function* releaseEndpoints(d: NetDaemon, c: Container): Sys<void> {
  for (const ep of endpointsOf(c)) {
    d.ipam.releasing(ep)
    ep.ip = ''
  }
  const pid = d.dns.get(c.id)
  if (pid !== undefined) {
    d.dns.delete(c.id)
    yield* kill(pid, SIG.SIGKILL)
  }
}

type NetOp = 'network.list' | 'network.prune' | 'network.inspect' | 'network.create' | 'network.rm' | 'network.connect' | 'network.disconnect' | 'network.sandbox' | 'dns.query'

/** How a connect or disconnect changes the container's endpoints: '' or the Engine's error. */
function* attachment(d: NetDaemon, m: Request<'network.connect' | 'network.disconnect'>, connecting: boolean): Sys<string> {
  const n = findNetwork(d, m.net)
  const c = findContainer(d.containers.values(), m.ref)
  if (!n) return `network ${m.net} not found`
  if (!c) return `No such container: ${m.ref}`
  return connecting ? yield* connect(d, n, c, { ip: m.ip, aliases: m.aliases }) : yield* disconnect(d, n, c)
}

/** The network requests of dockerd's dispatch table. */
export const networkOps: Handlers<NetOp> = {
  *'network.list'(d, m, reply) {
    const f = networkFilter(m.filters)
    yield* reply(typeof f === 'string' ? { t: 'error', error: f } : { t: 'ok', rows: lsRows([...d.networks.values()].filter(f), m.noTrunc) })
  },
  *'network.prune'(d, _m, reply) {
    // Custom networks without an endpoint of a running container go (their bridges with them).
    const names: string[] = []
    for (const n of [...d.networks.values()]) {
      if (n.predefined || attachedTo(d, n.name).length) continue
      yield* removeNetwork(d, n)
      names.push(n.name)
    }
    yield* reply({ t: 'ok', names })
  },
  *'network.inspect'(d, m, reply) {
    const n = findNetwork(d, m.ref)
    yield* reply(n ? { t: 'ok', json: networkJson(n, attachedTo(d, n.name)) } : { t: 'error', error: `network ${m.ref} not found` })
  },
  *'network.create'(d, m, reply) {
    const r = yield* create(d, m)
    yield* reply(typeof r === 'string' ? { t: 'error', error: r } : { t: 'ok', id: r.id })
  },
  *'network.rm'(d, m, reply) {
    const n = findNetwork(d, m.ref)
    const fail = (error: string) => reply({ t: 'error', error })
    if (!n) yield* fail(`network ${m.ref} not found`)
    else if (n.predefined) yield* fail(`${n.name} is a pre-defined network and cannot be removed`)
    else if (attachedTo(d, n.name).length) yield* fail(`error while removing network: network ${n.name} id ${n.id} has active endpoints`)
    else {
      yield* removeNetwork(d, n)
      yield* reply({ t: 'ok' })
    }
  },
  *'network.connect'(d, m, reply) {
    const e = yield* attachment(d, m, true)
    yield* reply(e ? { t: 'error', error: e } : { t: 'ok' })
  },
  *'network.disconnect'(d, m, reply) {
    const e = yield* attachment(d, m, false)
    yield* reply(e ? { t: 'error', error: e } : { t: 'ok' })
  },
  *'network.sandbox'(d, m, reply, conn) {
    // The shim has plugged eth0 of a container on a user-defined network: start its DNS server first.
    const c = d.containers.get(m.id)
    if (c && !d.dns.has(c.id)) d.dns.set(c.id, yield* startDns(c.id, m.pid, conn))
    yield* reply({ t: 'ok' })
  },
  *'dns.query'(d, m, reply) {
    yield* reply({ t: 'ok', ip: lookupName(d, m.id, m.name) })
  },
}

/** --ip: only on a network whose subnet the user chose (libnetwork), inside it and free; '' when fine. */
function requestedIpError(d: NetDaemon, n: Network, ip: string): string {
  if (!n.userSubnet) return 'user specified IP address is supported only when connecting to networks with user configured subnets'
  if (ipToInt(ip) < 0) return `invalid IPv4 address: ${ip}`
  if (!overlaps(parseCidr(n.subnet)!, { base: ipToInt(ip), bits: 32 })) return `no configured subnet or ip-range contain the IP address ${ip}`
  if (ip === n.gateway || d.ipam.isHeld(d, n, ip)) return 'Address already in use'
  return ''
}

function* removeNetwork(d: NetDaemon, n: Network): Sys<void> {
  yield* rtnl({ op: 'dellink', name: n.bridge })
  d.networks.delete(n.name)
  for (const c of d.containers.values()) if (c.endpoints) c.endpoints = c.endpoints.filter((e) => e.network !== n.name)
}

/** `docker network ls --filter`: driver=, id= (prefix), name= (substring), type=custom|builtin; a predicate or the daemon's error. */
function networkFilter(filters: readonly string[]): ((n: Network) => boolean) | string {
  const tests: ((n: Network) => boolean)[] = []
  for (const f of filters) {
    const i = f.indexOf('=')
    if (i < 0) return `bad format of filter (expected name=value)`
    const key = f.slice(0, i), v = f.slice(i + 1)
    if (key === 'driver') tests.push((n) => n.driver === v)
    else if (key === 'id') tests.push((n) => n.id.startsWith(v))
    else if (key === 'name') tests.push((n) => n.name.includes(v))
    else if (key === 'type') {
      if (v !== 'custom' && v !== 'builtin') return `invalid filter: 'type'='${v}'`
      tests.push((n) => n.predefined === (v === 'builtin'))
    } else return `invalid filter '${key}'`
  }
  return (n) => tests.every((t) => t(n))
}

function* create(d: NetDaemon, m: Request<'network.create'>): Sys<Network | string> {
  const name = m.name
  const driver = m.driver || 'bridge'
  if (d.networks.has(name)) return `network with name ${name} already exists`
  if (driver === 'host' || driver === 'null') return `only one instance of "${driver}" network is allowed`
  if (driver !== 'bridge') return `plugin "${driver}" not found`
  const subnets = m.subnets
  let pool
  if (subnets.length) {
    pool = parseCidr(subnets[0]!)
    if (!pool) return `invalid CIDR address: ${subnets[0]}`
    const p = pool
    // libnetwork IPAM (Docker 27 prefixes "invalid pool request", moby/moby#48069).
    if ([...d.networks.values()].some((n) => { const c = parseCidr(n.subnet); return c !== null && overlaps(c, p) })) return 'invalid pool request: Pool overlaps with other one on this address space'
  } else {
    pool = pickPool(d.networks.values())
    if (!pool) return 'all predefined address pools have been fully subnetted'
  }
  const subnet = cidrText(pool)
  let gateway = m.gateway
  if (gateway) {
    const g = ipToInt(gateway)
    if (g < 0 || !overlaps(pool, { base: g, bits: 32 })) return `no matching subnet for gateway ${gateway}`
  } else gateway = allocAddress({ subnet, gateway: '' } as Network, new Set())
  const id = yield* d.hex(32)
  const n: Network = {
    id, name, driver: 'bridge', subnet, gateway, bridge: `br-${id.slice(0, 12)}`, internal: m.internal, userSubnet: subnets.length > 0,
    createdNs: yield* clockGettime(CLOCK_REALTIME), predefined: false,
  }
  const r = yield* makeBridge(n.bridge, `${gateway}/${pool.bits}`)
  if (r < 0) return `failed to create bridge ${n.bridge}: errno ${-r}`
  d.networks.set(name, n)
  return n
}

/** docker network connect: a new endpoint; for a running container, a veth ethN into its namespace now. */
function* connect(d: NetDaemon, n: Network, c: Container, opts: { ip: string; aliases: string[] }): Sys<string> {
  const eps = endpointsOf(c)
  const first = d.networks.get(eps[0]?.network ?? '')
  if (first?.driver === 'host' || n.driver === 'host') return `container cannot be disconnected from host network or connected to host network`
  if (first?.driver === 'null' || n.driver === 'null') return `container cannot be connected to multiple networks with one of the networks in private (none) mode`
  if (eps.some((e) => e.network === n.name)) return `endpoint with name ${c.name} already exists in network ${n.name}`
  const bad = opts.ip ? requestedIpError(d, n, opts.ip) : ''
  if (bad) return bad
  const endpointId = yield* d.hex(32)
  const used = new Set(eps.map((e) => Number(e.iface.slice(3))))
  let idx = 0
  while (used.has(idx)) idx++
  const ep: Endpoint = { ...endpointBase(n), endpointId, ip: '', iface: `eth${idx}`, hostIface: `veth${endpointId.slice(0, 7)}` }
  if (opts.ip) ep.requestedIp = opts.ip
  if (opts.aliases.length) ep.aliases = opts.aliases
  if (c.status === 'running') {
    const e = yield* plumb(d, n, c, ep)
    if (e) return e
  }
  c.endpoints = [...eps, ep]
  if (!c.ip) c.ip = ep.ip
  return ''
}

function* disconnect(d: NetDaemon, n: Network, c: Container): Sys<string> {
  const ep = endpointsOf(c).find((e) => e.network === n.name)
  if (!ep) return `container ${c.id} is not connected to network ${n.name}`
  if (c.status === 'running' && ep.ip) {
    // Deleting the container's end deletes the host's end too (veth(4)).
    yield* inNetns(c.pid, function* () { return (yield* rtnl({ op: 'dellink', name: ep.iface })) as number })
  }
  d.ipam.releasing(ep)
  c.endpoints = endpointsOf(c).filter((e) => e !== ep)
  if (c.ip === ep.ip) c.ip = c.endpoints.find((e) => e.ip)?.ip ?? ''
  return ''
}

