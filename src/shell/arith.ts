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

export function evalArith(expr: string, env: ArithEnv): number {
  const toks: string[] = []
  TOKEN.lastIndex = 0
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
  if (toks.length === 0) return 0
  let i = 0
  const rest = () => toks.slice(i).join(' ')
  const peek = () => toks[i]
  const syntax = (): never => {
    const r = rest()
    throw new ArithError(r ? `syntax error in expression (error token is "${r}")` : 'syntax error: operand expected (error token is "' + r + '")', r)
  }

  const varValue = (name: string, depth = 0): number => {
    const v = env.get(name)
    if (v === undefined || v === '') return 0
    if (/^\s*-?\d+\s*$/.test(v)) return Number(v)
    if (depth > 10) throw new ArithError('expression recursion level exceeded', name)
    return evalArith(v, env)
  }
  const num = (t: string): number => {
    if (/^0[xX]/.test(t)) return parseInt(t, 16)
    const b = /^(\d+)#(.+)$/.exec(t)
    if (b) return parseInt(b[2]!, Number(b[1]))
    if (/^0\d+$/.test(t)) {
      if (/[89]/.test(t)) throw new ArithError(`${t}: value too great for base (error token is "${t}")`, t)
      return parseInt(t, 8)
    }
    return Number(t)
  }
  const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t)

  function primary(): number {
    const t = toks[i++]
    if (t === undefined) syntax()
    if (t === '(') {
      const v = expression()
      if (toks[i++] !== ')') syntax()
      return v
    }
    if (t === '-') return -unaryExp()
    if (t === '+') return unaryExp()
    if (t === '!') return unaryExp() ? 0 : 1
    if (t === '~') return ~unaryExp()
    if ((t === '++' || t === '--') && isName(peek())) {
      const name = toks[i++]!
      const v = varValue(name) + (t === '++' ? 1 : -1)
      env.set(name, String(v))
      return v
    }
    if (/^\d/.test(t!)) return num(t!)
    if (isName(t)) {
      const n = peek()
      if (n === '++' || n === '--') {
        i++
        const v = varValue(t!)
        env.set(t!, String(v + (n === '++' ? 1 : -1)))
        return v
      }
      if (n !== undefined && ASSIGN_OPS.has(n)) {
        i++
        const rhs = assignment()
        const v = n === '=' ? rhs : binop(n.slice(0, -1), varValue(t!), rhs)
        env.set(t!, String(v))
        return v
      }
      return varValue(t!)
    }
    i--
    return syntax()
  }
  function unaryExp(): number {
    return primary()
  }
  function binary(minPrec: number): number {
    let left = unaryExp()
    for (;;) {
      const op = peek()
      const p = op === undefined ? undefined : BIN[op]
      if (p === undefined || p < minPrec || op === ',') return left
      i++
      // short-circuit: evaluate the right side for syntax but discard effects is
      // bash's behaviour; SIMPLIFICATION: we evaluate it (effects included) only when needed
      if (op === '&&' && !left) { skipOperand(p + 1); left = 0; continue }
      if (op === '||' && left) { skipOperand(p + 1); left = 1; continue }
      const right = op === '**' ? binary(p) : binary(p + 1)
      left = binop(op!, left, right)
    }
  }
  function skipOperand(prec: number): void {
    const saved = env.set
    env.set = () => {}
    try { binary(prec) } finally { env.set = saved }
  }
  function ternary(): number {
    const c = binary(2)
    if (peek() !== '?') return c
    i++
    const a = assignment()
    if (toks[i++] !== ':') syntax()
    const b = assignment()
    return c ? a : b
  }
  function assignment(): number {
    return ternary()
  }
  function expression(): number {
    let v = assignment()
    while (peek() === ',') {
      i++
      v = assignment()
    }
    return v
  }
  const v = expression()
  if (i < toks.length) syntax()
  return v
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
