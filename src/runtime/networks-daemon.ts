// dockerd's side of networks: `docker network create/ls/inspect/rm/connect/
// disconnect`, endpoints (an address and a veth per container and network),
// and the embedded DNS server of user-defined networks (127.0.0.11 in each
// container's network namespace, answering container names of shared networks).
// Error texts are the Engine's ("network X not found", "network with name X
// already exists", "... has active endpoints", libnetwork IPAM's overlap error).
import { AF_INET, CLONE_NEWNET, O_CLOEXEC, O_RDONLY, SIG, SOCK_STREAM, type Program } from '../../kernel-sim/abi/index.ts'
import {
  accept, bind, clockGettime, close, exit, fork, kill, listen, open, pipe2, read, rtnl, setns, socket, wait4, writeAll,
  type Sys,
} from '../libc/index.ts'
import { CLOCK_REALTIME } from '../../kernel-sim/abi/index.ts'
import { send, tellDaemon, type Msg } from './protocol.ts'
import { query } from '../libc/netdb.ts'
import {
  allocAddress, cidrText, ipToInt, lsRows, networkJson, overlaps, parseCidr, pickPool, prefixLen,
  type Attached, type Endpoint, type Network,
} from './networks.ts'
import { hostVeth, makeBridge } from './network.ts'
import { findContainer, type Container } from './store.ts'

export interface NetDaemon {
  readonly containers: Map<string, Container>
  readonly networks: Map<string, Network>
  /** Container id → pid of the process serving its embedded DNS. */
  readonly dns: Map<string, number>
  hex(bytes: number): Sys<string>
}

export const DNS_ADDR = '127.0.0.11'
/** The external server the embedded DNS forwards to (Docker's fallback when the host's resolv.conf lists none). */
export const EXT_DNS = '8.8.8.8'

/** A network by name, full id or unique id prefix (as the Engine resolves them). */
export function findNetwork(d: NetDaemon, ref: string): Network | undefined {
  const byName = d.networks.get(ref)
  if (byName) return byName
  const hits = [...d.networks.values()].filter((n) => ref.length > 0 && n.id.startsWith(ref))
  return hits.length === 1 ? hits[0] : undefined
}

export const endpointsOf = (c: Container): Endpoint[] => c.endpoints ?? []

/** Running containers with an endpoint on `net`. */
function attachedTo(d: NetDaemon, net: string): Attached[] {
  const out: Attached[] = []
  for (const c of d.containers.values()) for (const ep of endpointsOf(c)) if (ep.network === net && ep.ip) out.push({ id: c.id, name: c.name, ep })
  return out
}

export function usedAddresses(d: NetDaemon, net: string): Set<string> {
  return new Set(attachedTo(d, net).map((a) => a.ep.ip))
}

/** docker run/create: the container's first endpoint (eth0); an error text for an unknown network. */
export function* attachOnCreate(d: NetDaemon, c: Container, mode: string): Sys<string> {
  const n = findNetwork(d, mode)
  if (!n) return `network ${mode} not found`
  const ep: Endpoint = { ...endpointBase(n), endpointId: yield* d.hex(32), ip: '', iface: 'eth0', hostIface: hostVeth(c.id) }
  if (n.driver === 'bridge') ep.ip = allocAddress(n, usedAddresses(d, n.name))
  c.endpoints = [ep]
  c.ip = ep.ip
  return ''
}

/** What the shim needs for eth0: the bridge to plug into and the prefix length. */
export function bundleNet(d: NetDaemon, c: Container): { bridge: string; prefix: number; gateway: string } {
  const n = d.networks.get(endpointsOf(c)[0]?.network ?? '')
  return { bridge: n?.bridge || 'docker0', prefix: n ? prefixLen(n) : 16, gateway: n && !n.internal ? n.gateway : '' }
}

/** The container stopped: its endpoints go (addresses freed) and its DNS server with them. */
export function* releaseEndpoints(d: NetDaemon, c: Container): Sys<void> {
  for (const ep of endpointsOf(c)) ep.ip = ''
  const pid = d.dns.get(c.id)
  if (pid !== undefined) {
    d.dns.delete(c.id)
    yield* kill(pid, SIG.SIGKILL)
  }
}

const userDefined = (n: Network | undefined) => n !== undefined && !n.predefined

const endpointBase = (n: Network) => ({ network: n.name, networkId: n.id, gateway: n.gateway, prefix: prefixLen(n), userDefined: userDefined(n) })

/** All network requests; true (the connection is answered). */
export function* networkOp(d: NetDaemon, conn: number, m: Msg): Sys<boolean> {
  const reply = (r: Msg) => send(conn, r)
  const fail = (error: string) => reply({ t: 'error', error })
  const ref = String(m.ref ?? '')
  switch (String(m.op)) {
    case 'network.list': {
      const f = networkFilter((m.filters as string[] | undefined) ?? [])
      yield* (typeof f === 'string' ? fail(f) : reply({ t: 'ok', rows: lsRows([...d.networks.values()].filter(f), !!m.noTrunc) }))
      return true
    }
    case 'network.prune': {
      // Custom networks without an endpoint of a running container go (their bridges with them).
      const names: string[] = []
      for (const n of [...d.networks.values()]) {
        if (n.predefined || attachedTo(d, n.name).length) continue
        yield* removeNetwork(d, n)
        names.push(n.name)
      }
      yield* reply({ t: 'ok', names })
      return true
    }
    case 'network.inspect': {
      const n = findNetwork(d, ref)
      yield* (n ? reply({ t: 'ok', json: networkJson(n, attachedTo(d, n.name)) }) : fail(`network ${ref} not found`))
      return true
    }
    case 'network.create': {
      const r = yield* create(d, m)
      yield* (typeof r === 'string' ? fail(r) : reply({ t: 'ok', id: r.id }))
      return true
    }
    case 'network.rm': {
      const n = findNetwork(d, ref)
      if (!n) yield* fail(`network ${ref} not found`)
      else if (n.predefined) yield* fail(`${n.name} is a pre-defined network and cannot be removed`)
      else if (attachedTo(d, n.name).length) yield* fail(`error while removing network: network ${n.name} id ${n.id} has active endpoints`)
      else {
        yield* removeNetwork(d, n)
        yield* reply({ t: 'ok' })
      }
      return true
    }
    case 'network.connect':
    case 'network.disconnect': {
      const n = findNetwork(d, String(m.net ?? ''))
      const c = findContainer(d.containers.values(), ref)
      if (!n) yield* fail(`network ${String(m.net ?? '')} not found`)
      else if (!c) yield* fail(`No such container: ${ref}`)
      else {
        const opts = { ip: String(m.ip ?? ''), aliases: (m.aliases as string[] | undefined) ?? [] }
        const e = m.op === 'network.connect' ? yield* connect(d, n, c, opts) : yield* disconnect(d, n, c)
        yield* (e ? fail(e) : reply({ t: 'ok' }))
      }
      return true
    }
    case 'network.sandbox': {
      // The shim has plugged eth0 of a container on a user-defined network: start its DNS server first.
      const c = d.containers.get(String(m.id))
      if (c && !d.dns.has(c.id)) d.dns.set(c.id, yield* startDns(c.id, Number(m.pid), conn))
      yield* reply({ t: 'ok' })
      return true
    }
    case 'dns.query':
      yield* reply({ t: 'ok', ip: lookupName(d, String(m.id), String(m.name)) })
      return true
  }
  return false
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

function* create(d: NetDaemon, m: Msg): Sys<Network | string> {
  const name = String(m.name)
  const driver = String(m.driver || 'bridge')
  if (d.networks.has(name)) return `network with name ${name} already exists`
  if (driver === 'host' || driver === 'null') return `only one instance of "${driver}" network is allowed`
  if (driver !== 'bridge') return `plugin "${driver}" not found`
  const subnets = (m.subnets as string[] | undefined) ?? []
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
  let gateway = String(m.gateway ?? '')
  if (gateway) {
    const g = ipToInt(gateway)
    if (g < 0 || !overlaps(pool, { base: g, bits: 32 })) return `no matching subnet for gateway ${gateway}`
  } else gateway = allocAddress({ subnet, gateway: '' } as Network, new Set())
  const id = yield* d.hex(32)
  const n: Network = {
    id, name, driver: 'bridge', subnet, gateway, bridge: `br-${id.slice(0, 12)}`, internal: !!m.internal, userSubnet: subnets.length > 0,
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
  if (opts.ip) {
    // --ip: only on a network whose subnet the user chose (libnetwork), inside it and free.
    if (!n.userSubnet) return 'user specified IP address is supported only when connecting to networks with user configured subnets'
    const sub = parseCidr(n.subnet)!
    if (ipToInt(opts.ip) < 0) return `invalid IPv4 address: ${opts.ip}`
    if (!overlaps(sub, { base: ipToInt(opts.ip), bits: 32 })) return `no configured subnet or ip-range contain the IP address ${opts.ip}`
    if (opts.ip === n.gateway || usedAddresses(d, n.name).has(opts.ip)) return 'Address already in use'
  }
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

/**
 * The container started (docker run, or docker start again): eth0 has the
 * address the shim configured; every further network gets its veth now, as
 * libnetwork joins all of a container's endpoints when its sandbox comes up.
 */
export function* endpointsStarted(d: NetDaemon, c: Container): Sys<void> {
  const eps = endpointsOf(c)
  if (!eps.length) return
  eps[0]!.ip = c.ip
  for (const ep of eps.slice(1)) {
    const n = d.networks.get(ep.network)
    if (n && !ep.ip) yield* plumb(d, n, c, ep)
  }
}

/** A veth pair for `ep`: ethN with its address inside the running container, the other end on the network's bridge. */
function* plumb(d: NetDaemon, n: Network, c: Container, ep: Endpoint): Sys<string> {
  const used = usedAddresses(d, n.name)
  ep.ip = ep.requestedIp && !used.has(ep.requestedIp) ? ep.requestedIp : allocAddress(n, used)
  const r = yield* inNetns(c.pid, function* () {
    const host = yield* open('/proc/1/ns/net', O_RDONLY | O_CLOEXEC)
    for (const req of [
      { op: 'newlink', name: ep.iface, kind: 'veth', peer: ep.hostIface },
      { op: 'newaddr', name: ep.iface, cidr: `${ep.ip}/${prefixLen(n)}` },
      { op: 'setlink', name: ep.iface, up: true },
      { op: 'setlink', name: ep.hostIface, netnsFd: host },
    ]) {
      const x = yield* rtnl(req)
      if (typeof x === 'number' && x < 0) return x
    }
    return 0
  })
  if (r < 0) {
    ep.ip = ''
    return `failed to add interface ${ep.hostIface} to sandbox: errno ${-r}`
  }
  yield* rtnl({ op: 'setlink', name: ep.hostIface, master: n.bridge, up: true })
  if (userDefined(n) && !d.dns.has(c.id)) d.dns.set(c.id, yield* startDns(c.id, c.pid, -1))
  return ''
}

function* disconnect(d: NetDaemon, n: Network, c: Container): Sys<string> {
  const ep = endpointsOf(c).find((e) => e.network === n.name)
  if (!ep) return `container ${c.id} is not connected to network ${n.name}`
  if (c.status === 'running' && ep.ip) {
    // Deleting the container's end deletes the host's end too (veth(4)).
    yield* inNetns(c.pid, function* () { return (yield* rtnl({ op: 'dellink', name: ep.iface })) as number })
  }
  c.endpoints = endpointsOf(c).filter((e) => e !== ep)
  if (c.ip === ep.ip) c.ip = c.endpoints.find((e) => e.ip)?.ip ?? ''
  return ''
}

/** Runs `body` in a child that has joined the network namespace of `pid`; its result (or -errno). */
function* inNetns(pid: number, body: () => Sys<number>): Sys<number> {
  const child = yield* fork(function* () {
    const fd = yield* open(`/proc/${pid}/ns/net`, O_RDONLY)
    if (fd < 0) return 1
    if ((yield* setns(fd, CLONE_NEWNET)) < 0) return 1
    const r = yield* body()
    return r < 0 ? Math.min(255, -r) : 0
  })
  if (child < 0) return child
  const w = yield* wait4(child)
  const code = typeof w === 'object' ? (w.status >> 8) & 0xff : 1
  return code ? -code : 0
}

/**
 * The embedded DNS server for one container: a child of dockerd that joins the
 * container's network namespace and listens on 127.0.0.11:53, asking dockerd
 * for each name. Returns once it listens, so the container's first lookup finds it.
 * SIMPLIFICATION: one process per container (dockerd uses a goroutine), TCP with
 * one query line and one answer line instead of DNS messages over UDP.
 */
function* startDns(id: string, pid: number, conn: number): Sys<number> {
  const p = yield* pipe2(O_CLOEXEC)
  if (typeof p === 'number') return -1
  const child = yield* fork(() => dnsServer(id, pid, p[1], conn))
  yield* close(p[1])
  yield* read(p[0], 1)
  yield* close(p[0])
  return child
}

function* dnsServer(id: string, pid: number, ready: number, conn: number): Program {
  if (conn >= 0) yield* close(conn)
  const fd = yield* open(`/proc/${pid}/ns/net`, O_RDONLY)
  const joined = fd >= 0 && (yield* setns(fd, CLONE_NEWNET)) === 0
  if (fd >= 0) yield* close(fd)
  const s = joined ? yield* socket(AF_INET, SOCK_STREAM) : -1
  const ok = s >= 0 && (yield* bind(s, { family: 'inet', addr: DNS_ADDR, port: 53 })) === 0 && (yield* listen(s, 64)) === 0
  yield* writeAll(ready, ok ? 'y' : 'n')
  yield* close(ready)
  if (!ok) yield* exit(1)
  for (;;) {
    const c = yield* accept(s)
    if (c < 0) continue
    let q = ''
    while (!q.includes('\n')) {
      const x = yield* read(c, 512)
      if (typeof x === 'number' || x === '') break
      q += x
    }
    const name = q.split('\n')[0]!.trim()
    const r = yield* tellDaemon({ op: 'dns.query', id, name })
    let answer = r && typeof r.ip === 'string' ? r.ip : ''
    // Not a container: forwarded to the external servers (ExtServers); none answering is SERVFAIL.
    if (!answer) answer = (yield* query(EXT_DNS, name)) ?? 'SERVFAIL'
    yield* writeAll(c, `${answer}\n`)
    yield* close(c)
  }
}

/**
 * Embedded DNS: a container name, short id or "name.network" of a running
 * container that shares a user-defined network with the asker; '' (NXDOMAIN) otherwise.
 */
export function lookupName(d: NetDaemon, askerId: string, name: string): string {
  const asker = d.containers.get(askerId)
  if (!asker) return ''
  const q = name.toLowerCase().replace(/\.$/, '')
  for (const mine of endpointsOf(asker)) {
    if (!mine.ip || !userDefined(d.networks.get(mine.network))) continue
    for (const a of attachedTo(d, mine.network)) {
      const names = [a.name, ...(a.ep.aliases ?? []), a.id.slice(0, 12)].map((x) => x.toLowerCase())
      if (names.some((x) => x === q || `${x}.${mine.network.toLowerCase()}` === q)) return a.ep.ip
    }
  }
  return ''
}

/**
 * docker start: eth0's address again for the bundle (libnetwork IPAM: the old
 * one if still free in the network, else the lowest free); the other
 * endpoints get theirs when the container is up (endpointsStarted).
 * `daemon` is dockerd's Daemon (the ops modules see it through a narrower type).
 */
export function restartAddresses(daemon: object, c: Container, b: { ip: string; bridge?: string; prefix?: number; gateway?: string }): void {
  const d = daemon as NetDaemon
  const first = endpointsOf(c)[0]
  const n = first && d.networks.get(first.network)
  if (!first || !n || n.driver !== 'bridge') return
  const used = new Set(attachedTo(d, n.name).filter((a) => a.id !== c.id).map((a) => a.ep.ip))
  const sub = parseCidr(n.subnet)
  const mine = b.ip && sub && overlaps(sub, { base: ipToInt(b.ip), bits: 32 }) && b.ip !== n.gateway && !used.has(b.ip)
  b.ip = mine ? b.ip : allocAddress(n, used)
  Object.assign(b, bundleNet(d, c))
  c.ip = b.ip
}
