import { describe, expect, it } from 'vitest'
import { getpid, read, type Sys } from './syscalls.ts'

/** Drives a program as the kernel does: each request is answered by `answer`. */
function drive<T>(g: Sys<T>, answer: (nr: string) => unknown): { calls: string[]; value: T } {
  const calls: string[] = []
  let r = g.next()
  while (!r.done) {
    calls.push(r.value.nr)
    r = g.next(answer(r.value.nr))
  }
  return { calls, value: r.value }
}

describe('libc syscall wrappers', () => {
  it('yield their request once and return the answer through yield*, as `function* () { return yield req }`', () => {
    function* prog(): Sys<string> {
      const pid = yield* getpid()
      const data = yield* read(0, 10)
      return `${pid}:${String(data)}`
    }
    expect(drive(prog(), (nr) => (nr === 'getpid' ? 42 : 'hi'))).toEqual({ calls: ['getpid', 'read'], value: '42:hi' })
  })

  it('return() and throw() end the call as they end a one-yield generator', () => {
    const g = getpid()
    expect(g.next().done).toBe(false)
    expect(g.return(7)).toEqual({ value: 7, done: true })
    const h = getpid()
    h.next()
    expect(() => h.throw(new Error('boom'))).toThrow('boom')
  })

  it('give results of the shape a generator gives (own value and done, in that order, no prototype of their own)', () => {
    // ECMA-262 yield*: a sync generator passes its inner iterator's result up unread (GeneratorYield(innerResult)),
    // so every yield* above a syscall sees these objects. In V8 an object of another shape at a yield* that had
    // only seen generators' results deoptimizes it and each generator frame above it: the first command
    // substitution after a loop of builtins threw away the shell's optimized code, frame by frame.
    function* gen() {
      yield 1
    }
    const own = gen().next()
    const r = getpid().next()
    expect(Object.keys(r)).toEqual(Object.keys(own))
    expect(Object.getPrototypeOf(r)).toBe(Object.getPrototypeOf(own))
  })
})
