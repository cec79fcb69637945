import { describe, it, expect } from 'vitest'
import { evalArith, ArithError } from './arith.ts'

function env(init: Record<string, string> = {}) {
  const vars = new Map(Object.entries(init))
  return { vars, get: (k: string) => vars.get(k), set: (k: string, v: string) => void vars.set(k, v) }
}

describe('arithmetic', () => {
  const cases: [string, number][] = [
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['7 / 2', 3], ['-7 / 2', -3], ['7 % 3', 1],
    ['2 ** 10', 1024], ['1 < 2', 1], ['2 <= 1', 0], ['3 == 3 && 4 != 4', 0], ['0 || 5', 1],
    ['!0', 1], ['~0', -1], ['1 ? 10 : 20', 10], ['0x10 + 010', 24], ['2#101', 5],
    ['x + 1', 42], ['y', 0], ['1, 2, 3', 3], ['1 << 4 | 1', 17], ['', 0],
  ]
  it.each(cases)('%j = %d', (e, v) => expect(evalArith(e, env({ x: '41' }))).toBe(v))

  it('assigns', () => {
    const e = env({ i: '5' })
    expect(evalArith('i++', e)).toBe(5)
    expect(e.vars.get('i')).toBe('6')
    expect(evalArith('++i', e)).toBe(7)
    expect(evalArith('i += 3', e)).toBe(10)
    expect(evalArith('j = i * 2', e)).toBe(20)
    expect(e.vars.get('j')).toBe('20')
  })

  it('errors', () => {
    expect(() => evalArith('1 / 0', env())).toThrow('division by 0')
    expect(() => evalArith('1 +', env())).toThrow(ArithError)
    expect(() => evalArith('1 $ 2', env())).toThrow(ArithError)
  })
})
