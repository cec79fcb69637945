// awk parser: turns tokens straight into closures over AwkState (no separate
// AST walk). Grammar and precedence follow POSIX awk's; getline, (i,j) in a
// and I/O pipes are left out (SIMPLIFICATION: no child processes from awk).
import { AwkSyntaxError, lex, type Tok } from './lex.ts'
import { callBuiltin } from './builtins.ts'
import {
  AwkState, BreakSignal, compare, ContinueSignal, ExitSignal, NextSignal, ReturnSignal, StrNum, toBool, toNum, toStr, UNINIT, type Value,
} from './runtime.ts'

export type Expr = (s: AwkState) => Value
export type Stmt = (s: AwkState) => void
export interface LValue { get: Expr; set: (s: AwkState, v: Value) => Value }
export interface Node { ev: Expr; lv?: LValue; re?: string; name?: string }
export interface Rule { pattern?: Expr; range?: [Expr, Expr]; inRange?: boolean; action: Stmt }
export interface AwkProgram { begin: Stmt[]; end: Stmt[]; rules: Rule[] }

type Frame = Map<string, Value | Map<string, Value>>
interface Func { params: string[]; body: Stmt }

export function compileAwk(src: string): AwkProgram {
  return new Parser(lex(src)).program()
}

class Parser {
  private i = 0
  private funcs = new Map<string, Func>()
  private params: string[] = []
  private frames: Frame[] = []
  constructor(private readonly toks: Tok[]) {}

  private peek = (): Tok => this.toks[this.i]!
  private isOp = (v: string) => { const t = this.peek(); return t.t === 'op' && t.v === v }
  private isKw = (v: string) => { const t = this.peek(); return t.t === 'kw' && t.v === v }
  private fail(): never {
    const t = this.peek()
    throw new AwkSyntaxError(`syntax error at source line 1 near ${'v' in t ? String(t.v) : t.t}`)
  }
  private op(v: string): void { if (!this.isOp(v)) this.fail(); this.i++ }
  private nls(): void { while (this.peek().t === 'nl') this.i++ }
  private seps(): void { while (this.peek().t === 'nl' || this.isOp(';')) this.i++ }

  program(): AwkProgram {
    const p: AwkProgram = { begin: [], end: [], rules: [] }
    for (this.seps(); this.peek().t !== 'eof'; this.seps()) {
      if (this.isKw('BEGIN')) { this.i++; this.nls(); p.begin.push(this.block()); continue }
      if (this.isKw('END')) { this.i++; this.nls(); p.end.push(this.block()); continue }
      if (this.isKw('function')) { this.func(); continue }
      const rule: Rule = { action: (s) => s.print(s.fields[0]! + toStr(s.getVar('ORS'))) }
      if (!this.isOp('{')) {
        const a = this.expr().ev
        if (this.isOp(',')) { this.i++; this.nls(); rule.range = [a, this.expr().ev] } else rule.pattern = a
      }
      if (this.isOp('{')) rule.action = this.block()
      p.rules.push(rule)
    }
    return p
  }

  private func(): void {
    this.i++
    const t = this.peek()
    if (t.t !== 'funcname' && t.t !== 'name') this.fail()
    this.i++
    this.op('(')
    const params: string[] = []
    while (!this.isOp(')')) {
      const n = this.peek()
      if (n.t !== 'name') this.fail()
      params.push(n.v)
      this.i++
      if (this.isOp(',')) { this.i++; this.nls() }
    }
    this.i++
    this.nls()
    const f: Func = { params, body: () => undefined }
    this.funcs.set(t.v, f) // before the body: recursion
    this.params = params
    f.body = this.block()
    this.params = []
  }

  private block(): Stmt {
    this.op('{')
    const body: Stmt[] = []
    for (this.seps(); !this.isOp('}'); this.seps()) body.push(this.stmt())
    this.i++
    return (s) => { for (const st of body) st(s) }
  }

  private endSimple(): void {
    if (this.isOp(';') || this.peek().t === 'nl') { this.i++; return }
    if (this.isOp('}') || this.peek().t === 'eof') return
    this.fail()
  }

  private stmt(): Stmt {
    const t = this.peek()
    if (this.isOp('{')) return this.block()
    if (this.isOp(';')) { this.i++; return () => undefined }
    if (t.t === 'kw') {
      switch (t.v) {
        case 'if': {
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.nls()
          const a = this.stmt()
          const save = this.i
          this.seps()
          if (this.isKw('else')) { this.i++; this.nls(); const b = this.stmt(); return (s) => (toBool(c(s)) ? a(s) : b(s)) }
          this.i = save
          return (s) => { if (toBool(c(s))) a(s) }
        }
        case 'while': {
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.nls()
          const body = this.stmt()
          return (s) => { while (toBool(c(s))) if (loopBody(body, s)) break }
        }
        case 'do': {
          this.i++; this.nls(); const body = this.stmt(); this.seps()
          if (!this.isKw('while')) this.fail()
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.endSimple()
          return (s) => { do { if (loopBody(body, s)) break } while (toBool(c(s))) }
        }
        case 'for': return this.forStmt()
        case 'break': this.i++; this.endSimple(); return () => { throw new BreakSignal() }
        case 'continue': this.i++; this.endSimple(); return () => { throw new ContinueSignal() }
        case 'next': this.i++; this.endSimple(); return () => { throw new NextSignal() }
        case 'exit': case 'return': {
          this.i++
          const e = this.isOp(';') || this.isOp('}') || this.peek().t === 'nl' || this.peek().t === 'eof' ? undefined : this.expr().ev
          this.endSimple()
          if (t.v === 'exit') return (s) => { throw new ExitSignal(e ? toNum(e(s)) : 0) }
          return (s) => { throw new ReturnSignal(e ? e(s) : UNINIT) }
        }
        case 'delete': {
          this.i++
          const n = this.peek()
          if (n.t !== 'name') this.fail()
          this.i++
          const arr = this.arrayRef(n.v)
          if (!this.isOp('[')) { this.endSimple(); return (s) => arr(s).clear() }
          const key = this.subscript()
          this.endSimple()
          return (s) => { arr(s).delete(key(s)) }
        }
        case 'print': case 'printf': return this.printStmt(t.v)
        case 'getline': throw new AwkSyntaxError('getline is not supported in isolab')
      }
    }
    const e = this.expr().ev
    this.endSimple()
    return (s) => { e(s) }
  }

  private forStmt(): Stmt {
    this.i++; this.op('(')
    const a = this.peek()
    const b = this.toks[this.i + 1]!
    if (a.t === 'name' && b.t === 'kw' && b.v === 'in') {
      this.i += 2
      const arrTok = this.peek()
      if (arrTok.t !== 'name') this.fail()
      this.i++; this.op(')'); this.nls()
      const arr = this.arrayRef(arrTok.v)
      const v = this.varRef(a.v)
      const body = this.stmt()
      return (s) => { for (const k of [...arr(s).keys()]) { v.set(s, new StrNum(k)); if (loopBody(body, s)) break } }
    }
    const init = this.isOp(';') ? undefined : this.expr().ev
    this.op(';'); this.nls()
    const cond = this.isOp(';') ? undefined : this.expr().ev
    this.op(';'); this.nls()
    const step = this.isOp(')') ? undefined : this.expr().ev
    this.op(')'); this.nls()
    const body = this.stmt()
    return (s) => {
      for (init?.(s); !cond || toBool(cond(s)); step?.(s)) if (loopBody(body, s)) break
    }
  }

  private printStmt(kind: string): Stmt {
    this.i++
    let args: Expr[] = []
    const paren = this.isOp('(')
    if (!(this.isOp(';') || this.isOp('}') || this.peek().t === 'nl' || this.peek().t === 'eof' || this.isOp('>'))) {
      // print (a, b) > f: a parenthesised list
      const save = this.i
      if (paren) {
        this.i++
        const list = this.exprList(')')
        if (this.isOp(')') && (() => { const n = this.toks[this.i + 1]!; return n.t === 'nl' || n.t === 'eof' || (n.t === 'op' && [';', '}', '>', '>>', '|'].includes(n.v)) })()) {
          this.i++
          args = list
        } else { this.i = save; args = this.exprList(undefined, true) }
      } else args = this.exprList(undefined, true)
    }
    let file: Expr | undefined
    let append = false
    if (this.isOp('>') || this.isOp('>>')) { append = this.isOp('>>'); this.i++; file = this.concat(true).ev }
    this.endSimple()
    return (s) => {
      let text: string
      if (kind === 'print') {
        const ofmt = toStr(s.getVar('OFMT'))
        text = (args.length ? args.map((a) => toStr(a(s), ofmt)).join(toStr(s.getVar('OFS'))) : s.fields[0]!) + toStr(s.getVar('ORS'))
      } else {
        if (!args.length) throw new AwkSyntaxError('printf: no format')
        text = toStr(callBuiltin('sprintf', args.map((a) => a(s)), s))
      }
      s.print(text, file ? toStr(file(s)) : undefined, append)
    }
  }

  private exprList(close?: string, noGt = false): Expr[] {
    const list: Expr[] = []
    if (close && this.isOp(close)) return list
    for (;;) {
      list.push(this.expr(noGt).ev)
      if (!this.isOp(',')) return list
      this.i++
      this.nls()
    }
  }

  private subscript(): (s: AwkState) => string {
    this.op('[')
    const parts = this.exprList(']')
    this.op(']')
    return (s) => parts.map((p) => toStr(p(s))).join(toStr(s.getVar('SUBSEP')))
  }

  private local(name: string): boolean {
    return this.params.includes(name)
  }
  private arrayRef(name: string): (s: AwkState) => Map<string, Value> {
    if (this.local(name)) {
      return () => {
        const f = this.frames[this.frames.length - 1]!
        let a = f.get(name)
        if (!(a instanceof Map)) { a = new Map(); f.set(name, a) }
        return a
      }
    }
    return (s) => s.array(name)
  }
  private varRef(name: string): LValue {
    if (this.local(name)) {
      return {
        get: () => { const v = this.frames[this.frames.length - 1]!.get(name); return v instanceof Map || v === undefined ? UNINIT : v },
        set: (_s, v) => { this.frames[this.frames.length - 1]!.set(name, v); return v },
      }
    }
    return { get: (s) => s.getVar(name), set: (s, v) => s.setVar(name, v) }
  }

  expr(noGt = false): Node {
    const left = this.ternary(noGt)
    const t = this.peek()
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && left.lv) {
      this.i++
      this.nls()
      const right = this.expr(noGt).ev
      const lv = left.lv
      if (t.v === '=') return { ev: (s) => lv.set(s, copy(right(s))) }
      const f = arith(t.v[0]!)
      return { ev: (s) => lv.set(s, f(toNum(lv.get(s)), toNum(right(s)))) }
    }
    return left
  }

  private ternary(noGt: boolean): Node {
    const c = this.or(noGt)
    if (!this.isOp('?')) return c
    this.i++; this.nls()
    const a = this.expr(noGt).ev
    this.nls(); this.op(':'); this.nls()
    const b = this.expr(noGt).ev
    return { ev: (s) => (toBool(c.ev(s)) ? a(s) : b(s)) }
  }
  private or(noGt: boolean): Node {
    let l = this.and(noGt)
    while (this.isOp('||')) {
      this.i++; this.nls()
      const a = l.ev
      const b = this.and(noGt).ev
      l = { ev: (s) => (toBool(a(s)) || toBool(b(s)) ? 1 : 0) }
    }
    return l
  }
  private and(noGt: boolean): Node {
    let l = this.inExpr(noGt)
    while (this.isOp('&&')) {
      this.i++; this.nls()
      const a = l.ev
      const b = this.inExpr(noGt).ev
      l = { ev: (s) => (toBool(a(s)) && toBool(b(s)) ? 1 : 0) }
    }
    return l
  }
  private inExpr(noGt: boolean): Node {
    let l = this.match(noGt)
    while (this.isKw('in')) {
      this.i++
      const n = this.peek()
      if (n.t !== 'name') this.fail()
      this.i++
      const arr = this.arrayRef(n.v)
      const k = l.ev
      l = { ev: (s) => (arr(s).has(toStr(k(s))) ? 1 : 0) }
    }
    return l
  }
  private match(noGt: boolean): Node {
    let l = this.rel(noGt)
    while (this.isOp('~') || this.isOp('!~')) {
      const neg = this.isOp('!~')
      this.i++
      const r = this.rel(noGt)
      const a = l.ev
      const re = r.re
      const rv = r.ev
      l = { ev: (s) => (s.regex(re ?? toStr(rv(s))).test(toStr(a(s))) !== neg ? 1 : 0) }
    }
    return l
  }
  private rel(noGt: boolean): Node {
    const l = this.concat(noGt)
    const t = this.peek()
    if (t.t !== 'op' || !['<', '<=', '==', '!=', '>=', '>'].includes(t.v) || (noGt && t.v === '>')) return l
    this.i++
    const r = this.concat(noGt).ev
    const a = l.ev
    const test = { '<': (c: number) => c < 0, '<=': (c: number) => c <= 0, '==': (c: number) => c === 0, '!=': (c: number) => c !== 0, '>=': (c: number) => c >= 0, '>': (c: number) => c > 0 }[t.v]!
    return { ev: (s) => (test(compare(a(s), r(s))) ? 1 : 0) }
  }
  private startsOperand(): boolean {
    const t = this.peek()
    if (t.t === 'num' || t.t === 'str' || t.t === 'ere' || t.t === 'name' || t.t === 'builtin' || t.t === 'funcname') return true
    return t.t === 'op' && ['$', '!', '(', '-', '+', '++', '--'].includes(t.v) && !['-', '+'].includes(t.v)
  }
  concat(noGt: boolean): Node {
    let l = this.additive()
    while (this.startsOperand() && !this.isKw('in')) {
      const a = l.ev
      const b = this.additive().ev
      l = { ev: (s) => toStr(a(s), toStr(s.getVar('CONVFMT'))) + toStr(b(s), toStr(s.getVar('CONVFMT'))) }
    }
    void noGt
    return l
  }
  private additive(): Node {
    let l = this.mul()
    while (this.isOp('+') || this.isOp('-')) {
      const f = arith((this.peek() as { v: string }).v)
      this.i++
      const a = l.ev
      const b = this.mul().ev
      l = { ev: (s) => f(toNum(a(s)), toNum(b(s))) }
    }
    return l
  }
  private mul(): Node {
    let l = this.unary()
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const f = arith((this.peek() as { v: string }).v)
      this.i++
      const a = l.ev
      const b = this.unary().ev
      l = { ev: (s) => f(toNum(a(s)), toNum(b(s))) }
    }
    return l
  }
  private unary(): Node {
    if (this.isOp('!')) { this.i++; const a = this.unary().ev; return { ev: (s) => (toBool(a(s)) ? 0 : 1) } }
    if (this.isOp('-')) { this.i++; const a = this.unary().ev; return { ev: (s) => -toNum(a(s)) } }
    if (this.isOp('+')) { this.i++; const a = this.unary().ev; return { ev: (s) => toNum(a(s)) } }
    return this.pow()
  }
  private pow(): Node {
    const base = this.postfix()
    if (!this.isOp('^')) return base
    this.i++
    const e = this.unaryPow().ev
    return { ev: (s) => toNum(base.ev(s)) ** toNum(e(s)) }
  }
  private unaryPow(): Node {
    if (this.isOp('-')) { this.i++; const a = this.unaryPow().ev; return { ev: (s) => -toNum(a(s)) } }
    return this.pow()
  }
  private postfix(): Node {
    const p = this.primary()
    if (p.lv && (this.isOp('++') || this.isOp('--'))) {
      const d = this.isOp('++') ? 1 : -1
      this.i++
      const lv = p.lv
      return { ev: (s) => { const v = toNum(lv.get(s)); lv.set(s, v + d); return v } }
    }
    return p
  }
  private primary(): Node {
    const t = this.peek()
    this.i++
    switch (t.t) {
      case 'num': return { ev: () => t.v }
      case 'str': return { ev: () => t.v }
      case 'ere': return { ev: (s) => (s.regex(t.v).test(s.fields[0]!) ? 1 : 0), re: t.v }
      case 'name': {
        if (this.isOp('[')) {
          const arr = this.arrayRef(t.v)
          const key = this.subscript()
          const lv: LValue = {
            get: (s) => { const a = arr(s); const k = key(s); if (!a.has(k)) a.set(k, UNINIT); return a.get(k)! },
            set: (s, v) => { const k = key(s); s.held += k.length + (typeof v === 'number' ? 8 : toStr(v).length) + 48; arr(s).set(k, v); return v },
          }
          return { ev: lv.get, lv }
        }
        const lv = this.varRef(t.v)
        return { ev: lv.get, lv, name: t.v }
      }
      case 'builtin': return this.builtinCall(t.v)
      case 'funcname': return this.userCall(t.v)
      case 'op':
        if (t.v === '(') { const e = this.expr(); this.op(')'); return { ev: e.ev } }
        if (t.v === '$') {
          const idx = this.primaryForField().ev
          const lv: LValue = { get: (s) => s.getField(Math.trunc(toNum(idx(s)))), set: (s, v) => s.setField(Math.trunc(toNum(idx(s))), v) }
          return { ev: lv.get, lv }
        }
        if (t.v === '++' || t.v === '--') {
          const d = t.v === '++' ? 1 : -1
          const p = this.primary()
          if (!p.lv) this.fail()
          const lv = p.lv
          return { ev: (s) => lv.set(s, toNum(lv.get(s)) + d) }
        }
        if (t.v === '-') { const a = this.primary().ev; return { ev: (s) => -toNum(a(s)) } }
        if (t.v === '!') { const a = this.primary().ev; return { ev: (s) => (toBool(a(s)) ? 0 : 1) } }
    }
    this.i--
    return this.fail()
  }
  private primaryForField(): Node {
    return this.primary()
  }
  private builtinCall(name: string): Node {
    if (!this.isOp('(')) {
      if (name === 'length') return { ev: (s) => s.fields[0]!.length }
      this.fail()
    }
    this.i++
    const args: Node[] = []
    while (!this.isOp(')')) {
      args.push(this.expr())
      if (this.isOp(',')) { this.i++; this.nls() } else break
    }
    this.op(')')
    // split(s, a[, fs]), sub/gsub(re, repl[, lvalue]), match(s, re): regex and array arguments
    if (name === 'split') {
      const arrName = args[1]?.name ?? this.fail()
      const arr = this.arrayRef(arrName)
      const str = args[0]!.ev
      const fs = args[2]
      return { ev: (s) => {
        const a = arr(s)
        a.clear()
        const parts = s.split(toStr(str(s)), fs ? fs.re ?? toStr(fs.ev(s)) : toStr(s.getVar('FS')))
        parts.forEach((p, i) => a.set(String(i + 1), new StrNum(p)))
        return parts.length
      } }
    }
    if (name === 'sub' || name === 'gsub') {
      const re = args[0]!
      const repl = args[1]?.ev ?? this.fail()
      const target = args[2]?.lv ?? { get: (s: AwkState) => s.getField(0), set: (s: AwkState, v: Value) => s.setField(0, v) }
      return { ev: (s) => {
        const rx = s.regex(re.re ?? toStr(re.ev(s)), true)
        const r = toStr(repl(s))
        let n = 0
        const text = toStr(target.get(s)).replace(rx, (m) => {
          if (name === 'sub' && n > 0) return m
          n++
          return r.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'))
        })
        if (n) target.set(s, text)
        return n
      } }
    }
    if (name === 'match') {
      const str = args[0]!.ev
      const re = args[1]!
      return { ev: (s) => {
        const m = s.regex(re.re ?? toStr(re.ev(s))).exec(toStr(str(s)))
        s.setVar('RSTART', m ? m.index + 1 : 0)
        s.setVar('RLENGTH', m ? m[0].length : -1)
        return m ? m.index + 1 : 0
      } }
    }
    if (name === 'length' && args[0]?.name !== undefined) {
      const n = args[0].name
      const v = args[0].ev
      return { ev: (s) => (s.arrays.has(n) ? s.array(n).size : toStr(v(s)).length) }
    }
    const evs = args.map((a) => a.ev)
    return { ev: (s) => callBuiltin(name, evs.map((e) => e(s)), s) }
  }
  private userCall(name: string): Node {
    this.op('(')
    const args: Node[] = []
    while (!this.isOp(')')) {
      args.push(this.expr())
      if (this.isOp(',')) { this.i++; this.nls() } else break
    }
    this.op(')')
    return { ev: (s) => {
      const f = this.funcs.get(name)
      if (!f) throw new AwkSyntaxError(`calling undefined function ${name}`)
      const frame: Frame = new Map()
      f.params.forEach((p, k) => {
        const a = args[k]
        if (!a) return
        // arrays are passed by reference, scalars by value
        if (a.name !== undefined && s.arrays.has(a.name)) frame.set(p, s.array(a.name))
        else frame.set(p, copy(a.ev(s)))
      })
      this.frames.push(frame)
      try {
        f.body(s)
        return UNINIT
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value
        throw e
      } finally {
        this.frames.pop()
      }
    } }
  }
}

/** Runs a loop body; true when it asked to break. */
function loopBody(body: Stmt, s: AwkState): boolean {
  try {
    body(s)
  } catch (e) {
    if (e instanceof BreakSignal) return true
    if (e instanceof ContinueSignal) return false
    throw e
  }
  return false
}

const copy = (v: Value): Value => v

function arith(op: string): (a: number, b: number) => number {
  switch (op) {
    case '+': return (a, b) => a + b
    case '-': return (a, b) => a - b
    case '*': return (a, b) => a * b
    case '/': return (a, b) => { if (b === 0) throw new AwkSyntaxError('division by zero'); return a / b }
    case '%': return (a, b) => { if (b === 0) throw new AwkSyntaxError('division by zero in %'); return a % b }
    default: return (a, b) => a ** b
  }
}
