// seccomp(2) conformance: action precedence, inheritance across fork and
// execve, EACCES without no_new_privs, strict mode, /proc/[pid]/status.
import { describe, expect, it } from 'vitest'
import {
  E, PR_SET_NO_NEW_PRIVS, SECCOMP_GET_ACTION_AVAIL, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_LOG, SECCOMP_RET_TRAP, SECCOMP_SET_MODE_FILTER,
  SECCOMP_SET_MODE_STRICT, SIG, type SeccompFilterSpec, type Kpid,
} from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { seccompGate } from './seccomp.ts'

const ALLOW_ALL = (rules: SeccompFilterSpec['rules']): SeccompFilterSpec => ({ defaultAction: SECCOMP_RET_ALLOW, rules })
const errno = (n: number) => SECCOMP_RET_ERRNO | n

function status(h: ReturnType<typeof harness>, pid: Kpid, key: string): string {
  const fd = h.open(pid, `/proc/${pid}/status`)
  const s = h.call(pid, 'read', fd, 65536) as string
  h.call(pid, 'close', fd)
  return new RegExp(`^${key}:\\t(.*)$`, 'm').exec(s)?.[1] ?? ''
}

function confined(h: ReturnType<typeof harness>, filter: SeccompFilterSpec, uid = 0): Kpid {
  const p = h.spawn({ uid })
  expect(h.call(p, 'prctl', PR_SET_NO_NEW_PRIVS, 1)).toBe(0)
  expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter)).toBe(0)
  return p
}

describe('seccomp(2)', () => {
  it('EACCES: "the caller must have CAP_SYS_ADMIN ... or no_new_privs"', () => {
    const h = harness()
    const user = h.spawn({ uid: 1000 })
    expect(h.call(user, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([]))).toBe(-E.EACCES)
    expect(h.call(user, 'prctl', PR_SET_NO_NEW_PRIVS, 1)).toBe(0)
    expect(h.call(user, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([]))).toBe(0)
    const root = h.spawn()
    expect(h.call(root, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([]))).toBe(0) // CAP_SYS_ADMIN
  })

  it('EINVAL for unknown flags and malformed filters; EFAULT for no filter', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0x100, ALLOW_ALL([]))).toBe(-E.EINVAL)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, { defaultAction: 'x', rules: [] })).toBe(-E.EINVAL)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([{ names: ['open'], action: 0, args: [{ index: 7, op: 'EQ', value: 0 }] }]))).toBe(-E.EINVAL)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, null)).toBe(-E.EFAULT)
  })

  it('SECCOMP_RET_ERRNO: the call is not executed and returns -1 with errno = data', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: errno(E.EPERM) }]))
    expect(h.call(p, 'mkdir', '/blocked', 0o755)).toBe(-E.EPERM)
    expect(h.call(p, 'stat', '/blocked')).toBe(-E.ENOENT) // not executed
    expect(h.call(p, 'getpid')).toBe(p)
  })

  it('argument conditions: MASKED_EQ on clone flags, EQ on personality', () => {
    const h = harness()
    const p = confined(h, {
      defaultAction: errno(E.EPERM),
      rules: [
        { names: ['clone'], action: SECCOMP_RET_ALLOW, args: [{ index: 0, op: 'MASKED_EQ', value: 0x7e020000, valueTwo: 0 }] },
        { names: ['personality'], action: SECCOMP_RET_ALLOW, args: [{ index: 0, op: 'EQ', value: 0xffffffff }] },
        { names: ['prctl', 'exit', 'wait4', 'pause'], action: SECCOMP_RET_ALLOW },
      ],
    })
    expect(h.fork(p, 0)).toBeGreaterThan(0)
    expect(h.call(p, 'clone', 0x20000000 /* CLONE_NEWPID */, () => undefined)).toBe(-E.EPERM)
    expect(h.call(p, 'personality', 0xffffffff)).toBe(0)
    expect(h.call(p, 'personality', 0x0040000 /* ADDR_NO_RANDOMIZE */)).toBe(-E.EPERM)
  })

  it('precedence: "KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > ... > LOG > ALLOW" across filters', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: SECCOMP_RET_LOG }]))
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([{ names: ['mkdir'], action: errno(E.EACCES) }]))).toBe(0)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([{ names: ['mkdir'], action: SECCOMP_RET_ALLOW }]))).toBe(0)
    // The newest filter allows, an older one says ERRNO: ERRNO wins.
    expect(h.call(p, 'mkdir', '/x', 0o755)).toBe(-E.EACCES)
    expect(status(h, p, 'Seccomp_filters')).toBe('3')
  })

  it('equal precedence: "the SECCOMP_RET_DATA from the most recently installed filter"', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: errno(E.EPERM) }]))
    h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([{ names: ['mkdir'], action: errno(E.EROFS) }]))
    expect(h.call(p, 'mkdir', '/x', 0o755)).toBe(-E.EROFS)
  })

  it('SECCOMP_RET_KILL_PROCESS: the process dies as if by SIGSYS (core dumped), logged as AUDIT_SECCOMP', () => {
    const h = harness()
    const parent = h.spawn()
    const p = h.fork(parent) // its parent does not reap it: the zombie keeps the wait status
    h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, ALLOW_ALL([{ names: ['mkdir'], action: SECCOMP_RET_KILL_PROCESS }]))
    h.call(p, 'mkdir', '/x', 0o755)
    expect(h.k.task(p)!.state).toBe('Z')
    expect(h.k.task(p)!.exitStatus).toBe(SIG.SIGSYS | 0x80)
    expect(h.call(parent, 'stat', '/x')).toBe(-E.ENOENT)
    const log = h.k.snapshot().coarse.dmesg.join('\n')
    expect(log).toMatch(new RegExp(`audit: type=1326 audit\\(\\d+\\.\\d{3}:\\d+\\): auid=4294967295 uid=0 gid=0 ses=4294967295 subj=unconfined pid=${p} comm="remote" exe="/remote" sig=31 arch=c000003e syscall=83 compat=0 ip=0x[0-9a-f]+ code=0x80000000`))
  })

  it('SECCOMP_RET_TRAP sends SIGSYS; a caught SIGSYS leaves the call failing with ENOSYS', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: SECCOMP_RET_TRAP }]))
    h.call(p, 'sigaction', SIG.SIGSYS, 'catch')
    expect(h.call(p, 'mkdir', '/x', 0o755)).toBe(-E.ENOSYS)
    expect(h.call(p, 'sigtake')).toEqual([SIG.SIGSYS])
  })

  it('SECCOMP_RET_LOG: logged, then executed', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: SECCOMP_RET_LOG }]))
    expect(h.call(p, 'mkdir', '/x', 0o755)).toBe(0)
    expect(h.k.snapshot().coarse.dmesg.join('\n')).toMatch(/type=1326 .* syscall=83 .*code=0x7ffc0000/)
  })

  it('filters are inherited across fork and preserved across execve', () => {
    const h = harness()
    const p = confined(h, ALLOW_ALL([{ names: ['mkdir'], action: errno(E.EPERM) }]))
    const child = h.fork(p)
    expect(h.call(child, 'mkdir', '/c', 0o755)).toBe(-E.EPERM)
    expect(status(h, child, 'Seccomp')).toBe('2')
    expect(h.k.task(child)!.seccomp).toBe(h.k.task(p)!.seccomp)
    // execve keeps the filter (the remote program re-execs itself).
    h.call(child, 'execve', '/remote', ['remote'], [])
    expect(h.k.task(child)!.seccomp?.filters.length).toBe(1)
  })

  it('/proc/[pid]/status: "Seccomp: 0" and "Seccomp_filters: 0" without filters', () => {
    const h = harness()
    const p = h.spawn()
    expect(status(h, p, 'Seccomp')).toBe('0')
    expect(status(h, p, 'Seccomp_filters')).toBe('0')
  })

  it('SECCOMP_SET_MODE_STRICT: only read, write and _exit; anything else is SIGKILL', () => {
    const h = harness()
    const parent = h.spawn()
    const p = h.fork(parent)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_STRICT, 0, undefined)).toBe(0)
    // The harness's program next calls pause(2), which strict mode does not allow.
    expect(h.k.task(p)!.exitStatus).toBe(SIG.SIGKILL)
    const q = h.fork(parent)
    h.k.mutTask(q).seccomp = { mode: 1, filters: [], allow: new Set() }
    for (const nr of ['read', 'write', 'exit'] as const) expect(seccompGate(h.k, q, { nr, args: [] })).toBeUndefined()
  })

  it('/proc/sys/kernel/seccomp/actions_avail lists the actions in the kernel\'s order', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/proc/sys/kernel/seccomp/actions_avail')
    expect(h.call(p, 'read', fd, 4096)).toBe('kill_process kill_thread trap errno user_notif trace log allow\n')
  })

  it('SECCOMP_GET_ACTION_AVAIL: 0 for known actions, EOPNOTSUPP otherwise', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'seccomp', SECCOMP_GET_ACTION_AVAIL, 0, SECCOMP_RET_LOG)).toBe(0)
    expect(h.call(p, 'seccomp', SECCOMP_GET_ACTION_AVAIL, 0, 0x12340000)).toBe(-E.EOPNOTSUPP)
  })
})
