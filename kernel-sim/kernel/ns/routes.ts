// The routing table of a network namespace, as data (ip-route(8), rtnetlink(7)
// RTM_NEWROUTE/RTM_DELROUTE). Connected routes ("10.0.2.0/24 dev eth0 proto
// kernel scope link") follow from the addresses of up devices and are derived
// (route.ts); what is stored is the default route: the host's DHCP client sets
// it at boot, Docker's container init sets `default via 172.17.0.1 dev eth0`,
// and `ip route add/del default` change it (CAP_NET_ADMIN).
// SIMPLIFICATION: only default routes are stored (no other static routes, no
// metrics-based choice between several, one table "main").
import { E, type RouteReq } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { INIT_INO, isInit, mutNs, nsKey, nsRec } from './core.ts'
import { devicesOf } from './net.ts'
import type { NetDev, Route } from './types.ts'

export type { Route } from './types.ts'

/**
 * What the host's DHCP client configured at boot, as on a QEMU user-network
 * guest (gateway 10.0.2.2; NetworkManager adds `proto dhcp ... metric 100`).
 */
const INIT_ROUTES: readonly Route[] = [{ via: '10.0.2.2', dev: 'eth0', proto: 'dhcp', src: '10.0.2.15', metric: 100 }]

/** The stored routes of a namespace (the initial one has its boot-time route until changed). */
export function routesOf(k: Kernel, ns: number): readonly Route[] {
  const r = nsRec(k, ns)?.routes
  if (r) return r
  return isInit(ns) ? INIT_ROUTES : []
}

/** The default route in use: the first whose device exists and is up (Linux drops routes of a downed device). */
export function defaultRoute(k: Kernel, ns: number): { route: Route; dev: NetDev } | undefined {
  const routes = routesOf(k, ns)
  if (routes.length === 0) return undefined
  const devs = devicesOf(k, ns)
  for (const route of routes) {
    const dev = devs.find((d) => d.name === route.dev)
    // SIMPLIFICATION: a route whose device is down or gone is skipped, not deleted.
    if (dev?.up) return { route, dev }
  }
  return undefined
}

/** The routes to write, creating the initial namespace's record on first change. */
function mutRoutes(k: Kernel, ns: number): Route[] {
  if (isInit(ns) && !nsRec(k, ns)) {
    k.putNsRecord(nsKey(ns), {
      ino: ns, type: 'net', refs: 1, owner: INIT_INO.user, creator: 0,
      devices: devicesOf(k, ns).map((d) => ({ ...d })), nextIfindex: 3,
    })
  }
  const rec = mutNs(k, ns)
  if (!rec.routes) rec.routes = routesOf(k, ns).map((r) => ({ ...r }))
  return rec.routes
}

/**
 * RTM_NEWROUTE / RTM_DELROUTE for the default route. The caller has checked
 * CAP_NET_ADMIN. Errors as the kernel reports them: EEXIST for a second
 * default route (NLM_F_EXCL, as `ip route add` asks), ESRCH for deleting a
 * route that is not there, ENODEV for an unknown device, ENETUNREACH when the
 * gateway is on no connected subnet ("Nexthop has invalid gateway").
 */
export function routeChange(k: Kernel, ns: number, req: Extract<RouteReq, { op: 'newroute' | 'delroute' }>, onLink: (gw: string) => string | undefined): number {
  const via = req.via ?? ''
  const devs = devicesOf(k, ns)
  if (req.dev !== undefined && !devs.some((d) => d.name === req.dev)) return -E.ENODEV
  const routes = routesOf(k, ns)
  if (req.op === 'delroute') {
    const i = routes.findIndex((r) => (!via || r.via === via) && (req.dev === undefined || r.dev === req.dev))
    if (i < 0) return -E.ESRCH
    mutRoutes(k, ns).splice(i, 1)
    return 0
  }
  let dev = req.dev
  if (via) {
    // The gateway must be on a connected subnet of an up device (fib_check_nh_v4_gw).
    const on = onLink(via)
    if (on === undefined || (dev !== undefined && on !== dev)) return -E.ENETUNREACH
    dev = on
  }
  if (dev === undefined) return -E.ENODEV // no gateway, no device: fib_check_nh_nongw finds no in_device
  if (routes.length > 0) return -E.EEXIST
  const r: Route = { via, dev }
  if (req.proto) r.proto = req.proto
  if (req.src) r.src = req.src
  if (req.metric !== undefined) r.metric = req.metric
  mutRoutes(k, ns).push(r)
  return 0
}
