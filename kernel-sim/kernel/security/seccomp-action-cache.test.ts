// The seccomp constant-action cache (Linux 5.11, kernel/seccomp.c:
// seccomp_cache_prepare(), seccomp_is_const_allow(), seccomp_cache_check_allow()):
// when a filter is attached, each syscall number is run through it with no
// argument known; the calls it allows whatever their arguments are let through
// later without running any filter. A new filter's bits are ANDed with the
// previous filter's, so a stack caches only what all of its filters allow.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  E, PR_SET_NO_NEW_PRIVS, SECCOMP_OPS, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_LOG,
  SECCOMP_RET_TRACE, SECCOMP_RET_TRAP, SECCOMP_RET_USER_NOTIF, SECCOMP_SET_MODE_FILTER, type Kpid, type SeccompFilterSpec,
} from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import { evaluate, seccompGate } from './seccomp.ts'
import type { SeccompFilter } from './types.ts'

const errno = (n: number) => SECCOMP_RET_ERRNO | n
const AF_INET = 2

/** A test process under `filters`; pause(2) and seccomp(2) stay allowed (the harness's process waits in pause between calls; the next filter loads through seccomp). */
function confined(h: Harness, ...filters: SeccompFilterSpec[]): Kpid {
  const p = h.spawn()
  expect(h.call(p, 'prctl', PR_SET_NO_NEW_PRIVS, 1)).toBe(0)
  for (const f of filters) {
    const spec = { ...f, rules: [...f.rules, { names: ['pause', 'seccomp'], action: SECCOMP_RET_ALLOW }] }
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, spec)).toBe(0)
  }
  return p
}

const cache = (h: Harness, p: Kpid) => h.k.task(p)!.seccomp!.allow

/** The task's filters, with every rule lookup counted: a filter that runs looks its rules up. */
function countLookups(h: Harness, p: Kpid): { n: number } {
  const seen = { n: 0 }
  const counted = <V>(m: ReadonlyMap<string, V>): ReadonlyMap<string, V> => new Proxy(m as Map<string, V>, {
    get(target, key) {
      if (key === 'get' || key === 'has') seen.n++
      const v = Reflect.get(target, key, target) as unknown
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
  const s = h.k.task(p)!.seccomp!
  const filters = s.filters.map((f): SeccompFilter => ({ ...f, byName: counted(f.byName), fixed: counted(f.fixed) }))
  h.k.mutTask(p).seccomp = { ...s, filters }
  return seen
}

describe('seccomp constant-action cache', () => {
  it('a call the filter allows whatever its arguments runs no filter; a filtered call still does', () => {
    const h = harness()
    const p = confined(h, { defaultAction: errno(E.EPERM), rules: [{ names: ['getpid', 'write'], action: SECCOMP_RET_ALLOW }] })
    expect(cache(h, p).has('getpid')).toBe(true)
    const seen = countLookups(h, p)
    expect(h.call(p, 'getpid')).toBe(p)
    expect(seen.n).toBe(0)
    expect(h.call(p, 'sethostname', 'x')).toBe(-E.EPERM)
    expect(seen.n).toBeGreaterThan(0)
  })

  it('a call with an argument condition is never cached, even when every rule for it allows', () => {
    const h = harness()
    const p = confined(h, {
      defaultAction: SECCOMP_RET_ALLOW,
      rules: [
        { names: ['socket'], action: errno(E.EAFNOSUPPORT), args: [{ index: 0, op: 'EQ', value: AF_INET }] },
        { names: ['kill'], action: SECCOMP_RET_ALLOW, args: [{ index: 1, op: 'EQ', value: 0 }] },
      ],
    })
    expect(cache(h, p).has('socket')).toBe(false)
    expect(cache(h, p).has('kill')).toBe(false) // seccomp_is_const_allow() stops at the first argument load
    expect(cache(h, p).has('getpid')).toBe(true)
    expect(h.call(p, 'socket', AF_INET, 1, 0)).toBe(-E.EAFNOSUPPORT)
    expect(h.call(p, 'socket', 1, 1, 0)).toBeGreaterThanOrEqual(0) // AF_UNIX: the same call number, allowed
  })

  it('only exactly SECCOMP_RET_ALLOW is cached: LOG, ERRNO, TRAP and KILL always run the filters', () => {
    const h = harness()
    const p = confined(h, {
      defaultAction: SECCOMP_RET_ALLOW,
      rules: [
        { names: ['uname'], action: SECCOMP_RET_LOG },
        { names: ['sethostname'], action: errno(E.EPERM) },
        { names: ['reboot'], action: SECCOMP_RET_TRAP },
        { names: ['kexec_load'], action: SECCOMP_RET_KILL_PROCESS },
      ],
    })
    for (const nr of ['uname', 'sethostname', 'reboot', 'kexec_load']) expect(cache(h, p).has(nr)).toBe(false)
  })

  it('a later, stricter filter clears the bit; a later, more permissive one cannot set it again', () => {
    const h = harness()
    const allowAll: SeccompFilterSpec = { defaultAction: SECCOMP_RET_ALLOW, rules: [] }
    const p = confined(h, allowAll)
    expect(cache(h, p).has('getpid')).toBe(true)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, { defaultAction: SECCOMP_RET_ALLOW, rules: [{ names: ['getpid'], action: errno(E.EPERM) }] })).toBe(0)
    expect(cache(h, p).has('getpid')).toBe(false)
    expect(h.call(p, 'getpid')).toBe(-E.EPERM)
    expect(h.call(p, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, allowAll)).toBe(0)
    expect(cache(h, p).has('getpid')).toBe(false)
    expect(h.call(p, 'getpid')).toBe(-E.EPERM)
  })

  it('a forked child inherits the cache with the filters', () => {
    const h = harness()
    const p = confined(h, { defaultAction: errno(E.EPERM), rules: [{ names: ['getpid', 'clone', 'exit'], action: SECCOMP_RET_ALLOW }] })
    const c = h.fork(p)
    expect(c).toBeGreaterThan(0)
    expect(cache(h, c)).toEqual(cache(h, p))
    expect(h.call(c, 'getpid')).toBeGreaterThan(0)
  })

  // Random filter stacks and calls: a cached call is one every filter allows
  // for those arguments, and the gate answers as it does with the cache emptied.
  const NAMES = ['getpid', 'socket', 'kill', 'write', 'uname', 'sethostname', 'prlimit', 'rtnl', 'nt_version'] as const
  const ACTIONS = [SECCOMP_RET_ALLOW, SECCOMP_RET_ALLOW, errno(E.EPERM), errno(E.EACCES), SECCOMP_RET_LOG, SECCOMP_RET_TRACE, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_ALLOW | 1] as const
  const action = fc.constantFrom(...ACTIONS)
  const cond = fc.record({ index: fc.integer({ min: 0, max: 2 }), op: fc.constantFrom(...SECCOMP_OPS), value: fc.integer({ min: 0, max: 4 }) })
  const rule = fc.record({ names: fc.subarray([...NAMES, 'sendmsg'], { minLength: 1 }), action, args: fc.array(cond, { maxLength: 2 }) })
  const filter = fc.record({ defaultAction: action, rules: fc.array(rule, { maxLength: 4 }) })
  const call = fc.record({ nr: fc.constantFrom(...NAMES), args: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }) })

  let h: Harness | undefined
  test.prop([fc.array(filter, { minLength: 1, maxLength: 3 }), fc.array(call, { minLength: 1, maxLength: 12 })], { numRuns: 100 })(
    'cached and uncached verdicts agree for any filter stack and call',
    (specs, calls) => {
      h ??= harness()
      const p = confined(h, ...specs)
      const s = h.k.task(p)!.seccomp!
      const uncached = confined(h, ...specs)
      h.k.mutTask(uncached).seccomp = { ...h.k.task(uncached)!.seccomp!, allow: new Set() }
      for (const { nr, args } of calls) {
        if (s.allow.has(nr)) expect(evaluate(s.filters, nr, args)).toBe(SECCOMP_RET_ALLOW)
        // No action above kills or signals, so the gate can be asked directly, call after call.
        expect(seccompGate(h.k, p, { nr, args })).toBe(seccompGate(h.k, uncached, { nr, args }))
      }
    },
  )
})
