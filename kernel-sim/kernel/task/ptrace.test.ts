// ptrace(2) as strace(1) uses it (kernel/task/ptrace.ts): PTRACE_TRACEME, PTRACE_SEIZE with
// PTRACE_O_TRACEFORK, the attach checks of ptrace(2) "Ptrace access mode checking" and Yama.rst.
import { describe, expect, it } from 'vitest'
import {
  CLONE_NEWUTS, E, PTRACE_DETACH, PTRACE_GET_SYSCALL_INFO, PTRACE_O_TRACEFORK, PTRACE_SEIZE, PTRACE_TRACEME,
  SIG, type TraceEvent,
} from '../../abi/index.ts'
import { PENDING, harness } from '../../testing/harness.ts'

/** The harness's idle processes sit in pause(2): leave those out. */
const calls = (r: unknown) => (r as TraceEvent[]).filter((e) => e.nr !== 'pause')

describe('ptrace(2) syscall tracing', () => {
  it('PTRACE_TRACEME: the parent collects each call with its arguments and result, errors as -errno', () => {
    const h = harness()
    const tracer = h.spawn()
    const tracee = h.fork(tracer)
    expect(h.call(tracee, 'ptrace', PTRACE_TRACEME, 0, 0)).toBe(0)
    h.call(tracee, 'unshare', CLONE_NEWUTS)
    h.call(tracee, 'sethostname', 'FOO')
    h.call(tracee, 'open', -100, '/nope', 0, 0)
    const evs = calls(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0))
    expect(evs.map((e) => [e.kind, e.nr, e.ret])).toEqual([
      ['syscall', 'unshare', 0],
      ['syscall', 'sethostname', 0],
      ['syscall', 'open', -E.ENOENT],
    ])
    expect(evs[2]!.args).toEqual([-100, '/nope', 0, 0])
    expect(evs.every((e) => e.pid === tracee && (e.costNs ?? 0) > 0)).toBe(true)
  })

  it('the tracer sleeps until a stop arrives; a tracee\'s exit is its last event, then ECHILD', () => {
    const h = harness()
    const tracer = h.spawn()
    const tracee = h.fork(tracer)
    h.call(tracee, 'ptrace', PTRACE_TRACEME, 0, 0)
    h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0) // the pause the harness resumed
    expect(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)).toBe(PENDING)
    expect(h.k.task(tracer)?.wchan).toBe('ptrace_wait')
    h.call(tracee, 'exit', 3)
    const evs = h.result(tracer) as TraceEvent[]
    expect(evs.at(-1)).toEqual({ kind: 'exited', pid: tracee, status: 3 << 8 })
    expect(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)).toBe(-E.ECHILD)
  })

  it('PTRACE_O_TRACEFORK follows children (strace -f); without it a child is not traced', () => {
    const h = harness()
    const tracer = h.spawn()
    const a = h.spawn()
    expect(h.call(tracer, 'ptrace', PTRACE_SEIZE, a, PTRACE_O_TRACEFORK)).toBe(0)
    // The tracee stops after its clone until the tracer collects: the call completes then.
    expect(h.call(a, 'clone', 0, function* () { yield { nr: 'getpid', args: [] }; return 0 })).toBe(PENDING)
    const evs = calls(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0))
    const child = h.k.taskOrOops(a).children.at(-1)!
    expect(evs.map((e) => [e.kind, e.nr, e.pid])).toEqual([['attached', undefined, child], ['syscall', 'clone', a], ['syscall', 'getpid', child]])
    h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)
    expect(h.result(a)).toBe(child)
    expect(h.call(tracer, 'ptrace', PTRACE_DETACH, a, 0)).toBe(0)
    expect(h.call(tracer, 'ptrace', PTRACE_DETACH, a, 0)).toBe(-E.ESRCH)

    const b = h.spawn()
    h.call(tracer, 'ptrace', PTRACE_SEIZE, b, 0)
    h.call(b, 'clone', 0, function* () { yield { nr: 'pause', args: [] }; return 0 })
    expect(h.k.task(h.k.taskOrOops(b).children.at(-1)!)?.ptrace).toBeUndefined()
  })

  it('attach checks: ESRCH for no such pid, EPERM for oneself, a traced task, another uid, and Yama scopes 2 and 3', () => {
    const h = harness()
    const root = h.spawn()
    const user = h.spawn({ uid: 1000 })
    const other = h.spawn({ uid: 1001 })
    expect(h.call(root, 'ptrace', PTRACE_SEIZE, 99999, 0)).toBe(-E.ESRCH)
    expect(h.call(root, 'ptrace', PTRACE_SEIZE, root, 0)).toBe(-E.EPERM)
    expect(h.call(user, 'ptrace', PTRACE_SEIZE, other, 0)).toBe(-E.EPERM) // different uid, no CAP_SYS_PTRACE
    expect(h.call(user, 'ptrace', PTRACE_SEIZE, root, 0)).toBe(-E.EPERM) // root's capabilities are no subset of none
    expect(h.call(root, 'ptrace', PTRACE_SEIZE, user, 0)).toBe(0) // CAP_SYS_PTRACE
    expect(h.call(other, 'ptrace', PTRACE_SEIZE, user, 0)).toBe(-E.EPERM) // already traced
    // Yama: 1 allows descendants (and CAP_SYS_PTRACE), 2 only CAP_SYS_PTRACE, 3 nothing.
    const u2 = h.spawn({ uid: 1000 })
    const sibling = h.spawn({ uid: 1000 })
    h.k.mutCoarse().sysctl.ptraceScope = 1
    expect(h.call(u2, 'ptrace', PTRACE_SEIZE, sibling, 0)).toBe(-E.EPERM) // same uid, but no descendant
    const kid = h.fork(u2)
    expect(h.call(u2, 'ptrace', PTRACE_SEIZE, kid, 0)).toBe(0)
    h.k.mutCoarse().sysctl.ptraceScope = 3
    expect(h.call(root, 'ptrace', PTRACE_SEIZE, other, 0)).toBe(-E.EPERM)
  })

  it('a blocked call is reported when it sleeps and again when it returns (strace\'s <unfinished ...>)', () => {
    const h = harness()
    const tracer = h.spawn()
    const tracee = h.fork(tracer)
    h.call(tracee, 'ptrace', PTRACE_TRACEME, 0, 0)
    h.call(tracee, 'clone', 0, function* () { yield { nr: 'pause', args: [] }; return 0 })
    h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)
    const kid = h.result(tracee) as number
    expect(h.call(tracee, 'wait4', -1, 0)).toBe(PENDING)
    h.call(tracer, 'kill', kid, SIG.SIGKILL)
    const evs = calls(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)).filter((e) => e.nr === 'wait4')
    expect(evs.map((e) => e.kind)).toEqual(['unfinished', 'resumed'])
    expect(evs[1]!.ret).toEqual({ pid: kid, status: SIG.SIGKILL })
  })

  it('a tracee stops after a reported call (ptrace_stop) until the tracer collects it; a signal does not cut the stop short', () => {
    const h = harness()
    const tracer = h.spawn()
    const tracee = h.fork(tracer)
    h.call(tracee, 'ptrace', PTRACE_TRACEME, 0, 0)
    h.call(tracee, 'sigaction', SIG.SIGUSR1, 'catch')
    h.call(tracee, 'getpid')
    expect(h.k.task(tracee)?.wchan).toBe('ptrace_stop')
    h.call(tracer, 'kill', tracee, SIG.SIGUSR1)
    expect(h.k.task(tracee)?.wchan).toBe('ptrace_stop')
    h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)
    expect(h.k.task(tracee)?.wchan).not.toBe('ptrace_stop')
  })

  it('a signal-delivery-stop carries its siginfo (sigaction(2)): SI_USER with the sender\'s pid and uid; SIGCHLD with CLD_KILLED, the child and its signal; no stop for SIGKILL', () => {
    const h = harness()
    const tracer = h.spawn()
    const tracee = h.fork(tracer)
    h.call(tracee, 'ptrace', PTRACE_TRACEME, 0, 0)
    h.call(tracee, 'sigaction', SIG.SIGUSR1, 'catch')
    h.call(tracee, 'clone', 0, function* () { yield { nr: 'pause', args: [] }; return 0 })
    h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)
    const kid = h.result(tracee) as number
    expect(h.call(tracee, 'wait4', -1, 0)).toBe(PENDING)
    h.call(tracer, 'kill', tracee, SIG.SIGUSR1)
    const evs = calls(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0))
    h.call(tracee, 'wait4', -1, 0)
    h.call(tracer, 'kill', kid, SIG.SIGKILL)
    evs.push(...calls(h.call(tracer, 'ptrace', PTRACE_GET_SYSCALL_INFO, -1, 0)))
    expect(evs.filter((e) => e.kind === 'signal')).toEqual([
      { kind: 'signal', pid: tracee, sig: SIG.SIGUSR1, siginfo: { code: 'SI_USER', pid: tracer, uid: 0 } },
      { kind: 'signal', pid: tracee, sig: SIG.SIGCHLD, siginfo: { code: 'CLD_KILLED', pid: kid, uid: 0, status: SIG.SIGKILL, utime: 0, stime: 0 } },
    ])
  })
})
