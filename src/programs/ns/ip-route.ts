// `ip route` (ip-route(8)): show the routing table of the caller's network
// namespace — the stored default route (kernel ns/routes.ts) and the connected
// routes of up devices — and add or delete the default route, with iproute2's
// messages. Changes need CAP_NET_ADMIN ("RTNETLINK answers: Operation not permitted").
// SIMPLIFICATION: only `default` can be added or deleted; other prefixes get
// "RTNETLINK answers: Operation not supported".
import { E, strerror, type RouteReq } from '../../../kernel-sim/abi/index.ts'
import { err, out, rtnl, type Sys } from '../../libc/index.ts'

interface Link {
  name: string
  kind: 'loopback' | 'veth' | 'bridge'
  up: boolean
  carrier: boolean
  addrs: string[]
}

interface Route {
  via: string
  dev: string
  proto?: string
  src?: string
  metric?: number
}

function* fail(msg: string, status = 2): Sys<number> {
  yield* err(msg + '\n')
  return status
}

function netOf(cidr: string): string {
  const [a, len] = cidr.split('/') as [string, string]
  const bits = Number(len)
  const n = a.split('.').reduce((x, y) => (x << 8) | Number(y), 0) >>> 0
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  const m = (n & mask) >>> 0
  return `${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}/${bits}`
}

/** `default via 10.0.2.2 dev eth0 proto dhcp src 10.0.2.15 metric 100`, as iproute2 prints it. */
function showDefault(r: Route): string {
  let s = r.via ? `default via ${r.via} dev ${r.dev}` : `default dev ${r.dev}`
  if (r.proto) s += ` proto ${r.proto}`
  if (!r.via) s += ' scope link'
  if (r.src) s += ` src ${r.src}`
  if (r.metric !== undefined) s += ` metric ${r.metric}`
  return s + '\n'
}

function* show(): Sys<number> {
  const links = (yield* rtnl<Link[]>({ op: 'getlink' })) as Link[] | number
  const routes = (yield* rtnl<Route[]>({ op: 'getroutes' })) as Route[] | number
  if (typeof links === 'number' || typeof routes === 'number') return 1
  let s = ''
  // Linux removes the routes of a device that goes down; the kernel keeps them aside (routes.ts): show only live ones.
  for (const r of routes) if (links.some((l) => l.name === r.dev && l.up)) s += showDefault(r)
  for (const l of links) {
    if (l.kind === 'loopback' || !l.up || !l.carrier) continue
    for (const a of l.addrs) s += `${netOf(a)} dev ${l.name} proto kernel scope link src ${a.split('/')[0]}\n`
  }
  yield* out(s)
  return 0
}

/** RTNETLINK's answer as iproute2 reports it (exit 2); the gateway check comes with the kernel's extack message. */
function* answer(r: number): Sys<number> {
  if (r >= 0) return 0
  if (r === -E.ENETUNREACH) return yield* fail('Error: Nexthop has invalid gateway.')
  return yield* fail(`RTNETLINK answers: ${strerror(-r)}`)
}

function* change(op: 'newroute' | 'delroute', args: string[]): Sys<number> {
  const [prefix, ...rest] = args
  if (!prefix) return yield* fail('Not enough information: "dev" argument is required.', 1)
  if (prefix !== 'default' && prefix !== '0.0.0.0/0') return yield* answer(-E.EOPNOTSUPP)
  const req: RouteReq & { op: typeof op } = { op }
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]!
    const val = rest[i + 1]
    if (val === undefined) return yield* fail(`Command line is not complete. Try option "help"`, 255)
    if (key === 'via') {
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(val)) return yield* fail(`Error: inet prefix is expected rather than "${val}".`, 1)
      req.via = val
    } else if (key === 'dev') req.dev = val
    else if (key === 'proto') req.proto = val as Extract<RouteReq, { proto?: unknown }>['proto'] // stored as given, as RTPROT numbers are
    else if (key === 'src') req.src = val
    else if (key === 'metric') req.metric = Number(val)
    else return yield* fail(`Error: either "to" is duplicate, or "${key}" is a garbage.`, 255)
  }
  if (req.dev !== undefined) {
    // ip(8) resolves the device name itself before asking the kernel.
    const links = (yield* rtnl<Link[]>({ op: 'getlink' })) as Link[] | number
    if (typeof links !== 'number' && !links.some((l) => l.name === req.dev)) return yield* fail(`Cannot find device "${req.dev}"`, 1)
  }
  return yield* answer((yield* rtnl(req)) as number)
}

export function* routeCmd(args: string[]): Sys<number> {
  const [cmd = 'show', ...rest] = args
  switch (cmd) {
    case 'show':
    case 'list':
    case 'ls':
      return yield* show()
    case 'add':
      return yield* change('newroute', rest)
    case 'del':
    case 'delete':
      return yield* change('delroute', rest)
    default:
      return yield* fail(`Command "${cmd}" is unknown, try "ip route help".`, 255)
  }
}
