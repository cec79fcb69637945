// Loopback stream sockets: socket(2), bind(2), listen(2), connect(2), accept(2), ip(7).
import { describe, expect, it } from 'vitest'
import { AF_INET, AF_UNIX, E, RLIMIT_NOFILE, SHUT_RD, SHUT_WR, SOCK_STREAM } from '../../abi/index.ts'
import { PENDING, harness } from '../../testing/harness.ts'

const lo = (port: number) => ({ family: 'inet', addr: '127.0.0.1', port })

describe('sockets', () => {
  it('a server and a client talk over loopback', () => {
    const h = harness()
    const srv = h.spawn()
    const cli = h.spawn()
    const l = h.call(srv, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(srv, 'bind', l, lo(8080))).toBe(0)
    expect(h.call(srv, 'listen', l, 16)).toBe(0)
    expect(h.call(srv, 'accept', l, 0)).toBe(PENDING)
    const c = h.call(cli, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(cli, 'connect', c, lo(8080))).toBe(0)
    const a = h.result(srv) as number
    expect(a).toBeGreaterThan(l)
    expect(h.call(cli, 'write', c, 'ping')).toBe(4)
    expect(h.call(srv, 'read', a, 100)).toBe('ping')
    expect(h.call(cli, 'getsockname', c)).toMatchObject({ family: 'inet', port: 32768 })
    h.call(cli, 'close', c)
    expect(h.call(srv, 'read', a, 100)).toBe('') // EOF
  })

  it('shutdown(2) SHUT_WR: the peer reads EOF and can still answer (the HTTP/1.0 request pattern); this end\'s writes get EPIPE', () => {
    const h = harness()
    const srv = h.spawn()
    const cli = h.spawn()
    const l = h.call(srv, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(srv, 'bind', l, lo(8090))
    h.call(srv, 'listen', l, 16)
    const c = h.call(cli, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(cli, 'connect', c, lo(8090))).toBe(0)
    const a = h.call(srv, 'accept', l, 0) as number
    expect(h.call(cli, 'write', c, 'GET /')).toBe(5)
    expect(h.call(cli, 'shutdown', c, SHUT_WR)).toBe(0)
    expect(h.call(srv, 'read', a, 100)).toBe('GET /')
    expect(h.call(srv, 'read', a, 100)).toBe('') // end of the request
    expect(h.call(srv, 'write', a, 'HTTP/1.0 200 OK')).toBe(15)
    expect(h.call(cli, 'read', c, 100)).toBe('HTTP/1.0 200 OK')
    h.call(cli, 'sigaction', 13, 'ignore') // SIGPIPE ignored, so the write just fails
    expect(h.call(cli, 'write', c, 'more')).toBe(-E.EPIPE)
    expect(h.call(cli, 'shutdown', c, 7)).toBe(-E.EINVAL)
    expect(h.call(srv, 'shutdown', a, SHUT_RD)).toBe(0)
    expect(h.call(srv, 'read', a, 100)).toBe('')
  })

  it('EADDRINUSE for a second bind, ECONNREFUSED with no listener, EACCES below 1024 without CAP_NET_BIND_SERVICE', () => {
    const h = harness()
    const p = h.spawn()
    const a = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    const b = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(p, 'bind', a, lo(9000))).toBe(0)
    expect(h.call(p, 'bind', b, lo(9000))).toBe(-E.EADDRINUSE)
    expect(h.call(p, 'connect', b, lo(9001))).toBe(-E.ECONNREFUSED)
    const nobody = h.spawn({ uid: 65534 })
    const s = h.call(nobody, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(nobody, 'bind', s, lo(80))).toBe(-E.EACCES)
  })

  it('closing the listener frees the port', () => {
    const h = harness()
    const p = h.spawn()
    const a = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(p, 'bind', a, lo(7000))
    h.call(p, 'close', a)
    const b = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(p, 'bind', b, lo(7000))).toBe(0)
  })

  it('accept(2) gives EMFILE at the fd limit even with a connection waiting', () => {
    const h = harness()
    const srv = h.spawn()
    const cli = h.spawn()
    const l = h.call(srv, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(srv, 'bind', l, lo(8081))
    h.call(srv, 'listen', l, 16)
    h.call(cli, 'connect', h.call(cli, 'socket', AF_INET, SOCK_STREAM, 0), lo(8081))
    h.call(srv, 'prlimit', 0, RLIMIT_NOFILE, [l + 1, l + 1])
    expect(h.call(srv, 'accept', l, 0)).toBe(-E.EMFILE)
  })

  it('unix sockets bind to a path; the path exists as a socket node', () => {
    const h = harness()
    const p = h.spawn()
    const s = h.call(p, 'socket', AF_UNIX, SOCK_STREAM, 0) as number
    expect(h.call(p, 'bind', s, { family: 'unix', path: '/tmp.sock' })).toBe(0)
    expect(h.call(p, 'listen', s, 4)).toBe(0)
    expect((h.call(p, 'stat', '/tmp.sock') as { mode: number }).mode & 0o170000).toBe(0o140000)
    const c = h.call(p, 'socket', AF_UNIX, SOCK_STREAM, 0) as number
    expect(h.call(p, 'connect', c, { family: 'unix', path: '/tmp.sock' })).toBe(0)
    expect(h.call(p, 'bind', h.call(p, 'socket', AF_UNIX, SOCK_STREAM, 0), { family: 'unix', path: '/tmp.sock' })).toBe(-E.EADDRINUSE)
  })

  it('a write to a socket whose peer closed is EPIPE and raises SIGPIPE', () => {
    const h = harness()
    const srv = h.spawn()
    const parent = h.spawn()
    const cli = h.fork(parent)
    const l = h.call(srv, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(srv, 'bind', l, lo(8082))
    h.call(srv, 'listen', l, 16)
    const c = h.call(cli, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(cli, 'connect', c, lo(8082))
    h.call(srv, 'close', l) // the pending connection dies with the listener
    h.call(cli, 'write', c, 'x')
    expect(h.call(parent, 'wait4', cli, 0)).toEqual({ pid: cli, status: 13 }) // killed by SIGPIPE
  })
})
