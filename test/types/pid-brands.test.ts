// Kpid (kernel-global) and Vpid (as seen in a pid namespace) are distinct
// types (kernel-sim/abi/pid.ts): mixing them up, as two fixed bugs did
// (cgroup.procs read and written with the wrong kind), no longer compiles.
// Each `@ts-expect-error` must stay an error: `npm run typecheck` fails on an
// unused directive, so these checks cannot silently stop working.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWPID, type Kpid, type Vpid } from '../../kernel-sim/abi/index.ts'
import { kpidOf, vpid } from '../../kernel-sim/kernel/ns/pid.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'

describe('branded pids: the translation functions are the only way across', () => {
  it('a Kpid where a Vpid is expected, or the reverse, does not compile', () => {
    const h = harness()
    const host = h.spawn()
    const c = h.fork(host, CLONE_NEWPID)
    const inside = h.k.taskOrOops(c)
    const v: Vpid = vpid(h.k, inside, c)
    expect(v).toBe(1)
    expect(kpidOf(h.k, inside, v)).toBe(c)
    // @ts-expect-error kpidOf takes a pid in the caller's namespace, not a kpid
    expect(kpidOf(h.k, inside, c)).toBe(0)
    // @ts-expect-error the task table is keyed by kpid: a Vpid does not index it
    expect(h.k.task(v)?.kpid).toBe(1)
    // @ts-expect-error nor does a bare number
    expect(h.k.task(1)?.kpid).toBe(1)
    // @ts-expect-error a Vpid is not a Kpid
    const k: Kpid = v
    expect(k).toBe(1)
  })

  it('a missing task is a kernel oops, not a TypeError later', () => {
    const h = harness()
    const parent = h.spawn()
    const gone = h.fork(parent)
    h.call(gone, 'exit', 0)
    h.call(parent, 'wait4', gone, 0) // reaped: the kpid is free
    expect(h.k.task(gone)).toBeUndefined()
    expect(() => h.k.taskOrOops(gone)).toThrow(`kernel bug: no task ${gone}`)
  })
})
