// awk's string and arithmetic built-in functions (those not needing lvalues).
import { sprintf } from '../printf.ts'
import { type AwkState, toNum, toStr, type Value } from './runtime.ts'

export function callBuiltin(name: string, a: readonly Value[], s: AwkState): Value {
  const str = (i: number) => toStr(a[i] ?? '', toStr(s.getVar('CONVFMT')))
  const num = (i: number) => toNum(a[i] ?? 0)
  switch (name) {
    case 'length': return a.length ? str(0).length : s.fields[0]!.length
    case 'substr': {
      const t = str(0)
      // POSIX: characters from position m (1-based, rounded) for n characters
      const m = Math.round(num(1))
      const n = a.length > 2 ? Math.round(num(2)) : Infinity
      const from = Math.max(1, m)
      const to = Math.min(t.length + 1, m + n)
      return to > from ? t.slice(from - 1, to - 1) : ''
    }
    case 'index': return str(0).indexOf(str(1)) + 1
    case 'sprintf': return sprintf(str(0), a.slice(1).map((v) => ({ num: () => toNum(v), str: () => toStr(v) })))
    case 'toupper': return str(0).toUpperCase()
    case 'tolower': return str(0).toLowerCase()
    case 'int': return Math.trunc(num(0))
    case 'sqrt': return Math.sqrt(num(0))
    case 'exp': return Math.exp(num(0))
    case 'log': return Math.log(num(0))
    case 'sin': return Math.sin(num(0))
    case 'cos': return Math.cos(num(0))
    case 'atan2': return Math.atan2(num(0), num(1))
    // SIMPLIFICATION: an LCG, not mawk's FMrandom; seeded as mawk seeds (see AwkState.seed)
    case 'rand':
      s.randState = (s.randState * 1103515245 + 12345) % 2147483648
      return s.randState / 2147483648
    case 'srand': {
      // srand(expr) seeds with expr, srand() with the time of day; both return the previous seed
      const prev = s.seed
      s.seed = a.length ? Math.trunc(num(0)) : s.timeOfDay
      s.randState = ((s.seed % 2147483648) + 2147483648) % 2147483648
      return prev
    }
    case 'close': return 0
    case 'system': return -1 // SIMPLIFICATION: awk cannot start processes here
    default: return ''
  }
}
