// Socket syscalls. socket() and accept() reserve an fd first (EMFILE) and then
// allocate the open file (ENFILE), as socket(2) and accept(2) list them.
import type { Kpid } from '../../abi/pid.ts'
import { AF_INET, AF_UNIX, E, O_NONBLOCK, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_CLOEXEC, SOCK_NONBLOCK, O_RDWR, type SockAddr } from '../../abi/index.ts'
import { mntWantWrite } from '../ns/mnt-ro.ts'
import { allocFile } from '../fd/files.ts'
import { fdGet, fdInstall, lowestFreeFd } from '../fd/fd-table.ts'
import { nameiParent, namei } from '../fs/namei.ts'
import { dirAdd, newInode } from '../fs/tmpfs.ts'
import { MAY_WRITE, permitted } from '../fs/perm.ts'
import { getattr } from '../fs/vnode.ts'
import { ovlCreateAt } from '../fs/overlay.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import {
  REMOTE_PEER, materialize, remotePeerName, sockAcceptNext, sockBind, sockConnect, sockListen, sockName, socketFile,
} from '../net/socket.ts'
import type { Socket } from '../state.ts'
import { securitySocketCreate } from '../security/hooks.ts'
import { bindableAddr } from '../ns/route.ts'
import { inetConnect, inetConnectFresh } from '../net/connect.ts'

export function sysSocket(k: Kernel, kpid: Kpid, domain: number, type: number): number {
  const t = k.taskOrOops(kpid)
  const denied = securitySocketCreate(k, t, domain, type) // raw sockets need CAP_NET_RAW
  if (denied) return denied
  const fd = lowestFreeFd(k, t)
  if (fd < 0) return fd
  const flags = (type & SOCK_NONBLOCK ? O_NONBLOCK : 0)
  const id = socketFile(k, t, domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), flags)
  if (id < 0) return id
  fdInstall(k, t, fd, id, (type & SOCK_CLOEXEC) !== 0)
  return fd
}

/** The socket behind fd, created on first use (a fresh socket() has no record yet: see socket.ts). */
function sockOf(k: Kernel, kpid: Kpid, fd: number): Socket | number {
  const id = fdGet(k, k.taskOrOops(kpid), fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  if (f.kind !== 'socket') return -E.ENOTSOCK
  return materialize(k, f)
}

/**
 * move_addr_to_kernel() and the address family's checks: a sockaddr that is
 * not one is EINVAL (bind(2), connect(2), ip(7), unix(7): sun_path holds 108
 * bytes with its NUL), never an exception in the kernel.
 */
export function badSockAddr(addr: unknown): boolean {
  if (typeof addr !== 'object' || addr === null) return true
  const a = addr as Record<string, unknown>
  if (a.family === 'unix') return typeof a.path !== 'string' || a.path.length > 107
  if (a.family !== 'inet') return true
  return typeof a.addr !== 'string' || !(a.addr === '' || ipv4(a.addr)) || !Number.isInteger(a.port) || (a.port as number) < 0 || (a.port as number) > 65535
}
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/
/** The last address that passed (a flood connects to one address a million times: no regex each time). */
let lastIpv4 = ''
function ipv4(addr: string): boolean {
  if (addr === lastIpv4) return true
  if (!IPV4.test(addr)) return false
  lastIpv4 = addr
  return true
}

export function sysBind(k: Kernel, kpid: Kpid, fd: number, addr: SockAddr): number {
  if (badSockAddr(addr)) return -E.EINVAL
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  const t = k.taskOrOops(kpid)
  if (addr?.family === 'unix') {
    if (s.domain !== AF_UNIX) return -E.EINVAL
    const p = nameiParent(k, t, addr.path)
    if (typeof p === 'number') return p
    if (p.node) return -E.EADDRINUSE
    const ro = mntWantWrite(k, t, p.dir) // unix(7): creating the socket file needs a writable mount
    if (ro) return ro
    if (p.dir.kind !== 'tmpfs' || !p.name) return -E.EACCES
    const ino = newInode(k, 's', 0o777 & ~t.umask, t.cred.fsuid, t.cred.fsgid)
    ino.sock = s.id
    dirAdd(k, ovlCreateAt(k, t, p.dir, p.name).dir, p.name, ino.ino)
    const w = k.mutSocket(s.id)
    w.state = 'bound'
    w.localAddr = addr.path
    return 0
  }
  if (addr?.family !== 'inet' || s.domain !== AF_INET) return -E.EINVAL
  if (!bindableAddr(k, t.ns.net, addr.addr)) return -E.EADDRNOTAVAIL
  return sockBind(k, t, s.id, addr)
}

export function sysListen(k: Kernel, kpid: Kpid, fd: number, backlog: number): number {
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  return sockListen(k, k.taskOrOops(kpid), s.id, backlog)
}

export function sysConnect(k: Kernel, kpid: Kpid, fd: number, addr: SockAddr): number | typeof BLOCK {
  if (badSockAddr(addr)) return -E.EINVAL
  const fresh = inetConnectFresh(k, kpid, fd, addr) // a fresh socket to a remote server needs no socket record
  if (fresh !== undefined) return fresh
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  if (addr?.family === 'unix') {
    if (s.domain !== AF_UNIX) return -E.EINVAL
    const r = namei(k, k.taskOrOops(kpid), addr.path)
    if (typeof r === 'number') return r
    const ino = r.node.kind === 'tmpfs' ? k.inode(r.node.ino) : undefined
    if (!ino || ino.type !== 's') return -E.ECONNREFUSED
    // unix(7): "connecting to the socket object requires write permission on that socket"
    if (!permitted(k.task(kpid)!.cred, getattr(k, r.node), MAY_WRITE)) return -E.EACCES
    return sockConnect(k, kpid, s.id, ino.sock, addr.path)
  }
  if (addr?.family !== 'inet' || s.domain !== AF_INET) return -E.EINVAL
  // Traffic goes only along links that exist: loopback (when lo is up), a veth/bridge path to another namespace, or the default route out.
  return inetConnect(k, kpid, s, addr)
}

export function sysAccept(k: Kernel, kpid: Kpid, fd: number, flags: number): number | typeof BLOCK {
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  const t = k.taskOrOops(kpid)
  const nfd = lowestFreeFd(k, t)
  if (nfd < 0) return nfd
  // Allocate the file first (ENFILE applies even with nothing to accept), release it if we must wait.
  const f = allocFile(k, t, { flags: O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0), pos: 0, kind: 'socket', obj: -1, path: '' })
  if (typeof f === 'number') return f
  const lf = k.file(fdGet(k, t, fd)!)!
  const next = sockAcceptNext(k, kpid, s.id, (lf.flags & O_NONBLOCK) !== 0)
  if (next === BLOCK || typeof next === 'number' && next < 0) {
    k.remove('files', f.id)
    return next
  }
  f.obj = next
  fdInstall(k, t, nfd, f.id, (flags & SOCK_CLOEXEC) !== 0)
  return nfd
}

/**
 * shutdown(2): SHUT_WR sends end-of-file to the peer (which can still answer: the HTTP/1.0 request pattern) and
 * makes this end's writes EPIPE; SHUT_RD makes this end's reads return 0 once queued data is read; SHUT_RDWR both.
 */
export function sysShutdown(k: Kernel, kpid: Kpid, fd: number, how: number): number {
  if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -E.EINVAL
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  if (s.state !== 'connected') return -E.ENOTCONN
  if (how !== SHUT_RD) {
    k.mutSocket(s.id).wrShut = true
    if (s.peer >= 0 && k.socket(s.peer)) {
      k.mutSocket(s.peer).peerClosed = true
      k.sched.wake(`sock:${s.peer}`)
    }
  }
  if (how !== SHUT_WR) {
    k.mutSocket(s.id).peerClosed = true
    k.sched.wake(`sock:${s.id}`)
  }
  return 0
}

export function sysGetsockname(k: Kernel, kpid: Kpid, fd: number, peer: boolean): SockAddr | number {
  const s = sockOf(k, kpid, fd)
  if (typeof s === 'number') return s
  if (!peer) return sockName(s)
  if (s.peer === REMOTE_PEER) return remotePeerName(s)
  const p = s.peer >= 0 ? k.socket(s.peer) : undefined
  return p ? sockName(p) : -E.ENOTCONN
}

