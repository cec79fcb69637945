// poll(2) and ppoll(2): the facts of the man page (revents, POLLNVAL, POLLHUP on
// pipes, "a timeout of zero causes poll() to return immediately", EINTR,
// EINVAL when nfds exceeds RLIMIT_NOFILE) and of each file's poll op in Linux:
// pipe_poll() (fs/pipe.c), tcp_poll()/unix_poll(), n_tty_poll() and the pty
// master; a regular file is always ready (DEFAULT_POLLMASK).
import { describe, expect, it } from 'vitest'
import {
  AF_INET, AF_UNIX, E, O_CREAT, O_NOCTTY, O_RDWR, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLRDHUP,
  SIG, SOCK_STREAM, type Kpid, type PollFd,
} from '../../abi/index.ts'
import { TIOCGPTN, TIOCSPTLCK } from '../../abi/termios.ts'
import { PENDING, harness, setNofile, type Harness } from '../../testing/harness.ts'

const pfd = (fd: number, events: number): PollFd => ({ fd, events, revents: 0 })

function pipe(h: Harness, p: Kpid): [number, number] {
  return h.call(p, 'pipe2', 0) as [number, number]
}

describe('poll(2) on pipes (pipe_poll)', () => {
  it('an empty pipe is not readable: a zero timeout returns 0 at once; written, it is POLLIN; the write end is POLLOUT', () => {
    const h = harness()
    const p = h.spawn()
    const [r, w] = pipe(h, p)
    const fds = [pfd(r, POLLIN), pfd(w, POLLOUT)]
    expect(h.call(p, 'poll', fds, 0)).toBe(1)
    expect(fds.map((f) => f.revents)).toEqual([0, POLLOUT])
    h.call(p, 'write', w, 'x')
    expect(h.call(p, 'poll', fds, 0)).toBe(2)
    expect(fds[0]!.revents).toBe(POLLIN)
  })

  it('the last writer gone: POLLHUP, reported although not asked for; with data left, POLLIN too', () => {
    const h = harness()
    const p = h.spawn()
    const [r, w] = pipe(h, p)
    h.call(p, 'write', w, 'tail')
    h.call(p, 'close', w)
    const fds = [pfd(r, POLLIN)]
    expect(h.call(p, 'poll', fds, -1)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLIN | POLLHUP)
    h.call(p, 'read', r, 100)
    const only = [pfd(r, 0)]
    expect(h.call(p, 'poll', only, -1)).toBe(1)
    expect(only[0]!.revents).toBe(POLLHUP)
  })

  it('the last reader gone: the write end is POLLERR', () => {
    const h = harness()
    const p = h.spawn()
    const [r, w] = pipe(h, p)
    h.call(p, 'close', r)
    const fds = [pfd(w, POLLOUT)]
    expect(h.call(p, 'poll', fds, 0)).toBe(1)
    expect(fds[0]!.revents & POLLERR).toBe(POLLERR)
  })

  it('sleeps on several pipes and wakes when one becomes readable; only that entry has revents', () => {
    const h = harness()
    const p = h.spawn()
    const [r1] = pipe(h, p)
    const [r2, w2] = pipe(h, p)
    const q = h.fork(p)
    const fds = [pfd(r1, POLLIN), pfd(r2, POLLIN)]
    expect(h.call(p, 'poll', fds, -1)).toBe(PENDING)
    expect(h.k.task(p)!.wchan).toBe('do_sys_poll')
    h.call(q, 'write', w2, 'hello')
    expect(h.result(p)).toBe(1)
    expect(fds.map((f) => f.revents)).toEqual([0, POLLIN])
  })
})

describe('poll(2): timeouts, POLLNVAL, EINTR, EINVAL', () => {
  it('the timeout runs in virtual time: poll returns 0 once it passes, with every revents cleared', () => {
    const h = harness()
    const p = h.spawn()
    const [r] = pipe(h, p)
    const fds = [{ fd: r, events: POLLIN, revents: 123 }]
    const t0 = h.k.s.nowNs
    expect(h.call(p, 'poll', fds, 250)).toBe(0)
    expect(h.k.s.nowNs - t0).toBeGreaterThanOrEqual(250_000_000)
    expect(fds[0]!.revents).toBe(0)
  })

  it('ppoll(2): a timespec in nanoseconds, NULL for none; a negative one is EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    const [r, w] = pipe(h, p)
    const t0 = h.k.s.nowNs
    expect(h.call(p, 'ppoll', [pfd(r, POLLIN)], 1_000_000)).toBe(0)
    expect(h.k.s.nowNs - t0).toBeGreaterThanOrEqual(1_000_000)
    expect(h.call(p, 'ppoll', [pfd(r, POLLIN)], -1)).toBe(-E.EINVAL)
    h.call(p, 'write', w, 'x')
    expect(h.call(p, 'ppoll', [pfd(r, POLLIN)], null)).toBe(1)
  })

  it('POLLNVAL for an fd that is not open; a negative fd is skipped ("revents returns zero")', () => {
    const h = harness()
    const p = h.spawn()
    const fds = [pfd(77, POLLIN), pfd(-1, POLLIN)]
    expect(h.call(p, 'poll', fds, 0)).toBe(1)
    expect(fds.map((f) => f.revents)).toEqual([POLLNVAL, 0])
  })

  it('a caught signal interrupts the sleep with EINTR; one already pending fails the call before it sleeps', () => {
    const h = harness()
    const p = h.spawn()
    const [r] = pipe(h, p)
    h.call(p, 'sigaction', SIG.SIGUSR1, 'catch')
    expect(h.call(p, 'poll', [pfd(r, POLLIN)], -1)).toBe(PENDING)
    const q = h.spawn()
    h.call(q, 'kill', p, SIG.SIGUSR1)
    expect(h.result(p)).toBe(-E.EINTR)
    expect(h.call(p, 'poll', [pfd(r, POLLIN)], -1)).toBe(-E.EINTR) // not taken yet (no handler ran)
    h.call(p, 'sigtake')
    expect(h.call(p, 'poll', [pfd(r, POLLIN)], 0)).toBe(0)
  })

  it('EINVAL: "The nfds value exceeds the RLIMIT_NOFILE value"', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 4)
    expect(h.call(p, 'poll', Array.from({ length: 5 }, () => pfd(-1, 0)), 0)).toBe(-E.EINVAL)
    expect(h.call(p, 'poll', Array.from({ length: 4 }, () => pfd(-1, 0)), 0)).toBe(0)
  })

  it('a regular file is always ready for reading and writing', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/tmp-poll', O_CREAT | O_RDWR)
    const fds = [pfd(fd, POLLIN | POLLOUT)]
    expect(h.call(p, 'poll', fds, -1)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLIN | POLLOUT)
  })
})

describe('poll(2) on sockets (tcp_poll, unix_poll) and ptys', () => {
  it('a listener is POLLIN once a connection waits in its accept queue', () => {
    const h = harness()
    const srv = h.spawn()
    const cli = h.spawn()
    const l = h.call(srv, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(srv, 'bind', l, { family: 'inet', addr: '127.0.0.1', port: 7000 })
    h.call(srv, 'listen', l, 8)
    const fds = [pfd(l, POLLIN)]
    expect(h.call(srv, 'poll', fds, -1)).toBe(PENDING)
    const c = h.call(cli, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(cli, 'connect', c, { family: 'inet', addr: '127.0.0.1', port: 7000 })).toBe(0)
    expect(h.result(srv)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLIN)
  })

  it('a connected socket is writable, readable once data arrives, and POLLIN|POLLRDHUP|POLLHUP after the peer closes', () => {
    const h = harness()
    const srv = h.spawn()
    const cli = h.spawn()
    const l = h.call(srv, 'socket', AF_UNIX, SOCK_STREAM, 0) as number
    h.call(srv, 'bind', l, { family: 'unix', path: '/sock' })
    h.call(srv, 'listen', l, 8)
    const c = h.call(cli, 'socket', AF_UNIX, SOCK_STREAM, 0) as number
    h.call(cli, 'connect', c, { family: 'unix', path: '/sock' })
    const a = h.call(srv, 'accept', l, 0) as number
    const fds = [pfd(a, POLLIN | POLLOUT | POLLRDHUP)]
    expect(h.call(srv, 'poll', fds, 0)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLOUT)
    h.call(cli, 'write', c, 'hi')
    h.call(srv, 'poll', fds, 0)
    expect(fds[0]!.revents).toBe(POLLIN | POLLOUT)
    h.call(cli, 'close', c)
    h.call(srv, 'poll', fds, 0)
    expect(fds[0]!.revents).toBe(POLLIN | POLLOUT | POLLRDHUP | POLLHUP)
  })

  it('a pty master is POLLIN when the slave writes and POLLHUP once the slave\'s last file is closed', () => {
    const h = harness()
    const p = h.spawn()
    const m = h.open(p, '/dev/ptmx', O_RDWR | O_NOCTTY)
    h.call(p, 'ioctl', m, TIOCSPTLCK, 0)
    const n = h.call(p, 'ioctl', m, TIOCGPTN) as number
    const s = h.open(p, `/dev/pts/${n}`, O_RDWR | O_NOCTTY)
    const fds = [pfd(m, POLLIN)]
    expect(h.call(p, 'poll', fds, 0)).toBe(0)
    h.call(p, 'write', s, 'out')
    expect(h.call(p, 'poll', fds, 0)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLIN)
    h.call(p, 'read', m, 100)
    const slave = [pfd(s, POLLIN)]
    expect(h.call(p, 'poll', slave, 0)).toBe(0)
    h.call(p, 'write', m, 'typed\n')
    expect(h.call(p, 'poll', slave, 0)).toBe(1)
    h.call(p, 'read', m, 100) // the echo of what was typed
    h.call(p, 'close', s)
    expect(h.call(p, 'poll', fds, 0)).toBe(1)
    expect(fds[0]!.revents).toBe(POLLHUP)
  })
})

