// Processes: fork(2), wait4(2), _exit(2), kill(2), signal(7), getrlimit(2) RLIMIT_NPROC.
import { describe, expect, it } from 'vitest'
import { E, RLIMIT_NPROC, SIG, WCONTINUED, WNOHANG, WUNTRACED, INIT_KPID } from '../../abi/index.ts'
import { PENDING, harness } from '../../testing/harness.ts'

describe('fork, exit and wait', () => {
  it('a child is a zombie until its parent reaps it; wait4 returns its status', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(c, 'getppid')).toBe(p)
    h.call(c, 'exit', 3)
    expect(h.k.task(c)?.state).toBe('Z')
    expect(h.call(p, 'wait4', -1, 0)).toEqual({ pid: c, status: 3 << 8 })
    expect(h.k.task(c)).toBeUndefined()
    expect(h.call(p, 'wait4', -1, 0)).toBe(-E.ECHILD)
  })

  it('wait4 blocks until a child exits, WNOHANG does not', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(p, 'wait4', c, WNOHANG)).toEqual({ pid: 0, status: 0 })
    expect(h.call(p, 'wait4', c, 0)).toBe(PENDING)
    expect(h.k.task(p)?.wchan).toBe('do_wait')
    h.call(c, 'exit', 0)
    expect(h.result(p)).toEqual({ pid: c, status: 0 })
  })

  it('orphans are reparented to init, which reaps them', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    const g = h.fork(c)
    h.call(c, 'exit', 0)
    expect(h.k.task(g)?.ppid).toBe(1)
    expect(h.call(g, 'getppid')).toBe(1)
    h.call(g, 'exit', 0)
    h.settle()
    expect(h.k.task(g)).toBeUndefined() // init reaped it
  })

  it('wait4(-1, WNOHANG) among many children: a stop, a continue, an exit and a reparented zombie are each collected once (wait(2))', () => {
    const h = harness()
    const p = h.spawn()
    const kids = Array.from({ length: 5 }, () => h.fork(p))
    expect(h.call(p, 'wait4', -1, WNOHANG)).toEqual({ pid: 0, status: 0 })
    const [a, b, c, d] = [kids[0]!, kids[1]!, kids[2]!, kids[3]!]
    h.call(p, 'kill', a, SIG.SIGSTOP)
    expect(h.call(p, 'wait4', -1, WNOHANG)).toEqual({ pid: 0, status: 0 }) // a stop without WUNTRACED is not reported
    expect(h.call(p, 'wait4', -1, WNOHANG | WUNTRACED)).toEqual({ pid: a, status: (SIG.SIGSTOP << 8) | 0x7f })
    expect(h.call(p, 'wait4', -1, WNOHANG | WUNTRACED)).toEqual({ pid: 0, status: 0 })
    h.call(p, 'kill', a, SIG.SIGCONT)
    expect(h.call(p, 'wait4', a, WNOHANG | WCONTINUED)).toEqual({ pid: a, status: 0xffff })
    h.call(p, 'kill', b, SIG.SIGSTOP)
    h.call(p, 'kill', b, SIG.SIGKILL) // its uncollected stop gives way to its death: one report
    h.settle()
    h.call(c, 'exit', 5)
    expect(h.call(p, 'wait4', c, WNOHANG)).toEqual({ pid: c, status: 5 << 8 })
    expect(h.call(p, 'wait4', -1, WNOHANG | WUNTRACED)).toEqual({ pid: b, status: SIG.SIGKILL })
    expect(h.call(p, 'wait4', -1, WNOHANG | WUNTRACED)).toEqual({ pid: 0, status: 0 })
    // d's zombie child goes to init with d's exit; d is reported to p.
    const g = h.fork(d)
    h.call(g, 'exit', 0)
    h.call(d, 'exit', 6)
    expect(h.call(p, 'wait4', -1, WNOHANG)).toEqual({ pid: d, status: 6 << 8 })
    h.settle()
    expect(h.k.task(g)).toBeUndefined() // init reaped it
    expect(h.call(p, 'wait4', -1, WNOHANG)).toEqual({ pid: 0, status: 0 })
  })

  it('SIGCHLD set to SIG_IGN: children are reaped at once, wait4 gives ECHILD (wait(2))', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'sigaction', SIG.SIGCHLD, 'ignore')
    const c = h.fork(p)
    h.call(c, 'exit', 0)
    expect(h.k.task(c)).toBeUndefined()
    expect(h.call(p, 'wait4', -1, 0)).toBe(-E.ECHILD)
  })
})

describe('signals', () => {
  it('default actions: SIGTERM terminates, SIGCHLD is ignored; the status records the signal', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(p, 'kill', c, SIG.SIGCHLD)).toBe(0)
    expect(h.k.task(c)?.state).not.toBe('Z')
    expect(h.call(p, 'kill', c, SIG.SIGTERM)).toBe(0)
    expect(h.call(p, 'wait4', c, 0)).toEqual({ pid: c, status: SIG.SIGTERM })
  })

  it('SIGKILL and SIGSTOP cannot be caught or ignored (EINVAL)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'sigaction', SIG.SIGKILL, 'ignore')).toBe(-E.EINVAL)
    expect(h.call(p, 'sigaction', SIG.SIGSTOP, 'catch')).toBe(-E.EINVAL)
  })

  it('a caught signal interrupts a sleeping call with EINTR and is queued', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    h.call(c, 'sigaction', SIG.SIGUSR1, 'catch')
    expect(h.call(c, 'pause')).toBe(PENDING)
    h.call(p, 'kill', c, SIG.SIGUSR1)
    expect(h.result(c)).toBe(-E.EINTR)
    expect(h.call(c, 'sigtake')).toEqual([SIG.SIGUSR1])
  })

  it('nanosleep takes virtual time: the clock jumps when everyone sleeps', () => {
    const h = harness()
    const p = h.spawn()
    const t0 = h.k.s.nowNs
    expect(h.call(p, 'nanosleep', 10e9)).toBe(0)
    expect(h.k.s.nowNs - t0).toBeGreaterThanOrEqual(10e9)
    expect(h.k.s.nowNs - t0).toBeLessThan(10.001e9)
  })

  it('SIGSTOP stops, wait4 WUNTRACED reports it, SIGCONT resumes', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    h.call(p, 'kill', c, SIG.SIGSTOP)
    expect(h.k.task(c)?.state).toBe('T')
    expect(h.call(p, 'wait4', c, WUNTRACED)).toEqual({ pid: c, status: (SIG.SIGSTOP << 8) | 0x7f })
    h.call(p, 'kill', c, SIG.SIGCONT)
    expect(h.k.task(c)?.state).not.toBe('T')
  })

  it('kill(2): ESRCH for no such process, EPERM across users without CAP_KILL', () => {
    const h = harness()
    const root = h.spawn()
    const nobody = h.spawn({ uid: 65534 })
    expect(h.call(root, 'kill', 99999, 0)).toBe(-E.ESRCH)
    expect(h.call(nobody, 'kill', root, SIG.SIGTERM)).toBe(-E.EPERM)
    expect(h.call(root, 'kill', nobody, 0)).toBe(0)
  })

  it('pid_namespaces(7): init only receives signals it handles', () => {
    const h = harness()
    const root = h.spawn()
    expect(h.call(root, 'kill', 1, SIG.SIGKILL)).toBe(0)
    expect(h.k.task(INIT_KPID)?.state).not.toBe('Z')
    expect(h.k.panicked).toBe('')
  })
})

describe('RLIMIT_NPROC', () => {
  it('fork fails with EAGAIN at the limit for an unprivileged user (getrlimit(2))', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    h.call(p, 'prlimit', 0, RLIMIT_NPROC, [3, 3])
    expect(h.fork(p)).toBeGreaterThan(0)
    expect(h.fork(p)).toBeGreaterThan(0)
    expect(h.fork(p)).toBe(-E.EAGAIN)
  })

  it('"not enforced for processes ... with real user ID 0"', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'prlimit', 0, RLIMIT_NPROC, [1, 1])
    for (let i = 0; i < 5; i++) expect(h.fork(p)).toBeGreaterThan(0)
  })
})

describe('credentials', () => {
  it('setresuid away from 0 clears the permitted and effective capabilities (capabilities(7))', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'capget', 0)).toMatchObject({ eff: 0x1ffffffffffn })
    expect(h.call(p, 'setresuid', 1000, 1000, 1000)).toBe(0)
    expect(h.call(p, 'capget', 0)).toMatchObject({ eff: 0n, prm: 0n })
    expect(h.call(p, 'setresuid', 0, 0, 0)).toBe(-E.EPERM)
  })

  it('sethostname(2) needs CAP_SYS_ADMIN', () => {
    const h = harness()
    const nobody = h.spawn({ uid: 65534 })
    expect(h.call(nobody, 'sethostname', 'x')).toBe(-E.EPERM)
    const root = h.spawn()
    expect(h.call(root, 'sethostname', 'box')).toBe(0)
    expect(h.call(nobody, 'uname')).toMatchObject({ nodename: 'box' })
  })
})
