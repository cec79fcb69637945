// connect(2) beyond the machine (tcp(7), ip(7), ip-route(8)): the default
// route, the remote servers of net/remote.ts, ephemeral ports per destination
// (ip_local_port_range 32768-60999: 28,232), ENETUNREACH without a route.
import { describe, expect, it } from 'vitest'
import { AF_INET, CLONE_NEWNET, E, SOCK_NONBLOCK, SOCK_STREAM, type Kpid } from '../../abi/index.ts'
import { PENDING, harness, setNofile, type Harness } from '../../testing/harness.ts'
import { SLAB, memInfo } from '../mm.ts'
import { mkdir, move, rd } from '../cgroup/testutil.ts'
import { EPHEMERAL_RANGE } from './ephemeral.ts'
import { container } from './testutil.ts'

const inet = (addr: string, port: number) => ({ family: 'inet', addr, port })
const sock = (h: Harness, p: Kpid, flags = 0) => h.call(p, 'socket', AF_INET, SOCK_STREAM | flags, 0) as number
const dial = (h: Harness, p: Kpid, addr: string, port = 80) => h.call(p, 'connect', sock(h, p), inet(addr, port)) as number

describe('routes (ip-route(8), rtnetlink(7) RTM_NEWROUTE/RTM_DELROUTE)', () => {
  it('the host boots with the DHCP default route via 10.0.2.2 on eth0', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'rtnl', { op: 'getroutes' })).toEqual([{ via: '10.0.2.2', dev: 'eth0', proto: 'dhcp', src: '10.0.2.15', metric: 100 }])
  })

  it('add: EEXIST for a second default route, ENETUNREACH for an off-link gateway, ENODEV for an unknown device; del: ESRCH when absent', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'rtnl', { op: 'newroute', via: '10.0.2.2' })).toBe(-E.EEXIST)
    expect(h.call(p, 'rtnl', { op: 'delroute' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'getroutes' })).toEqual([])
    expect(h.call(p, 'rtnl', { op: 'delroute' })).toBe(-E.ESRCH)
    expect(h.call(p, 'rtnl', { op: 'newroute', via: '192.168.1.1' })).toBe(-E.ENETUNREACH) // "Nexthop has invalid gateway"
    expect(h.call(p, 'rtnl', { op: 'newroute', via: '10.0.2.2', dev: 'eth9' })).toBe(-E.ENODEV)
    expect(h.call(p, 'rtnl', { op: 'newroute', via: '10.0.2.2' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'getroutes' })).toEqual([{ via: '10.0.2.2', dev: 'eth0' }])
  })

  it('changing routes needs CAP_NET_ADMIN (EPERM); reading them does not', () => {
    const h = harness()
    const u = h.spawn({ uid: 65534 })
    expect(h.call(u, 'rtnl', { op: 'delroute' })).toBe(-E.EPERM)
    expect(h.call(u, 'rtnl', { op: 'newroute', via: '10.0.2.2' })).toBe(-E.EPERM)
    expect(h.call(u, 'rtnl', { op: 'getroutes' })).toHaveLength(1)
  })

  it('a new network namespace has no routes; a container gets its default via the bridge', () => {
    const h = harness()
    const host = h.spawn()
    const n = h.fork(h.spawn(), CLONE_NEWNET)
    expect(h.call(n, 'rtnl', { op: 'getroutes' })).toEqual([])
    const c = container(h, host)
    expect(h.call(c, 'rtnl', { op: 'getroutes' })).toEqual([{ via: '172.17.0.1', dev: 'eth0' }])
  })
})

describe('routes across a bridge (veth(4), bridge: the connected subnet reaches every port of the bridge)', () => {
  // Routing memoizes the machine's topology (ns/route.ts) until a network namespace's
  // devices, addresses or routes change: every such change must be seen at once.
  it('a container reaches another on docker0 (no listener: ECONNREFUSED), not once its eth0 is down (EHOSTUNREACH), again once up; binding ports in between changes nothing', () => {
    const h = harness()
    const host = h.spawn()
    const a = container(h, host, true, 2)
    const b = container(h, host, true, 3)
    expect(dial(h, a, '172.17.0.3')).toBe(-E.ECONNREFUSED)
    expect(dial(h, a, '172.17.0.9')).toBe(-E.EHOSTUNREACH) // nobody on the bridge has it
    const l = sock(h, b)
    expect(h.call(b, 'bind', l, inet('0.0.0.0', 80))).toBe(0)
    expect(h.call(b, 'listen', l, 8)).toBe(0)
    expect(dial(h, a, '172.17.0.3')).toBe(0)
    expect(h.call(b, 'rtnl', { op: 'setlink', name: 'eth0', up: false })).toBe(0)
    expect(dial(h, a, '172.17.0.3')).toBe(-E.EHOSTUNREACH)
    expect(h.call(b, 'rtnl', { op: 'setlink', name: 'eth0', up: true })).toBe(0)
    expect(dial(h, a, '172.17.0.3')).toBe(0)
    // A container that joins the bridge after the first lookups is reachable at once.
    container(h, host, true, 4)
    expect(dial(h, a, '172.17.0.4')).toBe(-E.ECONNREFUSED)
  })
})

describe('connections to remote servers (net/remote.ts: RFC 5737 networks, TCP 80 and 443)', () => {
  it('connect leaves from eth0: getsockname 10.0.2.15:32768, getpeername the server; writes are taken, reads wait', () => {
    const h = harness()
    const p = h.spawn()
    const s = sock(h, p, SOCK_NONBLOCK)
    expect(h.call(p, 'connect', s, inet('203.0.113.7', 443))).toBe(0)
    expect(h.call(p, 'getsockname', s)).toEqual(inet('10.0.2.15', 32768))
    expect(h.call(p, 'getpeername', s)).toEqual(inet('203.0.113.7', 443))
    expect(h.call(p, 'write', s, 'GET / HTTP/1.0\r\n')).toBe(16)
    expect(h.call(p, 'read', s, 100)).toBe(-E.EAGAIN)
    expect(h.call(p, 'connect', s, inet('203.0.113.7', 443))).toBe(-E.EISCONN)
    const b = sock(h, p)
    h.call(p, 'connect', b, inet('198.51.100.1', 80))
    expect(h.call(p, 'read', b, 100)).toBe(PENDING) // blocks: the server never answers
  })

  it('a closed port answers RST (ECONNREFUSED); other outside hosts never answer (ETIMEDOUT); neither keeps a port', () => {
    const h = harness()
    const p = h.spawn()
    expect(dial(h, p, '203.0.113.1', 22)).toBe(-E.ECONNREFUSED)
    expect(dial(h, p, '203.0.113.1', 8080)).toBe(-E.ECONNREFUSED)
    expect(dial(h, p, '8.8.8.8', 443)).toBe(-E.ETIMEDOUT)
    expect(dial(h, p, '10.9.9.9', 80)).toBe(-E.ETIMEDOUT)
    const s = sock(h, p)
    h.call(p, 'connect', s, inet('203.0.113.1', 80))
    expect(h.call(p, 'getsockname', s)).toEqual(inet('10.0.2.15', 32768))
  })

  it('a connection costs one open file and one port, nothing for the server side; its socket record is made only when a call needs it', () => {
    const h = harness()
    const p = h.spawn()
    const files = h.k.s.files.size
    const sockets = h.k.s.sockets.size
    const slab = memInfo(h.k).slab
    const fds: number[] = []
    for (let i = 0; i < 10; i++) {
      fds.push(sock(h, p))
      expect(h.call(p, 'connect', fds[i], inet('192.0.2.10', 80))).toBe(0)
    }
    expect(h.k.s.files.size - files).toBe(10)
    expect(h.k.s.sockets.size - sockets).toBe(0)
    // ...yet each is a struct file and a sock of kernel memory, as /proc/meminfo's Slab counts them
    expect(memInfo(h.k).slab - slab).toBe(10 * (SLAB.file + SLAB.socket))
    expect(h.call(p, 'getsockname', fds[3])).toEqual(inet('10.0.2.15', 32771))
    expect(h.k.s.sockets.size - sockets).toBe(1)
    expect(memInfo(h.k).slab - slab).toBe(10 * (SLAB.file + SLAB.socket))
    expect(h.call(p, 'connect', fds[4], inet('192.0.2.10', 80))).toBe(-E.EISCONN)
    expect(h.call(p, 'write', fds[5], 'x')).toBe(1)
    // Closing gives the ports back, with or without a record: the next two connections get them.
    h.call(p, 'close', fds[3])
    h.call(p, 'close', fds[0])
    const a = sock(h, p)
    h.call(p, 'connect', a, inet('192.0.2.10', 80))
    expect(h.call(p, 'getsockname', a)).toEqual(inet('10.0.2.15', 32768))
    const b = sock(h, p)
    h.call(p, 'connect', b, inet('192.0.2.10', 80))
    expect(h.call(p, 'getsockname', b)).toEqual(inet('10.0.2.15', 32771))
    expect(h.call(p, 'getpeername', b)).toEqual(inet('192.0.2.10', 80))
    for (const fd of fds.slice(1)) if (fd !== fds[3]) h.call(p, 'close', fd)
    h.call(p, 'close', a) // a and b reuse the fd numbers of fds[0] and fds[3]
    h.call(p, 'close', b)
    expect(memInfo(h.k).slab).toBe(slab)
  })

  it('idle sockets from socket(2), before any bind or connect, are kernel memory too (/proc/meminfo Slab)', () => {
    const h = harness()
    const p = h.spawn()
    const slab = memInfo(h.k).slab
    const fds = Array.from({ length: 5 }, () => sock(h, p))
    expect(memInfo(h.k).slab - slab).toBe(5 * (SLAB.file + SLAB.socket))
    h.call(p, 'listen', fds[0], 5) // gets its record: still one sock
    expect(memInfo(h.k).slab - slab).toBe(5 * (SLAB.file + SLAB.socket))
    for (const fd of fds) h.call(p, 'close', fd)
    expect(memInfo(h.k).slab).toBe(slab)
  })

  it('EADDRNOTAVAIL after exactly 28,232 connections to one destination; another destination has its own 28,232; a closed connection frees its port', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 100_000)
    expect(EPHEMERAL_RANGE).toBe(28232)
    let n = 0
    let last = 0
    for (;;) {
      const s = sock(h, p)
      const r = h.call(p, 'connect', s, inet('203.0.113.1', 80)) as number
      if (r < 0) {
        expect(r).toBe(-E.EADDRNOTAVAIL)
        h.call(p, 'close', s)
        break
      }
      last = s
      n++
    }
    expect(n).toBe(28232)
    expect(h.call(p, 'getsockname', last)).toEqual(inet('10.0.2.15', 60999))
    expect(dial(h, p, '203.0.113.2')).toBe(0) // another destination
    expect(dial(h, p, '203.0.113.1', 443)).toBe(0) // another port is another destination
    h.call(p, 'close', last)
    const again = sock(h, p)
    expect(h.call(p, 'connect', again, inet('203.0.113.1', 80))).toBe(0)
    expect(h.call(p, 'getsockname', again)).toEqual(inet('10.0.2.15', 60999))
  })

  it('ENETUNREACH "Network is unreachable" without a default route: a new namespace, or the host after `ip route del default`', () => {
    const h = harness()
    const host = h.spawn()
    const n = h.fork(h.spawn(), CLONE_NEWNET)
    h.call(n, 'rtnl', { op: 'setlink', name: 'lo', up: true })
    expect(dial(h, n, '203.0.113.1')).toBe(-E.ENETUNREACH)
    const c = container(h, host, false)
    expect(dial(h, c, '203.0.113.1')).toBe(-E.ENETUNREACH)
    expect(h.call(host, 'rtnl', { op: 'delroute' })).toBe(0)
    expect(dial(h, host, '203.0.113.1')).toBe(-E.ENETUNREACH)
  })

  it('from a container: via the bridge to the host, then out of eth0 (MASQUERADE); with no host route the host answers ICMP net unreachable', () => {
    const h = harness()
    const host = h.spawn()
    const c = container(h, host)
    const s = sock(h, c)
    expect(h.call(c, 'connect', s, inet('203.0.113.1', 80))).toBe(0)
    expect(h.call(c, 'getsockname', s)).toEqual(inet('172.17.0.2', 32768))
    expect(h.call(host, 'rtnl', { op: 'delroute' })).toBe(0)
    expect(dial(h, c, '203.0.113.1')).toBe(-E.ENETUNREACH) // tcp_v4_err in SYN_SENT: the ICMP error ends the connect
  })
})

describe('fd accounting of connections (socket(2), connect(2), proc_sys_fs(5))', () => {
  it('socket() gives EMFILE before ENFILE; at file-max socket() is ENFILE but connect() on a socket already open still works', () => {
    const h = harness({ memoryBytes: 64 * 2 ** 20 }) // file-max 6553
    const u = h.spawn({ uid: 1000 })
    setNofile(h, u, 1024) // an unprivileged process can raise its soft limit up to the hard one
    const root = h.spawn()
    setNofile(h, root, 10_000)
    const spare = sock(h, u)
    while (h.k.s.files.size < h.k.coarse.sysctl.fileMax) sock(h, root) // root may even exceed it (CAP_SYS_ADMIN)
    expect(sock(h, u)).toBe(-E.ENFILE)
    expect(h.call(u, 'connect', spare, inet('203.0.113.1', 80))).toBe(0)
    h.call(u, 'prlimit', 0, 7, [spare + 1, 1024])
    expect(sock(h, u)).toBe(-E.EMFILE) // the fd check comes first (socket(2) lists EMFILE, then ENFILE)
  })

  it('each connection is kernel memory charged to the opener\'s memory cgroup (a file and a sock)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    const q = h.spawn()
    move(h, p, q, 'a')
    const before = Number(rd(h, p, 'a/memory.current'))
    for (let i = 0; i < 100; i++) expect(dial(h, q, '203.0.113.5', 443)).toBe(0)
    expect(Number(rd(h, p, 'a/memory.current')) - before).toBe(100 * (SLAB.file + SLAB.socket))
  })
})
