// Network namespaces (network_namespaces(7)): devices, addresses, routes and
// a port space per namespace. A new namespace has only `lo`, DOWN. The
// initial namespace keeps its port table in state.ports (net/socket.ts).
import { PMap } from '../../base/pmap.ts'
import type { Kernel } from '../kernel.ts'
import { INIT_INO, mutNs, nsRec } from './core.ts'
import type { NetDev } from './types.ts'

export const loopback = (up = false): NetDev => ({
  ifindex: 1, name: 'lo', kind: 'loopback', up, mac: '00:00:00:00:00:00', addrs: up ? ['127.0.0.1/8'] : [],
})

/** The initial namespace's devices: lo (UP) and the machine's eth0. */
const INIT_DEVICES: NetDev[] = [
  loopback(true),
  { ifindex: 2, name: 'eth0', kind: 'veth', up: true, mac: '52:54:00:12:34:56', addrs: ['10.0.2.15/24'] },
]

export function devicesOf(k: Kernel, ino: number): NetDev[] {
  if (ino === INIT_INO.net) return nsRec(k, ino)?.devices ?? INIT_DEVICES
  return nsRec(k, ino)?.devices ?? []
}

/** The inet port table of a namespace. */
export function portsOf(k: Kernel, ino: number): PMap<number> {
  if (ino === INIT_INO.net) return k.s.ports
  return nsRec(k, ino)?.ports ?? PMap.empty()
}

export function setPortsOf(k: Kernel, ino: number, ports: PMap<number>): void {
  if (ino === INIT_INO.net) k.setPorts(ports)
  else mutNs(k, ino).ports = ports
}

/** Is the loopback device up (connect/bind to 127.0.0.1 need it)? */
export function loUp(k: Kernel, ino: number): boolean {
  return devicesOf(k, ino).some((d) => d.kind === 'loopback' && d.up)
}

/** The user namespace owning a task's network namespace (for CAP_NET_BIND_SERVICE, CAP_NET_ADMIN). */
export function netOwner(k: Kernel, t: { ns: { net: number } }): number {
  return t.ns.net === INIT_INO.net ? INIT_INO.user : nsRec(k, t.ns.net)?.owner ?? INIT_INO.user
}
