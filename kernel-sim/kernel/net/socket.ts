// Stream sockets on loopback (socket(7), tcp(7), unix(7)): socket, bind,
// listen, connect, accept, read/write, close. Every socket that a process
// holds is an open file, so sockets count against RLIMIT_NOFILE and fs.file-max.
// A connection to the world outside (remote.ts) has no peer socket here: its
// peer is REMOTE_PEER and its destination is in ephemeralDest.
// SIMPLIFICATION: 127.0.0.1 and 0.0.0.0 are the same port space; connections
// are established at once.
import type { Kpid } from '../../abi/pid.ts'
import {
  AF_INET, AF_UNIX, CAP, E, EPHEMERAL_PORT_HIGH, EPHEMERAL_PORT_LOW, O_RDWR, SIG, SOCK_STREAM,
  SOMAXCONN, type SockAddr,
} from '../../abi/index.ts'
import { allocSocketFile } from '../fd/files.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { OpenFile, Socket, Task } from '../state.ts'
import { sendSignal, userSigInfo } from '../task/signal.ts'
import { netOwner, portsOf, setPortsOf } from '../ns/net.ts'
import { nsCapable } from '../ns/user.ts'
import { INIT_NS } from '../boot.ts'
import { destNs, destOf, ephemeralRehold, ephemeralRelease, ephemeralTake, fileHolder } from './ephemeral.ts'
import { routeLookup } from '../ns/route.ts'

/** Socket.peer of a connection to a remote server (no socket of this machine at the other end). */
export const REMOTE_PEER = -2
/** The wait queue of a socket's readers (and of its listener's accept and connect); poll(2) sleeps on it too. */
export const sockChan = (id: number) => `sock:${id}`
const chan = sockChan
/** Shared empty accept queue (backlogs are replaced, never mutated). */
const NO_BACKLOG: number[] = []

function newSocket(k: Kernel, domain: number, type: number, files: number): Socket {
  const c = k.ctr()
  const s: Socket = {
    id: c.nextSocket++, domain, type, state: 'unbound', localAddr: '', localPort: 0, peer: -1,
    backlog: NO_BACKLOG, backlogMax: 0, rx: '', peerClosed: false, ephemeralDest: '', files,
  }
  return k.put('sockets', s.id, s)
}

/**
 * socket(2): EAFNOSUPPORT / EPROTONOSUPPORT for what is not modelled. The
 * socket record is made on first use (bind, listen, connect): until then the
 * open file's obj holds -domain, so a flood of idle sockets stays small (the
 * file is one number: fd/compact.ts). The file's id, or -errno.
 */
export function socketFile(k: Kernel, t: Task, domain: number, type: number, flags: number): number {
  if (domain !== AF_INET && domain !== AF_UNIX) return -E.EAFNOSUPPORT
  if (type !== SOCK_STREAM) return -E.EPROTONOSUPPORT // SIMPLIFICATION: stream sockets only
  const id = allocSocketFile(k, t, O_RDWR | flags, domain)
  if (id >= 0) freshCount(k, 1)
  return id
}

/** Counts record-less fresh sockets, so /proc/meminfo's Slab still sees a flood of idle ones (mm.ts). */
export function freshCount(k: Kernel, delta: number): void {
  const c = k.ctr()
  c.freshSockets = (c.freshSockets ?? 0) + delta
}

/**
 * A fresh socket that connects to a remote server keeps no socket record
 * either (net/connect.ts): a flood of a million connections is a million open
 * files and ports, nothing more. Its obj holds -(its ephemeral port) (ports
 * are >= 32768, so never a -domain) and its path the destination key, until
 * a call needs the record (getsockname, read, write...: materialize()).
 */
export const isRemoteConn = (f: OpenFile) => f.kind === 'socket' && f.obj <= -EPHEMERAL_PORT_LOW

/** The socket record of a socket file, creating it for a fresh socket or a record-less remote connection. */
export function materialize(k: Kernel, f: OpenFile): Socket {
  if (f.obj >= 0) return k.socket(f.obj)!
  if (isRemoteConn(f)) return materializeRemote(k, f)
  const s = newSocket(k, -f.obj, SOCK_STREAM, 1)
  k.mutFile(f.id).obj = s.id
  freshCount(k, -1)
  return s
}

function materializeRemote(k: Kernel, f: OpenFile): Socket {
  const key = f.path
  const ns = destNs(key)
  const s = newSocket(k, AF_INET, SOCK_STREAM, 1)
  s.state = 'connected'
  s.peer = REMOTE_PEER
  s.localPort = -f.obj
  s.ephemeralDest = key
  // SIMPLIFICATION: the source address is looked up now, from the routes of now (Linux fixed it at connect time).
  s.localAddr = routeLookup(k, ns, destOf(key).addr).src
  if (ns !== INIT_NS.net) s.netns = ns
  ephemeralRehold(k, key, s.localPort, fileHolder(f.id), s.id)
  k.ctr().remoteConns!--
  const w = k.mutFile(f.id)
  w.obj = s.id
  w.path = ''
  return s
}

/** read(2) on a socket file: ENOTCONN before connect. */
export function sockFileRead(k: Kernel, kpid: Kpid, f: OpenFile, count: number, nonblock: boolean): string | number | typeof BLOCK {
  if (f.obj < 0 && !isRemoteConn(f)) return -E.ENOTCONN
  return sockRead(k, kpid, materialize(k, f).id, count, nonblock)
}

/** write(2) on a socket file: ENOTCONN before connect. */
export function sockFileWrite(k: Kernel, kpid: Kpid, f: OpenFile, data: string, nonblock = false): number | typeof BLOCK {
  if (f.obj < 0 && !isRemoteConn(f)) return -E.ENOTCONN
  return sockWrite(k, kpid, materialize(k, f).id, data, nonblock)
}

/** The last close of a socket file: the socket record, or a record-less connection's port. */
export function socketFileRelease(k: Kernel, f: OpenFile): void {
  if (f.obj >= 0) socketRelease(k, f.obj)
  else if (isRemoteConn(f)) {
    ephemeralRelease(k, f.path, -f.obj, fileHolder(f.id))
    k.ctr().remoteConns!--
  } else freshCount(k, -1)
}

/** Last file reference gone: close the socket, tell the peer, free the port. */
export function socketRelease(k: Kernel, id: number): void {
  const s = k.mutSocket(id)
  s.files--
  if (s.files > 0) return
  closeSocket(k, id)
}

function closeSocket(k: Kernel, id: number): void {
  const s = k.socket(id)
  if (!s) return
  if (s.state === 'listening' || s.state === 'bound') {
    const ns = s.netns ?? INIT_NS.net
    if (s.domain === AF_INET && portsOf(k, ns).get(s.localPort) === id) setPortsOf(k, ns, portsOf(k, ns).delete(s.localPort, k.edit))
    for (const pending of s.backlog) closeSocket(k, pending)
  }
  if (s.peer >= 0 && k.socket(s.peer)) {
    const p = k.mutSocket(s.peer)
    p.peerClosed = true
    p.peer = -1
    k.sched.wake(chan(s.peer))
  }
  if (s.ephemeralDest) ephemeralRelease(k, s.ephemeralDest, s.localPort, id)
  k.remove('sockets', id)
  k.sched.wake(chan(id))
  k.sched.wake(wchan(id)) // a writer blocked on our full queue now gets EPIPE
}

export function sockBind(k: Kernel, t: Task, id: number, addr: SockAddr): number {
  const s = k.socket(id)!
  if (s.state !== 'unbound') return -E.EINVAL
  if (addr.family === 'unix') return -E.EOPNOTSUPP // bound through the VFS, see sys-net.ts
  if (s.domain !== AF_INET) return -E.EINVAL
  let port = addr.port
  const ns = t.ns.net
  if (port === 0) port = ephemeralFree(k, ns)
  if (port < 0 || port > 65535) return -E.EINVAL
  // ip(7): "Only privileged processes ... (CAP_NET_BIND_SERVICE) may bind to a port number less than 1024."
  if (port < 1024 && !nsCapable(k, t, CAP.NET_BIND_SERVICE, netOwner(k, t))) return -E.EACCES
  // Each network namespace has its own port space (network_namespaces(7)).
  const ports = portsOf(k, ns)
  if (ports.has(port)) return -E.EADDRINUSE
  setPortsOf(k, ns, ports.set(port, id, k.edit))
  const w = k.mutSocket(id)
  if (ns !== INIT_NS.net) w.netns = ns
  w.state = 'bound'
  w.localAddr = addr.addr
  w.localPort = port
  return 0
}

function ephemeralFree(k: Kernel, ns: number): number {
  const ports = portsOf(k, ns)
  for (let p = EPHEMERAL_PORT_LOW; p <= EPHEMERAL_PORT_HIGH; p++) if (!ports.has(p)) return p
  return -1
}

export function sockListen(k: Kernel, t: Task, id: number, backlog: number): number {
  const s = k.socket(id)!
  if (s.state === 'unbound' && s.domain === AF_INET) {
    const r = sockBind(k, t, id, { family: 'inet', addr: '0.0.0.0', port: 0 })
    if (r < 0) return r
  }
  const cur = k.socket(id)!
  if (cur.state !== 'bound' && cur.state !== 'listening') return -E.EINVAL
  const w = k.mutSocket(id)
  w.state = 'listening'
  w.backlogMax = Math.max(1, Math.min(backlog, SOMAXCONN))
  return 0
}

/**
 * connect(2) to a remote server (tcp(7)): an ephemeral port towards the
 * destination `dest` (a destKey, kept by the socket for getpeername), then
 * the far end's `answer` (remote.ts). `src` is the egress address
 * (getsockname). No peer socket, no server-side file.
 */
export function sockConnectRemote(k: Kernel, ns: number, id: number, answer: number, dest: string, src: string): number {
  const s = k.socket(id)!
  if (s.state === 'connected') return -E.EISCONN
  if (s.state === 'listening') return -E.EINVAL
  let localPort = s.localPort
  if (s.state === 'unbound') {
    // The SYN needs a source port first (__inet_hash_connect), then the far end answers.
    const port = ephemeralTake(k, dest, id)
    if (port < 0) return port
    if (answer < 0) {
      ephemeralRelease(k, dest, port, id)
      return answer
    }
    localPort = port
  } else if (answer < 0) return answer
  const w = k.mutSocket(id)
  w.state = 'connected'
  w.peer = REMOTE_PEER
  w.ephemeralDest = dest
  w.localPort = localPort
  if (!w.localAddr || w.localAddr === '0.0.0.0') w.localAddr = src
  if (ns !== INIT_NS.net) w.netns = ns
  return 0
}

/**
 * connect(2) to a listening socket `target`; blocks while its accept queue is full. For inet, `src` is the
 * route's source address (what the server sees as the client: 172.17.0.1 from the host to a container)
 * and `dstAddr` the address connected to (the accepted socket's own address when the listener is on 0.0.0.0).
 */
export function sockConnect(
  k: Kernel, kpid: Kpid, id: number, target: number | undefined, dest: string, src = '127.0.0.1', dstAddr = '',
): number | typeof BLOCK {
  const s = k.socket(id)!
  if (s.state === 'connected') return -E.EISCONN
  if (s.state === 'listening') return -E.EINVAL
  const l = target === undefined ? undefined : k.socket(target)
  if (!l || l.state !== 'listening') return -E.ECONNREFUSED
  if (l.backlog.length >= l.backlogMax) return k.sched.sleepOn(kpid, chan(l.id), 'inet_wait_for_connect')
  let ephemeralDest = ''
  let localPort = s.localPort
  if (s.domain === AF_INET && s.state === 'unbound') {
    // Each connection to one destination needs its own local port: 28,232 of them (ip_local_port_range).
    const port = ephemeralTake(k, dest, id)
    if (port < 0) return port
    ephemeralDest = dest
    localPort = port
  }
  const server = newSocket(k, s.domain, s.type, 0)
  server.state = 'connected'
  server.peer = id
  server.localAddr = l.localAddr && l.localAddr !== '0.0.0.0' ? l.localAddr : dstAddr || l.localAddr
  server.localPort = l.localPort
  const w = k.mutSocket(id)
  w.state = 'connected'
  w.peer = server.id
  w.ephemeralDest = ephemeralDest
  w.localPort = localPort
  // A socket bound to one address keeps it; otherwise the route picks the source (ip-route(8) "src").
  w.localAddr = s.domain !== AF_INET ? '' : s.localAddr && s.localAddr !== '0.0.0.0' ? s.localAddr : src || '127.0.0.1'
  const lw = k.mutSocket(l.id)
  lw.backlog = [...lw.backlog, server.id]
  k.sched.wake(chan(l.id))
  return 0
}

/** Takes the next established connection; the caller has already checked fds and file-max. */
export function sockAcceptNext(k: Kernel, kpid: Kpid, id: number, nonblock: boolean): number | typeof BLOCK {
  const l = k.socket(id)!
  if (l.state !== 'listening') return -E.EINVAL
  if (l.backlog.length === 0) return nonblock ? -E.EAGAIN : k.sched.sleepOn(kpid, chan(id), 'inet_csk_accept')
  const w = k.mutSocket(id)
  const next = w.backlog[0]!
  w.backlog = w.backlog.slice(1)
  k.mutSocket(next).files = 1
  k.sched.wake(chan(id))
  return next
}

export function sockRead(k: Kernel, kpid: Kpid, id: number, count: number, nonblock: boolean): string | number | typeof BLOCK {
  const s = k.socket(id)!
  if (s.state !== 'connected') return -E.ENOTCONN
  if (s.rx.length === 0) {
    if (s.peerClosed) return ''
    return nonblock ? -E.EAGAIN : k.sched.sleepOn(kpid, chan(id), 'sk_wait_data')
  }
  const w = k.mutSocket(id)
  const data = w.rx.slice(0, count)
  w.rx = w.rx.slice(count)
  k.sched.wake(wchan(id)) // room for a writer that waited (sock_wait_for_wmem)
  return data
}

/**
 * What a connected stream socket buffers for its reader before write(2)
 * blocks (or fails with EAGAIN under O_NONBLOCK): net.core.wmem_default and
 * rmem_default, 212992 bytes (socket(7)).
 * SIMPLIFICATION: one limit on the receiver's queue stands for both buffers.
 */
export const SOCK_BUF_BYTES = 212992
/** Writers waiting for room in this socket's receive queue. */
export const sockWriteChan = (id: number) => `sockw:${id}`
const wchan = sockWriteChan

export function sockWrite(k: Kernel, kpid: Kpid, id: number, data: string, nonblock = false): number | typeof BLOCK {
  const s = k.socket(id)!
  if (s.state !== 'connected') return -E.ENOTCONN
  if (s.peer === REMOTE_PEER) return data.length // the remote server takes it (remote.ts)
  // EPIPE when the peer is gone or this end shut down writing; a peer that only shut down *its* writing still reads.
  if (s.peer < 0 || s.wrShut) {
    sendSignal(k, kpid, SIG.SIGPIPE, false, userSigInfo(k, kpid)) // send_sig(SIGPIPE, current, 0): SI_USER from itself
    return -E.EPIPE
  }
  const room = SOCK_BUF_BYTES - k.socket(s.peer)!.rx.length
  if (room <= 0) return nonblock ? -E.EAGAIN : k.sched.sleepOn(kpid, wchan(s.peer), 'sock_wait_for_wmem')
  const part = data.length > room ? data.slice(0, room) : data
  const p = k.mutSocket(s.peer)
  p.rx += part
  k.sched.wake(chan(s.peer))
  return part.length
}

/** getpeername(2) of a connection to a remote server. */
export function remotePeerName(s: Socket): SockAddr {
  return { family: 'inet', ...destOf(s.ephemeralDest) }
}

export function sockName(s: Socket): SockAddr {
  return s.domain === AF_UNIX ? { family: 'unix', path: s.localAddr } : { family: 'inet', addr: s.localAddr || '0.0.0.0', port: s.localPort }
}
