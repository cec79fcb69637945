// A start-up step's requests and virtual cost (steps.ts): the clock, the work's
// own syscalls passed on unchanged, a sleep of the modelled cost, the clock.
import { describe, expect, it } from 'vitest'
import type { SyscallReq } from '../../kernel-sim/abi/index.ts'
import { mkdir, mount, type Sys } from '../libc/index.ts'
import { step, type Step } from './steps.ts'

/** Drives a step as the kernel would, answering each request from `answers` by its name. */
function drive<T>(g: Sys<T>, answers: Record<string, unknown>): { reqs: SyscallReq[]; value: T } {
  const reqs: SyscallReq[] = []
  let r = g.next()
  while (!r.done) {
    reqs.push(r.value)
    r = g.next(answers[r.value.nr])
  }
  return { reqs, value: r.value }
}

describe('step', () => {
  it('passes the work\'s syscalls on, sleeps their modelled cost plus the base, and records the clock\'s difference', () => {
    const steps: Step[] = []
    const work = function* () {
      const a = yield* mount('tmpfs', '/x', 'tmpfs', 0)
      const b = yield* mkdir('/x/y', 0o755)
      return `${a} ${b}`
    }
    let clock = 0
    const g = step(steps, 'runc: execve the container process', work, 2)
    const reqs: SyscallReq[] = []
    let r = g.next()
    while (!r.done) {
      reqs.push(r.value)
      const nr = r.value.nr
      r = g.next(nr === 'clock_gettime' ? (clock += 5e6) : nr === 'mount' ? 0 : nr === 'mkdir' ? -17 : 0)
    }
    expect(reqs.map((q) => q.nr)).toEqual(['clock_gettime', 'mount', 'mkdir', 'nanosleep', 'clock_gettime'])
    // base 1 ms + extra 2 ms + mount 0.4 ms + mkdir 0.1 ms
    expect(reqs[3]!.args).toEqual([3.5e6])
    expect(r.value).toBe('0 -17')
    expect(steps).toEqual([{ name: 'runc: execve the container process', ns: 5e6 }])
  })

  it('a step without cost does not sleep, and one ended by return() records nothing', () => {
    const steps: Step[] = []
    const quiet = drive(step(steps, 'no such step', function* () { return 7 }), { clock_gettime: 1 })
    expect(quiet.reqs.map((q) => q.nr)).toEqual(['clock_gettime', 'clock_gettime'])
    expect(quiet.value).toBe(7)
    const g = step(steps, 'no such step', function* () { return yield* mkdir('/a', 0o755) })
    g.next()
    expect(g.return(3)).toEqual({ value: 3, done: true })
    expect(g.next().done).toBe(true)
    expect(steps).toHaveLength(1)
  })
})
