// Loading equal seccomp filters (a thousand containers of one Docker profile)
// compiles once per kernel: the tasks share the compiled filter, and a filter
// that differs in anything compileFilter reads gets its own.
import { describe, expect, it } from 'vitest'
import { E, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, SECCOMP_SET_MODE_FILTER, type SeccompFilterSpec } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

const filter = (errno: number, names = ['sethostname']): SeccompFilterSpec => ({
  defaultAction: SECCOMP_RET_ALLOW,
  rules: [{ names, action: SECCOMP_RET_ERRNO | errno }],
})

describe('seccomp(2) compiled-filter cache', () => {
  it('equal filters from different tasks share one compiled filter and behave alike', () => {
    const h = harness()
    const a = h.spawn()
    const b = h.spawn()
    expect(h.call(a, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter(E.EPERM))).toBe(0)
    expect(h.call(b, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter(E.EPERM))).toBe(0)
    expect(h.k.task(a)!.seccomp!.filters[0]).toBe(h.k.task(b)!.seccomp!.filters[0])
    expect(h.call(a, 'sethostname', 'x')).toBe(-E.EPERM)
    expect(h.call(b, 'sethostname', 'x')).toBe(-E.EPERM)
  })

  it('a filter differing in an action or in how names group is compiled on its own', () => {
    const h = harness()
    const a = h.spawn()
    const b = h.spawn()
    const c = h.spawn()
    h.call(a, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter(E.EPERM))
    h.call(b, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter(E.EACCES))
    h.call(c, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, filter(E.EPERM, ['sethostname,uname']))
    expect(h.call(b, 'sethostname', 'x')).toBe(-E.EACCES)
    expect(h.call(c, 'sethostname', 'x')).toBe(0)
  })
})
