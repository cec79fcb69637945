// rtnetlink(7) requests as ip(8) and the runtime send them.
// SIMPLIFICATION: one structured request per call (the rtnl syscall) instead
// of netlink messages; the kernel's handler is kernel/ns/rtnl.ts.

/** A stored route (ip-route(8)); only default routes are stored (kernel/ns/routes.ts). */
export interface Route {
  /** Gateway address, or '' for a device route (`ip route add default dev eth0`). */
  via: string
  dev: string
  proto?: 'dhcp' | 'boot' | 'static'
  src?: string
  metric?: number
}

/** RTM_GETROUTE dump of the stored routes, RTM_NEWROUTE/RTM_DELROUTE of the default route. */
export type RouteReq =
  | { op: 'getroutes' }
  | { op: 'newroute' | 'delroute'; via?: string; dev?: string; proto?: Route['proto']; src?: string; metric?: number }

export type RtnlReq =
  | { op: 'getlink' }
  | { op: 'newlink'; name: string; kind: 'veth' | 'bridge'; peer?: string }
  | { op: 'dellink'; name: string }
  | { op: 'setlink'; name: string; up?: boolean; master?: string; nomaster?: boolean; netnsFd?: number; netnsPid?: number }
  | { op: 'newaddr' | 'deladdr'; name: string; cidr: string }
  /** Is `addr` reachable from here (ping's check)? 0 or -ENETUNREACH/-EHOSTUNREACH. */
  | { op: 'getroute'; addr: string }
  | RouteReq
