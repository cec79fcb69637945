// setsid(2): "EPERM: The process group ID of any process equals the PID of the
// calling process" — a group leader, or a process that left the group it led
// while others stayed in it (setpgid(2)); anyone else becomes a session leader.
import { describe, expect, it } from 'vitest'
import { E } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

describe('setsid(2)', () => {
  it('a forked child (not a group leader) gets a new session and group named after it', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(c, 'setsid')).toBe(c)
    expect(h.call(c, 'getsid', 0)).toBe(c)
    expect(h.call(c, 'getpgid', 0)).toBe(c)
  })

  it('EPERM for a group leader', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(c, 'setpgid', 0, 0)).toBe(0)
    expect(h.call(c, 'setsid')).toBe(-E.EPERM)
  })

  it('EPERM when the caller left its own group but a member remains; allowed once the group is empty', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    expect(h.call(c, 'setpgid', 0, 0)).toBe(0) // group c
    const g = h.fork(c) // inherits group c
    expect(h.call(c, 'setpgid', 0, p)).toBe(0) // c goes back to group p; g stays in group c
    expect(h.call(c, 'setsid')).toBe(-E.EPERM)
    expect(h.call(g, 'setpgid', 0, p)).toBe(0) // group c is empty now
    expect(h.call(c, 'setsid')).toBe(c)
    // g's fork inherited c's mark, which names another pid: g is no leader and may start a session.
    expect(h.call(g, 'setsid')).toBe(g)
  })
})
