// awk parser: turns tokens straight into closures over AwkState (no separate
// AST walk). Grammar and precedence follow POSIX awk's; getline, (i,j) in a
// and I/O pipes are left out (SIMPLIFICATION: no child processes from awk).
// The closures are generators: every loop iteration and function call is a
// step (AwkState.step), charged as CPU time through the kernel, so
// `awk 'BEGIN{while(1);}'` is preempted, shows in ps and top, and stops at
// Ctrl-C like any other process.
import type { Sys } from '../../../libc/index.ts'
import { AwkSyntaxError, lex, type Tok } from './lex.ts'
import { callBuiltin } from './builtins.ts'
import {
  AwkState, BreakSignal, compare, ContinueSignal, ExitSignal, NextSignal, ReturnSignal, StrNum, toBool, toNum, toStr, UNINIT, type Value,
} from './runtime.ts'

export type Expr = (s: AwkState) => Sys<Value>
export type Stmt = (s: AwkState) => Sys<void>
export interface LValue { get: Expr; set: (s: AwkState, v: Value) => Sys<Value> }
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
      const rule: Rule = { action: function* (s) { s.print(s.fields[0]! + toStr(s.getVar('ORS'))) } }
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
    const f: Func = { params, body: function* () {} }
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
    return function* (s) { for (const st of body) yield* st(s) }
  }

  private endSimple(): void {
    if (this.isOp(';') || this.peek().t === 'nl') { this.i++; return }
    if (this.isOp('}') || this.peek().t === 'eof') return
    this.fail()
  }

  private stmt(): Stmt {
    const t = this.peek()
    if (this.isOp('{')) return this.block()
    if (this.isOp(';')) { this.i++; return function* () {} }
    if (t.t === 'kw') {
      switch (t.v) {
        case 'if': {
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.nls()
          const a = this.stmt()
          const save = this.i
          this.seps()
          if (this.isKw('else')) { this.i++; this.nls(); const b = this.stmt(); return function* (s) { yield* (toBool(yield* c(s)) ? a(s) : b(s)) } }
          this.i = save
          return function* (s) { if (toBool(yield* c(s))) yield* a(s) }
        }
        case 'while': {
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.nls()
          const body = this.stmt()
          return function* (s) { while (toBool(yield* c(s))) if (yield* loopBody(body, s)) break }
        }
        case 'do': {
          this.i++; this.nls(); const body = this.stmt(); this.seps()
          if (!this.isKw('while')) this.fail()
          this.i++; this.op('('); const c = this.expr().ev; this.op(')'); this.endSimple()
          return function* (s) { do { if (yield* loopBody(body, s)) break } while (toBool(yield* c(s))) }
        }
        case 'for': return this.forStmt()
        case 'break': this.i++; this.endSimple(); return function* () { throw new BreakSignal() }
        case 'continue': this.i++; this.endSimple(); return function* () { throw new ContinueSignal() }
        case 'next': this.i++; this.endSimple(); return function* () { throw new NextSignal() }
        case 'exit': case 'return': {
          this.i++
          const e = this.isOp(';') || this.isOp('}') || this.peek().t === 'nl' || this.peek().t === 'eof' ? undefined : this.expr().ev
          this.endSimple()
          if (t.v === 'exit') return function* (s) { throw new ExitSignal(e ? toNum(yield* e(s)) : 0) }
          return function* (s) { throw new ReturnSignal(e ? yield* e(s) : UNINIT) }
        }
        case 'delete': {
          this.i++
          const n = this.peek()
          if (n.t !== 'name') this.fail()
          this.i++
          const arr = this.arrayRef(n.v)
          if (!this.isOp('[')) { this.endSimple(); return function* (s) { arr(s).clear() } }
          const key = this.subscript()
          this.endSimple()
          return function* (s) { const k = yield* key(s); arr(s).delete(k) }
        }
        case 'print': case 'printf': return this.printStmt(t.v)
        case 'getline': throw new AwkSyntaxError('getline is not supported in isolab')
      }
    }
    const e = this.expr().ev
    this.endSimple()
    return function* (s) { yield* e(s) }
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
      return function* (s) { for (const k of [...arr(s).keys()]) { yield* v.set(s, new StrNum(k)); if (yield* loopBody(body, s)) break } }
    }
    const init = this.isOp(';') ? undefined : this.expr().ev
    this.op(';'); this.nls()
    const cond = this.isOp(';') ? undefined : this.expr().ev
    this.op(';'); this.nls()
    const step = this.isOp(')') ? undefined : this.expr().ev
    this.op(')'); this.nls()
    const body = this.stmt()
    return function* (s) {
      if (init) yield* init(s)
      for (; !cond || toBool(yield* cond(s)); step && (yield* step(s))) if (yield* loopBody(body, s)) break
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
    return function* (s) {
      let text: string
      const values = yield* evalAll(args, s)
      if (kind === 'print') {
        const ofmt = toStr(s.getVar('OFMT'))
        text = (args.length ? values.map((v) => toStr(v, ofmt)).join(toStr(s.getVar('OFS'))) : s.fields[0]!) + toStr(s.getVar('ORS'))
      } else {
        if (!args.length) throw new AwkSyntaxError('printf: no format')
        text = toStr(callBuiltin('sprintf', values, s))
      }
      s.print(text, file ? toStr(yield* file(s)) : undefined, append, kind === 'printf')
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

  private subscript(): (s: AwkState) => Sys<string> {
    this.op('[')
    const parts = this.exprList(']')
    this.op(']')
    return function* (s) { return (yield* evalAll(parts, s)).map((v) => toStr(v)).join(toStr(s.getVar('SUBSEP'))) }
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
    const frames = this.frames
    if (this.local(name)) {
      return {
        get: function* () { const v = frames[frames.length - 1]!.get(name); return v instanceof Map || v === undefined ? UNINIT : v },
        set: function* (_s, v) { frames[frames.length - 1]!.set(name, v); return v },
      }
    }
    return { get: function* (s) { return s.getVar(name) }, set: function* (s, v) { return s.setVar(name, v) } }
  }

  expr(noGt = false): Node {
    const left = this.ternary(noGt)
    const t = this.peek()
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && left.lv) {
      this.i++
      this.nls()
      const right = this.expr(noGt).ev
      const lv = left.lv
      if (t.v === '=') return { ev: function* (s) { return yield* lv.set(s, yield* right(s)) } }
      const f = arith(t.v[0]!)
      return { ev: function* (s) { const a = toNum(yield* lv.get(s)); return yield* lv.set(s, f(a, toNum(yield* right(s)))) } }
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
    return { ev: function* (s) { return yield* (toBool(yield* c.ev(s)) ? a(s) : b(s)) } }
  }
  private or(noGt: boolean): Node {
    let l = this.and(noGt)
    while (this.isOp('||')) {
      this.i++; this.nls()
      const a = l.ev
      const b = this.and(noGt).ev
      l = { ev: function* (s) { return toBool(yield* a(s)) || toBool(yield* b(s)) ? 1 : 0 } }
    }
    return l
  }
  private and(noGt: boolean): Node {
    let l = this.inExpr(noGt)
    while (this.isOp('&&')) {
      this.i++; this.nls()
      const a = l.ev
      const b = this.inExpr(noGt).ev
      l = { ev: function* (s) { return toBool(yield* a(s)) && toBool(yield* b(s)) ? 1 : 0 } }
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
      l = { ev: function* (s) { return arr(s).has(toStr(yield* k(s))) ? 1 : 0 } }
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
      l = { ev: function* (s) { const x = toStr(yield* a(s)); return s.regex(re ?? toStr(yield* rv(s))).test(x) !== neg ? 1 : 0 } }
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
    return { ev: function* (s) { const x = yield* a(s); return test(compare(x, yield* r(s))) ? 1 : 0 } }
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
      l = { ev: function* (s) { const x = toStr(yield* a(s), toStr(s.getVar('CONVFMT'))); return x + toStr(yield* b(s), toStr(s.getVar('CONVFMT'))) } }
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
      l = { ev: function* (s) { const x = toNum(yield* a(s)); return f(x, toNum(yield* b(s))) } }
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
      l = { ev: function* (s) { const x = toNum(yield* a(s)); return f(x, toNum(yield* b(s))) } }
    }
    return l
  }
  private unary(): Node {
    if (this.isOp('!')) { this.i++; const a = this.unary().ev; return { ev: function* (s) { return toBool(yield* a(s)) ? 0 : 1 } } }
    if (this.isOp('-')) { this.i++; const a = this.unary().ev; return { ev: function* (s) { return -toNum(yield* a(s)) } } }
    if (this.isOp('+')) { this.i++; const a = this.unary().ev; return { ev: function* (s) { return toNum(yield* a(s)) } } }
    return this.pow()
  }
  private pow(): Node {
    const base = this.postfix()
    if (!this.isOp('^')) return base
    this.i++
    const e = this.unaryPow().ev
    return { ev: function* (s) { const b = toNum(yield* base.ev(s)); return b ** toNum(yield* e(s)) } }
  }
  private unaryPow(): Node {
    if (this.isOp('-')) { this.i++; const a = this.unaryPow().ev; return { ev: function* (s) { return -toNum(yield* a(s)) } } }
    return this.pow()
  }
  private postfix(): Node {
    const p = this.primary()
    if (p.lv && (this.isOp('++') || this.isOp('--'))) {
      const d = this.isOp('++') ? 1 : -1
      this.i++
      const lv = p.lv
      return { ev: function* (s) { const v = toNum(yield* lv.get(s)); yield* lv.set(s, v + d); return v } }
    }
    return p
  }
  private primary(): Node {
    const t = this.peek()
    this.i++
    switch (t.t) {
      case 'num': return { ev: function* () { return t.v } }
      case 'str': return { ev: function* () { return t.v } }
      case 'ere': return { ev: function* (s) { return s.regex(t.v).test(s.fields[0]!) ? 1 : 0 }, re: t.v }
      case 'name': {
        if (this.isOp('[')) {
          const arr = this.arrayRef(t.v)
          const key = this.subscript()
          const lv: LValue = {
            get: function* (s) { const a = arr(s); const k = yield* key(s); if (!a.has(k)) a.set(k, UNINIT); return a.get(k)! },
            set: function* (s, v) { const k = yield* key(s); s.held += k.length + (typeof v === 'number' ? 8 : toStr(v).length) + 48; arr(s).set(k, v); return v },
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
          const lv: LValue = {
            get: function* (s) { return s.getField(Math.trunc(toNum(yield* idx(s)))) },
            set: function* (s, v) { return s.setField(Math.trunc(toNum(yield* idx(s))), v) },
          }
          return { ev: lv.get, lv }
        }
        if (t.v === '++' || t.v === '--') {
          const d = t.v === '++' ? 1 : -1
          const p = this.primary()
          if (!p.lv) this.fail()
          const lv = p.lv
          return { ev: function* (s) { return yield* lv.set(s, toNum(yield* lv.get(s)) + d) } }
        }
        if (t.v === '-') { const a = this.primary().ev; return { ev: function* (s) { return -toNum(yield* a(s)) } } }
        if (t.v === '!') { const a = this.primary().ev; return { ev: function* (s) { return toBool(yield* a(s)) ? 0 : 1 } } }
    }
    this.i--
    return this.fail()
  }
  private primaryForField(): Node {
    return this.primary()
  }
  private builtinCall(name: string): Node {
    if (!this.isOp('(')) {
      if (name === 'length') return { ev: function* (s) { return s.fields[0]!.length } }
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
      return { ev: function* (s) {
        const a = arr(s)
        const text = toStr(yield* str(s))
        const parts = s.split(text, fs ? fs.re ?? toStr(yield* fs.ev(s)) : toStr(s.getVar('FS')))
        a.clear()
        parts.forEach((p, i) => a.set(String(i + 1), new StrNum(p)))
        return parts.length
      } }
    }
    if (name === 'sub' || name === 'gsub') {
      const re = args[0]!
      const repl = args[1]?.ev ?? this.fail()
      const target: LValue = args[2]?.lv ?? { get: function* (s) { return s.getField(0) }, set: function* (s, v) { return s.setField(0, v) } }
      return { ev: function* (s) {
        const rx = s.regex(re.re ?? toStr(yield* re.ev(s)))
        const r = toStr(yield* repl(s))
        const input = toStr(yield* target.get(s))
        let n = 0
        let text = ''
        let last = 0
        for (const m of rx.all(input)) {
          n++
          text += input.slice(last, m.index) + r.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m[0] : x === '\\&' ? '&' : '\\'))
          last = m.index + m[0].length
          if (name === 'sub') break
        }
        if (n) yield* target.set(s, text + input.slice(last))
        return n
      } }
    }
    if (name === 'match') {
      const str = args[0]!.ev
      const re = args[1]!
      return { ev: function* (s) {
        const text = toStr(yield* str(s))
        const m = s.regex(re.re ?? toStr(yield* re.ev(s))).exec(text)
        s.setVar('RSTART', m ? m.index + 1 : 0)
        s.setVar('RLENGTH', m ? m[0].length : -1)
        return m ? m.index + 1 : 0
      } }
    }
    if (name === 'length' && args[0]?.name !== undefined) {
      const n = args[0].name
      const v = args[0].ev
      return { ev: function* (s) { return s.arrays.has(n) ? s.array(n).size : toStr(yield* v(s)).length } }
    }
    const evs = args.map((a) => a.ev)
    return { ev: function* (s) { return callBuiltin(name, yield* evalAll(evs, s), s) } }
  }
  private userCall(name: string): Node {
    this.op('(')
    const args: Node[] = []
    while (!this.isOp(')')) {
      args.push(this.expr())
      if (this.isOp(',')) { this.i++; this.nls() } else break
    }
    this.op(')')
    const funcs = this.funcs
    const frames = this.frames
    return { ev: function* (s) {
      const f = funcs.get(name)
      if (!f) throw new AwkSyntaxError(`calling undefined function ${name}`)
      const frame: Frame = new Map()
      for (const [k, p] of f.params.entries()) {
        const a = args[k]
        if (!a) continue
        // arrays are passed by reference, scalars by value
        if (a.name !== undefined && s.arrays.has(a.name)) frame.set(p, s.array(a.name))
        else frame.set(p, yield* a.ev(s))
      }
      if (frames.length >= MAX_FRAMES) throw new AwkOutOfMemory()
      yield* s.step()
      frames.push(frame)
      try {
        yield* f.body(s)
        return UNINIT
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value
        throw e
      } finally {
        frames.pop()
      }
    } }
  }
}

/**
 * gawk grows its call stack until memory runs out and then dies with "fatal: out of memory".
 * SIMPLIFICATION: here the stack holds MAX_FRAMES calls, a fixed stand-in for that memory (the
 * interpreter's generators nest in the real JS stack, which holds a few thousand of them).
 */
const MAX_FRAMES = 1_000

/** Raised when the call stack is full (see MAX_FRAMES). */
export class AwkOutOfMemory {}

/** The values of expressions, left to right. */
function* evalAll(es: readonly Expr[], s: AwkState): Sys<Value[]> {
  const out: Value[] = []
  for (const e of es) out.push(yield* e(s))
  return out
}

/** Runs a loop body; true when it asked to break. */
function* loopBody(body: Stmt, s: AwkState): Sys<boolean> {
  yield* s.step()
  try {
    yield* body(s)
  } catch (e) {
    if (e instanceof BreakSignal) return true
    if (e instanceof ContinueSignal) return false
    throw e
  }
  return false
}

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
