// Shell arithmetic ($((...)), ((...)), for ((...))): C integer expressions
// with variables, as bash's expr.c. Values are JS numbers truncated to
// integers. SIMPLIFICATION: 53-bit integers, not bash's 64-bit intmax_t.

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

export function evalArith(expr: string, env: ArithEnv): number {
  const toks = tokenize(expr)
  if (toks.length === 0) return 0
  return new ArithParser(toks, env).run()
}

const isName = (t: string | undefined): t is string => t !== undefined && /^[A-Za-z_]/.test(t)

function num(t: string): number {
  if (/^0[xX]/.test(t)) return parseInt(t, 16)
  const b = /^(\d+)#(.+)$/.exec(t)
  if (b) return parseInt(b[2]!, Number(b[1]))
  if (/^0\d+$/.test(t)) {
    if (/[89]/.test(t)) throw new ArithError(`${t}: value too great for base (error token is "${t}")`, t)
    return parseInt(t, 8)
  }
  return Number(t)
}

let recursion = 0

/** Recursive descent over the tokens, evaluating as it goes (methods, not closures: this runs per loop iteration). */
class ArithParser {
  i = 0
  /** Short-circuited operands are parsed with assignments muted. */
  muted = false
  constructor(readonly toks: readonly string[], readonly env: ArithEnv) {}

  run(): number {
    const v = this.expression()
    if (this.i < this.toks.length) this.syntax()
    return v
  }
  assign(name: string, v: number): void {
    if (!this.muted) this.env.set(name, String(v))
  }
  peek(): string | undefined {
    return this.toks[this.i]
  }
  syntax(): never {
    const r = this.toks.slice(this.i).join(' ')
    throw new ArithError(r ? `syntax error in expression (error token is "${r}")` : 'syntax error: operand expected (error token is "' + r + '")', r)
  }
  varValue(name: string): number {
    const v = this.env.get(name)
    if (v === undefined || v === '') return 0
    if (/^\s*-?\d+\s*$/.test(v)) return Number(v)
    if (recursion > 1024) throw new ArithError('expression recursion level exceeded', name)
    recursion++
    try {
      return evalArith(v, this.env)
    } finally {
      recursion--
    }
  }
  primary(): number {
    const t = this.toks[this.i++]
    if (t === undefined) this.syntax()
    if (t === '(') {
      const v = this.expression()
      if (this.toks[this.i++] !== ')') this.syntax()
      return v
    }
    if (t === '-') return -this.primary()
    if (t === '+') return this.primary()
    if (t === '!') return this.primary() ? 0 : 1
    if (t === '~') return ~this.primary()
    if ((t === '++' || t === '--') && isName(this.peek())) {
      const name = this.toks[this.i++]!
      const v = this.varValue(name) + (t === '++' ? 1 : -1)
      this.assign(name, v)
      return v
    }
    if (/^\d/.test(t!)) return num(t!)
    if (isName(t)) {
      const n = this.peek()
      if (n === '++' || n === '--') {
        this.i++
        const v = this.varValue(t)
        this.assign(t, v + (n === '++' ? 1 : -1))
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
  binary(minPrec: number): number {
    let left = this.primary()
    for (;;) {
      const op = this.peek()
      const p = op === undefined ? undefined : BIN[op]
      if (p === undefined || p < minPrec || op === ',') return left
      this.i++
      // short-circuit: the right side is parsed with its assignments muted
      if (op === '&&' && !left) { this.skipOperand(p + 1); left = 0; continue }
      if (op === '||' && left) { this.skipOperand(p + 1); left = 1; continue }
      const at = this.i
      const right = op === '**' ? this.binary(p) : this.binary(p + 1)
      if (right === 0 && (op === '/' || op === '%')) {
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
  ternary(): number {
    const c = this.binary(2)
    if (this.peek() !== '?') return c
    this.i++
    const a = this.ternary()
    if (this.toks[this.i++] !== ':') this.syntax()
    const b = this.ternary()
    return c ? a : b
  }
  expression(): number {
    let v = this.ternary()
    while (this.peek() === ',') {
      this.i++
      v = this.ternary()
    }
    return v
  }
}

function binop(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b
    case '-': return a - b
    case '*': return Math.trunc(a * b)
    case '/':
    case '%':
      if (b === 0) throw new ArithError('division by 0', String(b))
      return op === '/' ? Math.trunc(a / b) : a % b
    case '**':
      if (b < 0) throw new ArithError('exponent less than 0', String(b))
      return a ** b
    case '<<': return a << b
    case '>>': return a >> b
    case '&': return a & b
    case '|': return a | b
    case '^': return a ^ b
    case '==': return a === b ? 1 : 0
    case '!=': return a !== b ? 1 : 0
    case '<': return a < b ? 1 : 0
    case '>': return a > b ? 1 : 0
    case '<=': return a <= b ? 1 : 0
    case '>=': return a >= b ? 1 : 0
    case '&&': return a && b ? 1 : 0
    case '||': return a || b ? 1 : 0
  }
  throw new ArithError(`syntax error: invalid arithmetic operator`, op)
}
