import { describe, it, expect } from 'vitest'
import { evalArith as evalBig, ArithError } from './arith.ts'

const evalArith = (e: string, en: Parameters<typeof evalBig>[1]) => Number(evalBig(e, en))

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

  // bash's intmax_t (expr.c): 64-bit two's complement, wrapping as C does on x86-64
  it.each([
    ['2**64', '0'], ['9223372036854775807+1', '-9223372036854775808'], ['4294967296**0777', '0'],
    ['-9223372036854775808/-1', '-9223372036854775808'], ['-9223372036854775808%-1', '0'], ['1<<64', '1'], ['1<<63', '-9223372036854775808'],
    ['9223372036854775808', '-9223372036854775808'], ['2**62*4', '0'], ['64#_', '63'], ['-1>>70', '-1'],
  ])('%s = %s (64-bit)', (e, v) => expect(String(evalBig(e, env()))).toBe(v))
})
