// The bytes the shell's variables hold (charged to its heap, #15) are kept up
// to date as variables change, not recounted per assignment: check the running
// count against a recount after each kind of change.
import { describe, expect, it } from 'vitest'
import { Shell, type Interp } from '../../src/shell/shell.ts'

const recount = (sh: Shell) => {
  let n = 0
  for (const [k, v] of sh.vars) n += k.length + v.value.length + 64
  return n
}

describe('Shell.varBytes', () => {
  it('follows set, a value changed in place, unset, local and its restore, and a fork', () => {
    const sh = new Shell({} as Interp)
    const steps: (() => void)[] = [
      () => sh.set('A', 'one'),
      () => sh.set('A', 'a longer value'),
      () => sh.set('A', ''),
      () => sh.set('B', 'x'.repeat(1000), true),
      () => sh.unset('B'),
      () => sh.unset('NOT_SET'),
      () => sh.locals.push(),
      () => sh.makeLocal('A'),
      () => sh.set('A', 'inside the function'),
      () => sh.makeLocal('C'),
      () => sh.set('C', 'local only'),
      () => sh.popLocals(),
    ]
    for (const step of steps) {
      step()
      expect(sh.varBytes()).toBe(recount(sh))
    }
    expect(sh.vars.has('C')).toBe(false)
    const child = sh.clone()
    expect(child.varBytes()).toBe(sh.varBytes())
    child.set('D', 'only in the child')
    expect(child.varBytes()).toBe(recount(child))
    expect(sh.varBytes()).toBe(recount(sh))
  })
})
