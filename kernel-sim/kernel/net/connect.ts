// connect(2) for AF_INET (tcp(7)): route the destination from the caller's
// network namespace (ns/route.ts), then either a listening socket of this
// machine (socket.ts sockConnect) or a remote server beyond the uplink
// (remote.ts, sockConnectRemote). The plan of a destination — where it goes,
// the source address, its ephemeral-port key, the far end's answer — is
// memoized while the network namespaces are unchanged: a flood of a million
// connects to a few destinations makes no strings and no route lookups.
import type { Kpid } from '../../abi/pid.ts'
import type { SockAddr } from '../../abi/index.ts'
import type { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { portsOf } from '../ns/net.ts'
import { OUTSIDE, routeLookup } from '../ns/route.ts'
import type { Socket } from '../state.ts'
import { AF_INET } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import { fileConnectedRemote, isFreshSocket } from '../fd/files.ts'
import { destKey, ephemeralRelease, ephemeralTake, fileHolder } from './ephemeral.ts'
import { remoteAnswer } from './remote.ts'
import { freshCount, sockConnect, sockConnectRemote } from './socket.ts'

interface Plan {
  /** The receiving namespace, OUTSIDE, or -errno. */
  target: number
  src: string
  /** destKey(ns, addr, port), made once. */
  key: string
  /** For OUTSIDE: what the remote end answers (0, -ECONNREFUSED, -ETIMEDOUT). */
  answer: number
}

/**
 * Plans per kernel, valid while its network namespaces are unchanged
 * (Kernel.netGen): a pure memo, with the last plan used first (a flood repeats
 * one destination many times). Held weakly: a dropped kernel is not retained.
 */
interface Memo {
  gen: number
  byKey: Map<string, Plan>
  last?: { ns: number; addr: string; port: number; plan: Plan }
}
const memos = new WeakMap<Kernel, Memo>()

function plan(k: Kernel, ns: number, addr: string, port: number): Plan {
  // A namespace record this syscall is still changing (an open draft) is not settled: no memo then.
  let m = k.draftOpen ? undefined : memos.get(k)
  const l = m?.last
  if (m?.gen === k.netGen && l && l.ns === ns && l.port === port && l.addr === addr) return l.plan
  if (!k.draftOpen && m?.gen !== k.netGen) memos.set(k, (m = { gen: k.netGen, byKey: new Map() }))
  const key = destKey(ns, addr, port)
  let p = m?.byKey.get(key)
  if (!p) {
    const r = routeLookup(k, ns, addr)
    p = { target: r.target, src: r.src, key, answer: r.target === OUTSIDE ? remoteAnswer(addr, port) : 0 }
    if (!m) return p
    m.byKey.set(key, p)
  }
  if (m) m.last = { ns, addr, port, plan: p }
  return p
}

/**
 * connect(2) of a fresh inet socket to a remote server, with no socket record
 * (socket.ts isRemoteConn): an ephemeral port, then the far end's answer.
 * undefined when the general path applies (another kind of socket or destination).
 */
export function inetConnectFresh(k: Kernel, kpid: Kpid, fd: number, addr: SockAddr): number | undefined {
  if (addr?.family !== 'inet') return undefined
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  if (id === undefined || !isFreshSocket(k, id, AF_INET)) return undefined
  const p = plan(k, t.ns.net, addr.addr, addr.port)
  if (p.target !== OUTSIDE) return undefined
  const holder = fileHolder(id)
  const port = ephemeralTake(k, p.key, holder)
  if (port < 0) return port
  if (p.answer < 0) {
    ephemeralRelease(k, p.key, port, holder)
    return p.answer
  }
  fileConnectedRemote(k, id, p.key, port)
  const c = k.ctr()
  c.remoteConns = (c.remoteConns ?? 0) + 1
  freshCount(k, -1)
  return 0
}

/** connect(2) of inet socket `s` (already a socket record) to `addr`, from task `kpid`. */
export function inetConnect(k: Kernel, kpid: Kpid, s: Socket, addr: Extract<SockAddr, { family: 'inet' }>): number | typeof BLOCK {
  const from = k.taskOrOops(kpid).ns.net
  const p = plan(k, from, addr.addr, addr.port)
  if (p.target < 0) return p.target
  if (p.target === OUTSIDE) return sockConnectRemote(k, from, s.id, p.answer, p.key, p.src)
  return sockConnect(k, kpid, s.id, portsOf(k, p.target).get(addr.port), p.key, p.src, addr.addr)
}
