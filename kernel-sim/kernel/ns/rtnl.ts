// Network configuration of a namespace: devices (lo, veth pairs, bridges),
// their state, addresses and moves between namespaces — what rtnetlink(7)
// carries for ip(8). Changes need CAP_NET_ADMIN over the namespace's owner.
// SIMPLIFICATION: one structured request per call instead of netlink messages.
import type { Kpid } from '../../abi/pid.ts'
import { isDraft, original } from 'immer'
import { CAP, E, type RtnlReq } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { INIT_INO, isInit, mutNs, nsKey, nsRec, nsType } from './core.ts'
import { devicesOf, netOwner } from './net.ts'
import { OUTSIDE, ipToInt, onLinkDev, routeTo } from './route.ts'
import { remoteServer } from '../net/remote.ts'
import { routeChange, routesOf, type Route } from './routes.ts'
import type { NetDev, NsRecord } from './types.ts'
import { nsCapable } from './user.ts'
import { kpidOf, userVpid } from './pid.ts'

export type { RtnlReq } from '../../abi/rtnl.ts'

/** A device as ip(8) shows it, with the peer's ifindex for veth (`veth0@if4`) and whether the peer is in another namespace. */
export interface LinkInfo extends NetDev {
  peerElsewhere?: boolean
  carrier: boolean
  masterName?: string
}

const IFNAMSIZ = 16

/**
 * The namespace's device list to edit: a plain copy put in its record, owned by
 * this tick (the next change in the same tick edits it in place; the committed
 * state never sees a list change). Rows are replaced, never changed in place (the
 * committed state still holds them). Not an immer draft of the list: a host with a
 * thousand containers has two thousand devices, and every element of a draft array
 * is visited through a proxy and again when the draft is finished; a copy of the
 * list is one native slice.
 */
function mutDevices(k: Kernel, ns: number): NetDev[] {
  if (isInit(ns) && !nsRec(k, ns)) {
    // The initial namespace's devices get a record on first change (its refs never reach 0).
    k.putNsRecord(nsKey(ns), { ino: ns, type: 'net', refs: 1, owner: INIT_INO.user, creator: 0, devices: devicesOf(k, ns).map((d) => ({ ...d })), nextIfindex: 3 })
  }
  const r = mutNs(k, ns)
  // Read past the draft (reading r.devices would make a proxy of the list, and immer would then walk the copy).
  const cur = assigned.get(r) ?? (original(r) as NsRecord).devices ?? []
  const w = k.own(cur)
  if (w !== cur) {
    const names = byName.get(cur)
    if (names) byName.set(w, names) // the same rows at the same places: one index for both (see byName)
  }
  r.devices = w
  assigned.set(r, w)
  // A list edited in place leaves the record equal to the last one: connect(2)'s route memo must still know.
  k.netGen++
  return w
}

/** The lists mutDevices put in a record's draft, by draft (drafts are finished after each syscall). */
const assigned = new WeakMap<object, NetDev[]>()

/**
 * Each list's names → places, made on its first lookup and kept up by the edits
 * below (names are unique in a namespace): the host of a thousand containers has
 * two thousand devices, and rtnetlink finds one by name for each request (Linux:
 * __dev_get_by_name, a hash of the namespace's names). A list and the tick's copy
 * of it share one index (a copy of a Map of two thousand names costs forty times a
 * copy of the list): the copy only adds names to it (a removal gives the copy an
 * index of its own), so a name it lacks is in neither list, and a place it gives is
 * checked against the list asking.
 */
const byName = new WeakMap<readonly NetDev[], Map<string, number>>()

function namesOf(devs: readonly NetDev[]): Map<string, number> {
  let x = byName.get(devs)
  if (!x) {
    x = new Map()
    for (let i = 0; i < devs.length; i++) x.set(devs[i]!.name, i)
    byName.set(devs, x)
  }
  return x
}

/** Where the device called `name` is in `devs`; -1 if absent. */
function devIndex(devs: readonly NetDev[], name: string): number {
  if (isDraft(devs)) return devs.findIndex((d) => d.name === name) // a list read through an open draft: no index of a proxy
  const i = namesOf(devs).get(name)
  if (i === undefined) return -1
  if (i < devs.length && devs[i]!.name === name) return i
  // Another list sharing the index put the name elsewhere (two states grown from one snapshot).
  return devs.findIndex((d) => d.name === name)
}

function devNamed(devs: readonly NetDev[], name: string): NetDev | undefined {
  const i = devIndex(devs, name)
  return i < 0 ? undefined : devs[i]
}

/** Appends a device to a list from mutDevices. */
function addDev(w: NetDev[], d: NetDev): void {
  byName.get(w)?.set(d.name, w.length)
  w.push(d)
}

/** Row `i` of a list from mutDevices, replaced by a copy to edit. */
function ownDev(w: NetDev[], i: number): NetDev {
  return (w[i] = { ...w[i]! })
}

function nextIfindex(k: Kernel, ns: number): number {
  const r = mutNs(k, ns)
  const n = r.nextIfindex ?? 2
  r.nextIfindex = n + 1
  return n
}

/** A locally administered MAC derived from the namespace and ifindex (deterministic, unique per device). */
function mac(ns: number, ifindex: number): string {
  const n = Math.imul(ns ^ 0x9e3779b9, 2654435761) >>> 0
  const b = [0x02, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ifindex & 255]
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':')
}

export function sysRtnl(k: Kernel, kpid: Kpid, req: RtnlReq): LinkInfo[] | readonly Route[] | number {
  const t = k.taskOrOops(kpid)
  const ns = t.ns.net
  if (!req || typeof req !== 'object') return -E.EINVAL
  if (req.op === 'getlink') return links(k, ns)
  if (req.op === 'getroute') {
    const r = routeTo(k, ns, String(req.addr))
    // Out of the uplink, only the remote servers answer (net/remote.ts).
    if (r === OUTSIDE && !remoteServer(String(req.addr))) return -E.ETIMEDOUT
    return r < 0 ? r : 0
  }
  if (req.op === 'getroutes') return routesOf(k, ns)
  if (!nsCapable(k, t, CAP.NET_ADMIN, netOwner(k, t))) return -E.EPERM
  if (req.op === 'newroute' || req.op === 'delroute') return routeChange(k, ns, req, (gw) => onLinkDev(k, ns, gw))
  const devs = devicesOf(k, ns)
  switch (req.op) {
    case 'newlink': {
      if (!req.name || req.name.length >= IFNAMSIZ) return -E.EINVAL
      if (devNamed(devs, req.name) || (req.peer && devNamed(devs, req.peer))) return -E.EEXIST
      const w = mutDevices(k, ns)
      const ia = nextIfindex(k, ns)
      const a: NetDev = { ifindex: ia, name: req.name, kind: req.kind, up: false, mac: mac(ns, ia), addrs: [] }
      addDev(w, a)
      if (req.kind === 'veth') {
        const peerName = req.peer ?? `veth${w.length}`
        const ib = nextIfindex(k, ns)
        const b: NetDev = { ifindex: ib, name: peerName, kind: 'veth', up: false, mac: mac(ns, ib), addrs: [], peerNs: ns, peerIfindex: a.ifindex }
        a.peerNs = ns
        a.peerIfindex = b.ifindex
        addDev(w, b)
      }
      return 0
    }
    case 'dellink': {
      const d = devNamed(devs, req.name)
      if (!d) return -E.ENODEV
      if (d.kind === 'loopback') return -E.EOPNOTSUPP
      removeDev(k, ns, d.ifindex)
      // Deleting one end of a veth pair deletes the other (veth(4)).
      if (d.kind === 'veth' && d.peerNs !== undefined) removeDev(k, d.peerNs, d.peerIfindex!)
      return 0
    }
    case 'setlink': {
      const d = devNamed(devs, req.name)
      if (!d) return -E.ENODEV
      if (req.netnsFd !== undefined || req.netnsPid !== undefined) return moveDev(k, t, d, req)
      const w = mutDevices(k, ns)
      const i = devIndex(w, d.name)
      let x = ownDev(w, i)
      if (req.up !== undefined) x.up = req.up
      if (req.master !== undefined) {
        const br = devNamed(devs, req.master)
        if (!br) return -E.ENODEV
        if (br.kind !== 'bridge') return -E.EOPNOTSUPP
        x.master = br.ifindex
      }
      if (req.nomaster && x.master !== undefined) {
        const { master: _master, ...rest } = x // (not `delete`: see moveDev)
        x = w[i] = rest
      }
      if (x.kind === 'loopback') x.addrs = x.up ? ['127.0.0.1/8'] : []
      return 0
    }
    case 'newaddr':
    case 'deladdr': {
      const d = devNamed(devs, req.name)
      if (!d) return -E.ENODEV
      const [addr, len] = req.cidr.split('/')
      const bits = len === undefined ? 32 : Number(len)
      if (ipToInt(addr ?? '') < 0 || !(bits >= 0 && bits <= 32)) return -E.EINVAL
      const cidr = `${addr}/${bits}`
      const w = mutDevices(k, ns)
      const x = ownDev(w, devIndex(w, d.name))
      if (req.op === 'newaddr') {
        if (x.addrs.includes(cidr)) return -E.EEXIST
        x.addrs = [...x.addrs, cidr]
      } else {
        if (!x.addrs.includes(cidr)) return -E.EADDRNOTAVAIL
        x.addrs = x.addrs.filter((c) => c !== cidr)
      }
      return 0
    }
    default:
      return -E.EOPNOTSUPP
  }
}

function removeDev(k: Kernel, ns: number, ifindex: number): void {
  const w = mutDevices(k, ns)
  const i = lastWith(w, ifindex)
  if (i < 0) return
  w.splice(i, 1)
  // The devices after it move up one place: only theirs change in the index (a container's host-side veth
  // peer leaves at the end of the host's two thousand). The removed name keeps its old place there, which
  // devIndex's check against the list turns into a miss; a list sharing the index still has it.
  const x = byName.get(w)
  if (x) for (let j = i; j < w.length; j++) x.set(w[j]!.name, j)
}

/** Where the device with this ifindex is: from the end, where the devices of the last containers are. */
function lastWith(devs: readonly NetDev[], ifindex: number): number {
  for (let i = devs.length - 1; i >= 0; i--) if (devs[i]!.ifindex === ifindex) return i
  return -1
}

/** `ip link set DEV netns NS`: the device leaves this namespace (it comes down, loses its addresses). */
function moveDev(k: Kernel, t: Task, d: NetDev, req: { netnsFd?: number; netnsPid?: number }): number {
  let target: number
  if (req.netnsFd !== undefined) {
    const id = fdGet(k, t, req.netnsFd)
    if (id === undefined) return -E.EBADF
    const f = k.file(id)!
    if (f.kind !== 'proc' || !(f.obj > 0) || nsType(k, f.obj) !== 'net') return -E.EINVAL
    target = f.obj
  } else {
    // rtnl_link_get_net → get_net_ns_by_pid: find_task_by_vpid, a pid in the caller's pid namespace.
    const x = k.task(kpidOf(k, t, userVpid(req.netnsPid!)))
    if (!x) return -E.ESRCH
    target = x.ns.net
  }
  if (target === t.ns.net) return 0
  if (d.kind === 'loopback') return -E.EINVAL
  if (devIndex(devicesOf(k, target), d.name) >= 0) return -E.EEXIST
  removeDev(k, t.ns.net, d.ifindex)
  const w = mutDevices(k, target)
  // Without its master by leaving it out, not by `delete`: a deleted property turns the row into a
  // slow (dictionary-mode) object, and a host's device list is made of these rows, one per container.
  const { master: _master, ...rest } = d
  const moved: NetDev = { ...rest, ifindex: nextIfindex(k, target), up: false, addrs: [] }
  addDev(w, moved)
  if (d.kind === 'veth' && d.peerNs !== undefined) {
    const pw = mutDevices(k, d.peerNs)
    const i = lastWith(pw, d.peerIfindex!)
    if (i >= 0) {
      const peer = ownDev(pw, i)
      peer.peerNs = target
      peer.peerIfindex = moved.ifindex
    }
  }
  return 0
}

/** RTM_GETLINK of every device. One pass over the list for the masters and their up ports, not one per device (a host of a thousand containers has two thousand). */
function links(k: Kernel, ns: number): LinkInfo[] {
  const devs = devicesOf(k, ns)
  const byIndex = new Map<number, NetDev>()
  const upPorts = new Set<number>()
  for (const d of devs) {
    byIndex.set(d.ifindex, d)
    if (d.master !== undefined && d.up) upPorts.add(d.master)
  }
  return devs.map((d) => {
    const peer = d.kind === 'veth' && d.peerNs !== undefined
      ? (d.peerNs === ns ? byIndex.get(d.peerIfindex!) : devicesOf(k, d.peerNs).find((e) => e.ifindex === d.peerIfindex))
      : undefined
    const carrier = d.kind === 'loopback' ? d.up : d.kind === 'bridge' ? d.up && upPorts.has(d.ifindex) : d.kind === 'veth' && d.peerNs !== undefined ? d.up && peer?.up === true : d.up
    const info: LinkInfo = { ...d, carrier, peerElsewhere: d.peerNs !== undefined && d.peerNs !== ns }
    const m = d.master === undefined ? undefined : byIndex.get(d.master)
    if (m) info.masterName = m.name
    return info
  })
}
