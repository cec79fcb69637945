// Recursive-descent parser over the POSIX shell grammar (bash subset). The
// caller pulls one complete command (a line's worth of list) at a time, runs
// it, then parses the next, as bash does: a syntax error on line 3 comes after
// lines 1-2 ran.
import type * as A from './ast.ts'
import { Lexer, ParseError, type Token } from './lexer.ts'

const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for',
  'in', 'function', '{', '}', '!', '[[', ']]',
])
const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<'])
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
export const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/

export class Parser {
  readonly lex: Lexer
  constructor(readonly src: string) {
    this.lex = new Lexer(src)
  }

  /** The next complete command (list up to newline), or null at end of input. */
  parseNext(): A.List | null {
    for (;;) {
      const t = this.lex.peek()
      if (t.kind === 'eof') return null
      if (t.kind === 'nl') {
        this.lex.next()
        continue
      }
      break
    }
    const list = this.parseList(new Set(), true)
    const t = this.lex.peek()
    if (t.kind === 'nl') this.lex.next()
    else if (t.kind !== 'eof') this.unexpected(t)
    return list
  }

  /** Parses all of the input (tests, eval of known-good text). */
  parseAll(): A.List {
    const items: A.List['items'] = []
    for (let l = this.parseNext(); l; l = this.parseNext()) for (const it of l.items) items.push(it)
    return { type: 'list', items }
  }

  private unexpected(t: Token): never {
    if (t.kind === 'eof') throw new ParseError('syntax error: unexpected end of file', t.line, true)
    const text = t.kind === 'nl' ? 'newline' : t.kind === 'op' ? t.op : t.raw
    throw new ParseError(`syntax error near unexpected token \`${text}'`, t.line, false)
  }

  private isWord(t: Token, w: string): boolean {
    return t.kind === 'word' && t.raw === w
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && t.op === op && t.fd === null
  }

  private expectWord(w: string): void {
    const t = this.lex.next()
    if (!this.isWord(t, w)) this.unexpected(t)
  }

  private skipNewlines(): void {
    while (this.lex.peek().kind === 'nl') this.lex.next()
  }

  /**
   * and_or lists separated by ; & (and newlines unless `top`), ending before a
   * reserved word in `stops`, `)`, `;;`, EOF (or a newline when `top`).
   */
  private parseList(stops: Set<string>, top: boolean): A.List {
    const items: A.List['items'] = []
    for (;;) {
      if (!top) this.skipNewlines()
      const t = this.lex.peek()
      if (t.kind === 'eof' || (t.kind === 'nl' && top)) break
      if (t.kind === 'word' && stops.has(t.raw)) break
      if (t.kind === 'op' && (t.op === ')' || t.op.startsWith(';;') || t.op === ';&')) break
      const start = t.start
      const cmd = this.parseAndOr()
      const sep = this.lex.peek()
      const text = this.src.slice(start, sep.start).trim()
      if (this.isOp(sep, '&')) {
        this.lex.next()
        items.push({ cmd, bg: true, text })
      } else if (this.isOp(sep, ';')) {
        this.lex.next()
        items.push({ cmd, bg: false, text })
      } else {
        items.push({ cmd, bg: false, text })
        if (sep.kind === 'nl' && !top) continue
        break
      }
    }
    return { type: 'list', items }
  }

  /** A list that must not be empty (bodies of if/while/...). */
  private parseBody(stops: string[]): A.List {
    const list = this.parseList(new Set(stops), false)
    if (list.items.length === 0) this.unexpected(this.lex.peek())
    return list
  }

  private parseAndOr(): A.AndOr {
    const first = this.parsePipeline()
    const rest: A.AndOr['rest'] = []
    for (;;) {
      const t = this.lex.peek()
      if (!(this.isOp(t, '&&') || this.isOp(t, '||'))) break
      this.lex.next()
      this.skipNewlines()
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipe: this.parsePipeline() })
    }
    return { type: 'andor', first, rest }
  }

  private parsePipeline(): A.Pipeline {
    let t = this.lex.peek()
    const start = t.start
    const line = t.line
    let timed: A.Pipeline['timed']
    if (this.isWord(t, 'time')) {
      // `time` is a reserved word only at the start of a pipeline (bash(1) "Pipelines").
      this.lex.next()
      timed = 'bash'
      t = this.lex.peek()
      if (this.isWord(t, '-p')) {
        this.lex.next()
        timed = 'posix'
        t = this.lex.peek()
      }
    }
    let bang = false
    while (this.isWord(t, '!')) {
      this.lex.next()
      bang = !bang
      t = this.lex.peek()
    }
    const cmds: A.Command[] = [this.parseCommand()]
    for (;;) {
      const p = this.lex.peek()
      if (!(this.isOp(p, '|') || this.isOp(p, '|&'))) break
      this.lex.next()
      // `a |& b` is `a 2>&1 | b`
      if (p.kind === 'op' && p.op === '|&') addRedir(cmds[cmds.length - 1]!, { fd: 2, op: '>&', target: '1' })
      this.skipNewlines()
      cmds.push(this.parseCommand())
    }
    const text = this.src.slice(start, this.lex.peek().start).trim()
    return timed ? { type: 'pipeline', cmds, bang, text, line, timed } : { type: 'pipeline', cmds, bang, text, line }
  }

  private parseCommand(): A.Command {
    if (this.lex.atDoubleParen()) {
      const line = this.lex.line
      const expr = this.lex.readArith()
      return this.withRedirs({ type: 'arith', expr, redirs: [], line })
    }
    const t = this.lex.peek()
    if (this.isOp(t, '(')) {
      this.lex.next()
      const body = this.parseBody([])
      const c = this.lex.next()
      if (!this.isOp(c, ')')) this.unexpected(c)
      return this.withRedirs({ type: 'subshell', body, redirs: [], line: t.line })
    }
    if (t.kind === 'word' && RESERVED.has(t.raw)) return this.parseReserved(t)
    return this.parseSimple()
  }

  private withRedirs<T extends A.Command & { redirs: A.Redir[] }>(cmd: T): T {
    for (;;) {
      const t = this.lex.peek()
      if (t.kind !== 'op' || !REDIR_OPS.has(t.op)) return cmd
      cmd.redirs.push(this.parseRedir())
    }
  }

  private parseRedir(): A.Redir {
    const t = this.lex.next() as Extract<Token, { kind: 'op' }>
    const w = this.lex.next()
    // bash's input ends with a newline: `echo >` at the end is "near `newline'"
    if (w.kind === 'eof') throw new ParseError("syntax error near unexpected token `newline'", w.line, false)
    if (w.kind !== 'word') this.unexpected(w)
    const redir: A.Redir = { fd: t.fd, op: t.op as A.RedirOp, target: w.raw }
    if (t.op === '<<' || t.op === '<<-') {
      const quoted = /['"\\]/.test(w.raw)
      redir.heredoc = { body: '', quoted }
      this.lex.addHeredoc(redir, w.raw.replace(/['"\\]/g, ''), t.op === '<<-')
    }
    return redir
  }

  private parseSimple(): A.Command {
    const first = this.lex.peek()
    const cmd: A.Simple = { type: 'simple', assigns: [], words: [], redirs: [], line: first.line }
    for (;;) {
      const t = this.lex.peek()
      if (t.kind === 'op' && REDIR_OPS.has(t.op)) cmd.redirs.push(this.parseRedir())
      else if (t.kind === 'word') {
        this.lex.next()
        if (cmd.words.length === 0 && ASSIGN.test(t.raw)) cmd.assigns.push(t.raw)
        else cmd.words.push(t.raw)
        // name() { ... }: a function definition
        if (cmd.words.length === 1 && cmd.assigns.length === 0 && cmd.redirs.length === 0 && this.isOp(this.lex.peek(), '(')) {
          this.lex.next()
          const c = this.lex.next()
          if (!this.isOp(c, ')')) this.unexpected(c)
          return this.parseFuncBody(t.raw, first.start, first.line)
        }
      } else break
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) this.unexpected(this.lex.peek())
    return cmd
  }

  private parseFuncBody(name: string, start: number, line: number): A.FuncDef {
    this.skipNewlines()
    const body = this.parseCommand()
    if (body.type === 'simple' || body.type === 'funcdef') {
      throw new ParseError(`syntax error near unexpected token \`${body.type === 'simple' ? body.words[0] ?? '' : body.name}'`, line, false)
    }
    const text = this.src.slice(start, this.lex.peek().start).trim()
    return { type: 'funcdef', name, body, text, line }
  }

  private parseReserved(t: Extract<Token, { kind: 'word' }>): A.Command {
    const line = t.line
    switch (t.raw) {
      case '{': {
        this.lex.next()
        const body = this.parseBody(['}'])
        this.expectWord('}')
        return this.withRedirs({ type: 'group', body, redirs: [], line })
      }
      case 'if': {
        this.lex.next()
        const clauses: A.If['clauses'] = []
        let els: A.List | null = null
        for (;;) {
          const cond = this.parseBody(['then'])
          this.expectWord('then')
          const body = this.parseBody(['elif', 'else', 'fi'])
          clauses.push({ cond, body })
          const k = this.lex.next()
          if (this.isWord(k, 'elif')) continue
          if (this.isWord(k, 'else')) {
            els = this.parseBody(['fi'])
            this.expectWord('fi')
          } else if (!this.isWord(k, 'fi')) this.unexpected(k)
          break
        }
        return this.withRedirs({ type: 'if', clauses, else: els, redirs: [], line })
      }
      case 'while':
      case 'until': {
        this.lex.next()
        const cond = this.parseBody(['do'])
        this.expectWord('do')
        const body = this.parseBody(['done'])
        this.expectWord('done')
        return this.withRedirs({ type: 'while', until: t.raw === 'until', cond, body, redirs: [], line })
      }
      case 'for':
        return this.parseFor(line)
      case 'case':
        return this.parseCase(line)
      case 'function': {
        this.lex.next()
        const n = this.lex.next()
        if (n.kind !== 'word') this.unexpected(n)
        if (this.isOp(this.lex.peek(), '(')) {
          this.lex.next()
          const c = this.lex.next()
          if (!this.isOp(c, ')')) this.unexpected(c)
        }
        return this.parseFuncBody(n.raw, t.start, line)
      }
      case '[[':
        return this.parseCond(line)
      default:
        this.unexpected(this.lex.next())
    }
  }

  private parseFor(line: number): A.Command {
    this.lex.next()
    if (this.lex.atDoubleParen()) {
      const parts = this.lex.readArith().split(';')
      if (parts.length !== 3) throw new ParseError("syntax error: arithmetic expression required", line, false)
      this.skipSeparator()
      const body = this.parseDoGroup()
      return this.withRedirs({ type: 'arithfor', init: parts[0]!, cond: parts[1]!, step: parts[2]!, body, redirs: [], line })
    }
    const n = this.lex.next()
    if (n.kind !== 'word' || !NAME.test(n.raw)) {
      if (n.kind === 'word') throw new ParseError(`\`${n.raw}': not a valid identifier`, n.line, false)
      this.unexpected(n)
    }
    let words: string[] | null = null
    this.skipNewlines()
    if (this.isWord(this.lex.peek(), 'in')) {
      this.lex.next()
      words = []
      while (this.lex.peek().kind === 'word') words.push((this.lex.next() as { raw: string }).raw)
    }
    this.skipSeparator()
    const body = this.parseDoGroup()
    return this.withRedirs({ type: 'for', name: n.raw, words, body, redirs: [], line })
  }

  private skipSeparator(): void {
    if (this.isOp(this.lex.peek(), ';')) this.lex.next()
    this.skipNewlines()
  }

  private parseDoGroup(): A.List {
    const t = this.lex.peek()
    if (this.isWord(t, '{')) {
      // bash accepts `for x in a; { cmds; }`
      this.lex.next()
      const body = this.parseBody(['}'])
      this.expectWord('}')
      return body
    }
    this.expectWord('do')
    const body = this.parseBody(['done'])
    this.expectWord('done')
    return body
  }

  private parseCase(line: number): A.Command {
    this.lex.next()
    const w = this.lex.next()
    if (w.kind !== 'word') this.unexpected(w)
    this.skipNewlines()
    this.expectWord('in')
    const items: A.CaseItem[] = []
    for (;;) {
      this.skipNewlines()
      let t = this.lex.peek()
      if (this.isWord(t, 'esac')) {
        this.lex.next()
        break
      }
      if (this.isOp(t, '(')) this.lex.next()
      const patterns: string[] = []
      for (;;) {
        t = this.lex.next()
        if (t.kind !== 'word') this.unexpected(t)
        patterns.push(t.raw)
        const s = this.lex.next()
        if (this.isOp(s, ')')) break
        if (!this.isOp(s, '|')) this.unexpected(s)
      }
      const body = this.parseList(new Set(['esac']), false)
      const end = this.lex.peek()
      let term: A.CaseItem['term'] = ';;'
      if (end.kind === 'op' && (end.op === ';;' || end.op === ';&' || end.op === ';;&')) {
        this.lex.next()
        term = end.op
      } else if (!this.isWord(end, 'esac')) this.unexpected(end)
      items.push({ patterns, body, term })
    }
    return this.withRedirs({ type: 'case', word: w.raw, items, redirs: [], line })
  }

  private parseCond(line: number): A.Command {
    this.lex.next()
    const tokens: A.Cond['tokens'] = []
    for (;;) {
      const t = this.lex.next()
      if (t.kind === 'eof') this.unexpected(t)
      if (t.kind === 'nl') continue
      if (t.kind === 'word' && t.raw === ']]') break
      if (t.kind === 'word') tokens.push({ raw: t.raw, op: false })
      else if (t.kind === 'op') tokens.push({ raw: (t.fd ?? '') + t.op, op: true })
    }
    return this.withRedirs({ type: 'cond', tokens, redirs: [], line })
  }
}

function addRedir(cmd: A.Command, r: A.Redir): void {
  if (cmd.type === 'funcdef') return
  cmd.redirs.push(r)
}

export function parseScript(src: string): A.List {
  return new Parser(src).parseAll()
}
