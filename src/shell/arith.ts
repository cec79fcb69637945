// Shell arithmetic ($((...)), ((...)), for ((...))): C integer expressions
// with variables, as bash's expr.c. Values are bash's intmax_t: 64-bit two's
// complement (BigInt wrapped with asIntN), so $((2**64)) is 0 and
// $((9223372036854775807+1)) is -9223372036854775808.

export interface ArithEnv {
  get(name: string): string | undefined
  set(name: string, value: string): void
}

export class ArithError extends Error {
  constructor(message: string, readonly token: string) {
    super(message)
  }
}

const TOKEN = /\s*(0[xX][0-9a-fA-F]+|\d+(?:#[0-9a-zA-Z@_]+)?|[A-Za-z_][A-Za-z0-9_]*|\*\*=?|<<=|>>=|\+\+|--|&&|\|\||[<>=!]=|<<|>>|[-+*/%&|^]=|[-+*/%<>=!~&|^?:(),])/y

// Binary operator precedence (higher binds tighter), as in bash's expr.c.
const BIN: Record<string, number> = {
  ',': 1, '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8, '==': 9, '!=': 9,
  '<': 10, '>': 10, '<=': 10, '>=': 10, '<<': 11, '>>': 11, '+': 12, '-': 12,
  '*': 13, '/': 13, '%': 13, '**': 14,
}
const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|='])

/** Token lists of recently evaluated expressions: a loop re-evaluates the same text. */
const tokenCache = new Map<string, readonly string[]>()
const TOKEN_CACHE_MAX = 1024

function tokenize(expr: string): readonly string[] {
  const hit = tokenCache.get(expr)
  if (hit) return hit
  const toks: string[] = []
  let pos = 0
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break
    TOKEN.lastIndex = pos
    const m = TOKEN.exec(expr)
    if (!m) {
      const rest = expr.slice(pos).trim()
      throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${rest}")`, rest)
    }
    toks.push(m[1]!)
    pos = TOKEN.lastIndex
  }
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear()
  tokenCache.set(expr, toks)
  return toks
}

/** The value of `expr` as bash computes it (intmax_t). */
export function evalArith(expr: string, env: ArithEnv): bigint {
  const toks = tokenize(expr)
  if (toks.length === 0) return 0n
  return new ArithParser(toks, env).run()
}

const wrap = (v: bigint) => BigInt.asIntN(64, v)

/** Digits of base `base` (2..64: 0-9, a-z, A-Z, @, _; below 37 letters are case-insensitive), as bash's strlong(). */
function digits(t: string, s: string, base: number): bigint {
  let v = 0n
  for (const c of s) {
    const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - (base <= 36 ? 55 : 29) : c === '@' ? 62 : c === '_' ? 63 : 99
    if (d >= base) throw new ArithError(`${t}: value too great for base (error token is "${t}")`, t)
    v = wrap(v * BigInt(base) + BigInt(d))
  }
  return v
}

const isName = (t: string | undefined): t is string => t !== undefined && /^[A-Za-z_]/.test(t)

function num(t: string): bigint {
  if (/^0[xX]/.test(t)) return digits(t, t.slice(2), 16)
  const b = /^(\d+)#(.+)$/.exec(t)
  if (b) {
    const base = Number(b[1])
    if (base < 2 || base > 64) throw new ArithError(`${t}: invalid arithmetic base (error token is "${t}")`, t)
    return digits(t, b[2]!, base)
  }
  if (/^0\d+$/.test(t)) return digits(t, t.slice(1), 8)
  return digits(t, t, 10)
}

let recursion = 0

/** Recursive descent over the tokens, evaluating as it goes (methods, not closures: this runs per loop iteration). */
class ArithParser {
  i = 0
  /** Short-circuited operands are parsed with assignments muted. */
  muted = false
  constructor(readonly toks: readonly string[], readonly env: ArithEnv) {}

  run(): bigint {
    const v = this.expression()
    if (this.i < this.toks.length) this.syntax()
    return v
  }
  assign(name: string, v: bigint): void {
    if (!this.muted) this.env.set(name, String(v))
  }
  peek(): string | undefined {
    return this.toks[this.i]
  }
  syntax(): never {
    const r = this.toks.slice(this.i).join(' ')
    throw new ArithError(r ? `syntax error in expression (error token is "${r}")` : 'syntax error: operand expected (error token is "' + r + '")', r)
  }
  varValue(name: string): bigint {
    const v = this.env.get(name)
    if (v === undefined || v === '') return 0n
    if (/^\s*-?\d+\s*$/.test(v)) return wrap(BigInt(v.trim()))
    if (recursion > 1024) throw new ArithError('expression recursion level exceeded', name)
    recursion++
    try {
      return evalArith(v, this.env)
    } finally {
      recursion--
    }
  }
  primary(): bigint {
    const t = this.toks[this.i++]
    if (t === undefined) this.syntax()
    if (t === '(') {
      const v = this.expression()
      if (this.toks[this.i++] !== ')') this.syntax()
      return v
    }
    if (t === '-') return wrap(-this.primary())
    if (t === '+') return this.primary()
    if (t === '!') return this.primary() ? 0n : 1n
    if (t === '~') return ~this.primary()
    if ((t === '++' || t === '--') && isName(this.peek())) {
      const name = this.toks[this.i++]!
      const v = wrap(this.varValue(name) + (t === '++' ? 1n : -1n))
      this.assign(name, v)
      return v
    }
    if (/^\d/.test(t!)) return num(t!)
    if (isName(t)) {
      const n = this.peek()
      if (n === '++' || n === '--') {
        this.i++
        const v = this.varValue(t)
        this.assign(t, wrap(v + (n === '++' ? 1n : -1n)))
        return v
      }
      if (n !== undefined && ASSIGN_OPS.has(n)) {
        this.i++
        const rhs = this.ternary()
        const v = n === '=' ? rhs : binop(n.slice(0, -1), this.varValue(t), rhs)
        this.assign(t, v)
        return v
      }
      return this.varValue(t)
    }
    this.i--
    return this.syntax()
  }
  binary(minPrec: number): bigint {
    let left = this.primary()
    for (;;) {
      const op = this.peek()
      const p = op === undefined ? undefined : BIN[op]
      if (p === undefined || p < minPrec || op === ',') return left
      this.i++
      // short-circuit: the right side is parsed with its assignments muted
      if (op === '&&' && !left) { this.skipOperand(p + 1); left = 0n; continue }
      if (op === '||' && left) { this.skipOperand(p + 1); left = 1n; continue }
      const at = this.i
      const right = op === '**' ? this.binary(p) : this.binary(p + 1)
      if (right === 0n && (op === '/' || op === '%')) {
        const tok = this.toks.slice(at).join(' ')
        throw new ArithError(`division by 0 (error token is "${tok}")`, tok)
      }
      left = binop(op!, left, right)
    }
  }
  skipOperand(prec: number): void {
    const saved = this.muted
    this.muted = true
    try { this.binary(prec) } finally { this.muted = saved }
  }
  ternary(): bigint {
    const c = this.binary(2)
    if (this.peek() !== '?') return c
    this.i++
    const a = this.ternary()
    if (this.toks[this.i++] !== ':') this.syntax()
    const b = this.ternary()
    return c ? a : b
  }
  expression(): bigint {
    let v = this.ternary()
    while (this.peek() === ',') {
      this.i++
      v = this.ternary()
    }
    return v
  }
}

function binop(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+': return wrap(a + b)
    case '-': return wrap(a - b)
    case '*': return wrap(a * b)
    case '/':
    case '%':
      if (b === 0n) throw new ArithError('division by 0', String(b))
      // INTMAX_MIN / -1 wraps to INTMAX_MIN and INTMAX_MIN % -1 is 0, as expr.c special-cases them
      return wrap(op === '/' ? a / b : a % b)
    case '**':
      if (b < 0n) throw new ArithError('exponent less than 0', String(b))
      return ipow(a, b)
    case '<<': return wrap(a << (b & 63n)) // x86-64 masks the shift count to 6 bits
    case '>>': return a >> (b & 63n)
    case '&': return a & b
    case '|': return a | b
    case '^': return a ^ b
    case '==': return a === b ? 1n : 0n
    case '!=': return a !== b ? 1n : 0n
    case '<': return a < b ? 1n : 0n
    case '>': return a > b ? 1n : 0n
    case '<=': return a <= b ? 1n : 0n
    case '>=': return a >= b ? 1n : 0n
    case '&&': return a && b ? 1n : 0n
    case '||': return a || b ? 1n : 0n
  }
  throw new ArithError(`syntax error: invalid arithmetic operator`, op)
}

/** expr.c ipow(): exponentiation by squaring, wrapping at 64 bits (so 4294967296**0777 is 0, not Infinity). */
function ipow(base: bigint, exp: bigint): bigint {
  let r = 1n
  for (let b = base, e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = wrap(r * b)
    b = wrap(b * b)
  }
  return r
}
