// Ephemeral ports for connect(2) (ip(7) ip_local_port_range, default 32768
// 60999): a connection needs a local port that makes its 4-tuple unique, so a
// network namespace can hold 28,232 connections to one destination addr:port
// and then connect fails with EADDRNOTAVAIL; another destination (or another
// namespace: ports are per network namespace) has its own 28,232.
// The table: per "srcNs addr:port" destination, a PMap port → holder (socket id) in
// Counters.ephemeral (copied once per tick, PMaps edited under the tick's token),
// and a hint `next`: no port below it is free (as the fd table's next_fd).
// SIMPLIFICATION: the lowest free port is handed out (Linux starts at a hashed
// offset and prefers even ports, __inet_hash_connect); one source address per
// namespace, so the destination alone picks the port space.
import { E, EPHEMERAL_PORT_HIGH, EPHEMERAL_PORT_LOW } from '../../abi/index.ts'
import { PMap } from '../../base/pmap.ts'
import type { Kernel } from '../kernel.ts'
import type { Counters, KernelState } from '../state.ts'

/** Ports per destination: 60999 - 32768 + 1. */
export const EPHEMERAL_RANGE = EPHEMERAL_PORT_HIGH - EPHEMERAL_PORT_LOW + 1

/** The destination key of a connection from network namespace `ns`. */
export const destKey = (ns: number, addr: string, port: number) => `${ns} ${addr}:${port}`

/** The peer address encoded in a destination key. */
export function destOf(key: string): { addr: string; port: number } {
  const sp = key.indexOf(' ')
  const colon = key.lastIndexOf(':')
  return { addr: key.slice(sp + 1, colon), port: Number(key.slice(colon + 1)) }
}

/** The source network namespace encoded in a destination key. */
export const destNs = (key: string) => Number(key.slice(0, key.indexOf(' ')))

/** The holder of a port in the table: a socket id, or fileHolder(id) for a connection with no socket record yet (socket.ts). */
export const fileHolder = (fileId: number) => -fileId - 1

/**
 * The destination taken from last, as this tick's copies of the table and its
 * entry: a flood takes 28,232 ports towards one destination in a row. Valid
 * in the tick that made them (k.s is new each tick), while the counters hold
 * that table and the table that entry.
 */
interface LastTake { s: KernelState; table: Counters['ephemeral']; key: string; e: Counters['ephemeral'][string] }
const lastTakes = new WeakMap<Kernel, LastTake>()

/** Takes the lowest free ephemeral port towards `key` for socket `sock`: the port, or -EADDRNOTAVAIL. */
export function ephemeralTake(k: Kernel, key: string, sock: number): number {
  const c = k.ctr()
  const last = lastTakes.get(k)
  if (last && last.s === k.s && last.key === key && last.table === c.ephemeral && last.table[key] === last.e) {
    const e = last.e
    const port = e.ports.lowestFree(e.next)
    if (port > EPHEMERAL_PORT_HIGH) return -E.EADDRNOTAVAIL
    e.ports = e.ports.set(port, sock, k.edit)
    e.next = port + 1
    return port
  }
  const cur = c.ephemeral[key]
  const port = cur ? cur.ports.lowestFree(cur.next) : EPHEMERAL_PORT_LOW
  if (port > EPHEMERAL_PORT_HIGH) return -E.EADDRNOTAVAIL
  const table = (c.ephemeral = k.own(c.ephemeral))
  const e = cur ? k.own(cur) : { key, ports: PMap.empty<number>(), next: EPHEMERAL_PORT_LOW }
  e.ports = e.ports.set(port, sock, k.edit)
  e.next = port + 1
  table[key] = e
  lastTakes.set(k, { s: k.s, table, key, e })
  return port
}

/** Frees `port` towards `key` if socket `sock` holds it (a bound socket's own port is not in this table). */
export function ephemeralRelease(k: Kernel, key: string, port: number, sock: number): void {
  const cur = k.s.counters.ephemeral[key]
  if (!cur || cur.ports.get(port) !== sock) return
  const c = k.ctr()
  const table = (c.ephemeral = k.own(c.ephemeral))
  if (cur.ports.size === 1) {
    delete table[key]
    return
  }
  const e = k.own(cur)
  e.ports = e.ports.delete(port, k.edit)
  if (port < e.next) e.next = port
  table[key] = e
}

/** The port's holder changes (a connection gets its socket record): `from` → `to`. */
export function ephemeralRehold(k: Kernel, key: string, port: number, from: number, to: number): void {
  const cur = k.s.counters.ephemeral[key]
  if (!cur || cur.ports.get(port) !== from) return
  const c = k.ctr()
  const table = (c.ephemeral = k.own(c.ephemeral))
  const e = k.own(cur)
  e.ports = e.ports.set(port, to, k.edit)
  table[key] = e
}

/** Connections from namespace `ns` to addr:port (for tests and /proc views). */
export function ephemeralUsed(k: Kernel, ns: number, addr: string, port: number): number {
  return k.s.counters.ephemeral[destKey(ns, addr, port)]?.ports.size ?? 0
}
