// Tokenizer. Splits source into words (raw text, quotes kept), operators and
// newlines, as bash's read_token does; reads here-document bodies after the
// newline that ends the line they were introduced on.
import type { Redir } from './ast.ts'

export type Token =
  | { kind: 'word'; raw: string; start: number; end: number; line: number }
  | { kind: 'op'; op: string; fd: number | null; start: number; end: number; line: number }
  | { kind: 'nl'; start: number; end: number; line: number }
  | { kind: 'eof'; start: number; end: number; line: number }

/** A syntax error; `incomplete` when more input could complete it (PS2). */
export class ParseError extends Error {
  constructor(message: string, readonly line: number, readonly incomplete: boolean) {
    super(message)
  }
}

// Longest first: the lexer takes the first that matches.
const OPS = [
  ';;&', '&>>', '<<<', '<<-', '&&', '||', ';;', ';&', '&>', '|&', '<<', '<&', '<>', '>>', '>&', '>|',
  ';', '&', '|', '(', ')', '<', '>',
]
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>'])

export class Lexer {
  pos = 0
  line = 1
  /**
   * Set when the text ended where more input would continue it without a
   * syntax error: a `\`-newline at the very end, or a here-document body
   * with no delimiter line yet (script-from-a-pipe reads on; see stdin-script.ts).
   */
  wantsMore = false
  private peeked: Token | null = null
  private pendingHeredocs: { redir: Redir; delim: string; strip: boolean }[] = []

  constructor(readonly src: string) {}

  peek(): Token {
    if (!this.peeked) this.peeked = this.scan()
    return this.peeked
  }

  next(): Token {
    const t = this.peek()
    this.peeked = null
    return t
  }

  /** Forget a peeked token so the parser can re-scan from its start (for `((`). */
  unpeek(): void {
    if (this.peeked) {
      this.pos = this.peeked.start
      this.line = this.peeked.line
      this.peeked = null
    }
  }

  addHeredoc(redir: Redir, delim: string, strip: boolean): void {
    this.pendingHeredocs.push({ redir, delim, strip })
  }

  /** True when the source at the next token starts with `((`. */
  atDoubleParen(): boolean {
    this.unpeek()
    this.skipBlanks()
    return this.src.startsWith('((', this.pos)
  }

  /** Reads `(( expr ))` and returns expr (the caller checked atDoubleParen). */
  readArith(): string {
    const startLine = this.line
    this.pos += 2
    const begin = this.pos
    let depth = 0
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!
      if (c === '\n') this.line++
      if (c === '(') depth++
      else if (c === ')') {
        if (depth === 0 && this.src[this.pos + 1] === ')') {
          const expr = this.src.slice(begin, this.pos)
          this.pos += 2
          return expr
        }
        depth--
      }
      this.pos++
    }
    throw new ParseError("unexpected EOF while looking for matching `)'", startLine, true)
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos]
      if (c === ' ' || c === '\t') this.pos++
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2
        this.line++
        if (this.pos >= this.src.length) this.wantsMore = true
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++
      } else return
    }
  }

  private scan(): Token {
    this.skipBlanks()
    const start = this.pos
    const line = this.line
    if (this.pos >= this.src.length) return { kind: 'eof', start, end: start, line }
    const c = this.src[this.pos]!
    if (c === '\n') {
      this.pos++
      this.line++
      this.readHeredocs()
      return { kind: 'nl', start, end: this.pos, line }
    }
    // IO number: digits directly followed by < or >
    const m = /^\d+(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12))
    if (m) {
      this.pos += m[0].length
      const op = this.matchOp()!
      return { kind: 'op', op, fd: Number(m[0]), start, end: this.pos, line }
    }
    const op = this.matchOp()
    if (op) return { kind: 'op', op, fd: null, start, end: this.pos, line }
    const raw = this.readWord()
    return { kind: 'word', raw, start, end: this.pos, line }
  }

  private matchOp(): string | null {
    for (const op of OPS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length
        return op
      }
    }
    return null
  }

  private eofError(what: string, line: number): never {
    throw new ParseError(`unexpected EOF while looking for matching \`${what}'`, line, true)
  }

  private readWord(): string {
    const start = this.pos
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!
      if (META.has(c)) break
      this.skipWordPart()
    }
    return this.src.slice(start, this.pos)
  }

  /** Advances over one character or one quoted/substituted unit of a word. */
  private skipWordPart(): void {
    const s = this.src
    const c = s[this.pos]!
    const line = this.line
    if (c === '\\') {
      if (s[this.pos + 1] === '\n') this.line++
      this.pos += 2
      if (s[this.pos - 1] === '\n' && this.pos >= s.length) this.wantsMore = true
    } else if (c === "'") {
      const end = s.indexOf("'", this.pos + 1)
      if (end < 0) this.eofError("'", line)
      this.countLines(this.pos, end)
      this.pos = end + 1
    } else if (c === '$' && s[this.pos + 1] === "'") {
      this.pos += 2
      while (this.pos < s.length && s[this.pos] !== "'") this.pos += s[this.pos] === '\\' ? 2 : 1
      if (this.pos >= s.length) this.eofError("'", line)
      this.pos++
    } else if (c === '"') {
      this.pos++
      while (this.pos < s.length && s[this.pos] !== '"') {
        const d = s[this.pos]!
        if (d === '\\') this.pos += 2
        else if (d === '$' || d === '`') this.skipWordPart()
        else {
          if (d === '\n') this.line++
          this.pos++
        }
      }
      if (this.pos >= s.length) this.eofError('"', line)
      this.pos++
    } else if (c === '`') {
      this.pos++
      while (this.pos < s.length && s[this.pos] !== '`') {
        if (s[this.pos] === '\\') this.pos++
        else if (s[this.pos] === '\n') this.line++
        this.pos++
      }
      if (this.pos >= s.length) this.eofError('`', line)
      this.pos++
    } else if (c === '$' && s[this.pos + 1] === '(') {
      this.pos += 2
      this.skipBalanced('(', ')', line)
    } else if (c === '$' && s[this.pos + 1] === '{') {
      this.pos += 2
      this.skipBalanced('{', '}', line)
    } else {
      if (c === '\n') this.line++
      this.pos++
    }
  }

  /** Index just past the bracket closing the one before `pos` in `src`. */
  static findClose(src: string, pos: number, open: string, close: string): number {
    const l = new Lexer(src)
    l.pos = pos
    l.skipBalanced(open, close, 1)
    return l.pos
  }

  /** Skips to the matching close bracket, honouring quotes and nesting. */
  private skipBalanced(open: string, close: string, line: number): void {
    let depth = 1
    const s = this.src
    while (this.pos < s.length) {
      const c = s[this.pos]!
      if (c === close) {
        depth--
        this.pos++
        if (depth === 0) return
      } else if (c === open) {
        depth++
        this.pos++
      } else if (c === '#' && open === '(' && /[\s;(]/.test(s[this.pos - 1] ?? ' ')) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++
      } else this.skipWordPart()
    }
    this.eofError(close, line)
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.src[i] === '\n') this.line++
  }

  private readHeredocs(): void {
    const docs = this.pendingHeredocs
    this.pendingHeredocs = []
    for (const d of docs) {
      let body = ''
      for (;;) {
        if (this.pos >= this.src.length) {
          this.wantsMore = true
          break // bash warns: delimited by end-of-file
        }
        let nl = this.src.indexOf('\n', this.pos)
        if (nl < 0) nl = this.src.length
        let text = this.src.slice(this.pos, nl)
        this.pos = Math.min(nl + 1, this.src.length)
        this.line++
        if (d.strip) text = text.replace(/^\t+/, '')
        if (text === d.delim) break
        body += text + '\n'
      }
      d.redir.heredoc = { body, quoted: d.redir.heredoc?.quoted ?? false }
    }
  }
}
