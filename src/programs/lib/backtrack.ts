// Back-references (\1..\9 in a BRE, GNU sed and grep) make a language no
// finite automaton recognises, so RE2 has none. Patterns that use them are
// matched here instead, by backtracking as glibc's regexec does for them, but
// with a budget: past BUDGET steps (or a recursion deeper than DEPTH) the match
// stops with RegexTooComplex, which programs report as gnulib's "memory
// exhausted" (glibc's REG_ESPACE). SIMPLIFICATION: glibc has no step limit
// (it can run for hours on `\(a*\)*\1` and a long line), and its matches are
// POSIX leftmost-longest, while this matcher takes the first match that
// backtracking finds, as Perl does.
// The input is posixToRe2's output: a small subset of RE2 syntax.
import type { Match } from './regex.ts'

const BUDGET = 2_000_000
const DEPTH = 2_000

/** Raised past the step or depth budget. */
export class RegexTooComplex extends Error {
  constructor() {
    super('memory exhausted')
  }
}

type Node =
  | { t: 'char'; test: (c: string) => boolean }
  | { t: 'assert'; at: (s: string, i: number) => boolean }
  | { t: 'group'; cap: number; alts: Node[][] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'ref'; n: number }

const isWord = (c: string | undefined) => c !== undefined && /\w/.test(c)
const ASSERTS: Record<string, (s: string, i: number) => boolean> = {
  '^': (_s, i) => i === 0,
  $: (s, i) => i === s.length,
  '\\b': (s, i) => isWord(s[i - 1]) !== isWord(s[i]),
  '\\B': (s, i) => isWord(s[i - 1]) === isWord(s[i]),
  '(?<!\\w)': (s, i) => !isWord(s[i - 1]),
  '(?<=\\w)': (s, i) => isWord(s[i - 1]),
}

class Parser {
  i = 0
  groups = 0
  constructor(private readonly src: string, private readonly flags: string) {}

  alts(): Node[][] {
    const alts: Node[][] = [[]]
    while (this.i < this.src.length && this.src[this.i] !== ')') {
      if (this.src[this.i] === '|') {
        this.i++
        alts.push([])
        continue
      }
      const atom = this.atom()
      alts[alts.length - 1]!.push(this.quantified(atom))
    }
    return alts
  }

  private oneChar(source: string): Node {
    const re = new RegExp(source, this.flags)
    return { t: 'char', test: (c) => re.test(c) }
  }

  private atom(): Node {
    const s = this.src
    for (const [k, at] of Object.entries(ASSERTS)) {
      if (s.startsWith(k, this.i)) {
        this.i += k.length
        return { t: 'assert', at }
      }
    }
    const c = s[this.i]!
    if (c === '(') {
      const capturing = !s.startsWith('(?:', this.i)
      this.i += capturing ? 1 : 3
      const cap = capturing ? ++this.groups : 0
      const alts = this.alts()
      if (s[this.i] !== ')') throw new Error('Unmatched ( or \\(')
      this.i++
      return { t: 'group', cap, alts }
    }
    if (c === '[') {
      let j = this.i + 1
      if (s[j] === '^') j++
      if (s[j] === ']') j++
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1
      const cls = s.slice(this.i, j + 1)
      this.i = j + 1
      return this.oneChar(cls)
    }
    if (c === '\\') {
      const n = s[this.i + 1]!
      if (/[1-9]/.test(n)) {
        this.i += 2
        return { t: 'ref', n: Number(n) }
      }
      const hex = /^\\x[0-9a-fA-F]{2}/.exec(s.slice(this.i))
      const len = hex ? 4 : 2
      const esc = s.slice(this.i, this.i + len)
      this.i += len
      return this.oneChar(esc)
    }
    this.i++
    if (c === '.') return { t: 'char', test: () => true } // POSIX: . matches a newline too
    return this.oneChar(/[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c)
  }

  private quantified(atom: Node): Node {
    const s = this.src
    for (;;) {
      const c = s[this.i]
      let min: number
      let max: number
      if (c === '*') [min, max] = [0, Infinity]
      else if (c === '+') [min, max] = [1, Infinity]
      else if (c === '?') [min, max] = [0, 1]
      else if (c === '{') {
        const m = /^\{(\d+)(,?)(\d*)\}/.exec(s.slice(this.i))
        if (!m) return atom
        min = Number(m[1])
        max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min
        this.i += m[0].length - 1
      } else return atom
      this.i++
      atom = { t: 'rep', node: atom, min, max }
    }
  }
}

/** A backtracking matcher for patterns with back-references. */
export class Backtracker {
  private readonly alts: Node[][]
  private readonly ignoreCase: boolean
  private s = ''
  private steps = 0
  private depth = 0
  private caps: (readonly [number, number] | undefined)[] = []
  private readonly ncaps: number

  constructor(source: string, ignoreCase: boolean) {
    const p = new Parser(source, ignoreCase ? 'i' : '')
    this.alts = p.alts()
    if (p.i < source.length) throw new Error('Unmatched ) or \\)')
    this.ncaps = p.groups
    this.ignoreCase = ignoreCase
  }

  exec(s: string, from: number): Match | null {
    this.s = s
    this.steps = 0
    const top: Node = { t: 'group', cap: 0, alts: this.alts }
    for (let start = from; start <= s.length; start++) {
      this.caps = []
      let end = -1
      if (this.node(top, start, (e) => { end = e; return true })) {
        const groups: (string | undefined)[] = [s.slice(start, end)]
        for (let g = 1; g <= this.ncaps; g++) {
          const c = this.caps[g]
          groups.push(c ? s.slice(c[0], c[1]) : undefined)
        }
        return Object.assign(groups, { index: start }) as unknown as Match
      }
    }
    return null
  }

  private tick(): void {
    if (++this.steps > BUDGET) throw new RegexTooComplex()
  }

  private seq(nodes: Node[], k: number, pos: number, next: (pos: number) => boolean): boolean {
    if (k === nodes.length) return next(pos)
    return this.node(nodes[k]!, pos, (p) => this.seq(nodes, k + 1, p, next))
  }

  private node(n: Node, pos: number, next: (pos: number) => boolean): boolean {
    this.tick()
    if (++this.depth > DEPTH) throw new RegexTooComplex()
    try {
      switch (n.t) {
        case 'char': return pos < this.s.length && n.test(this.s[pos]!) && next(pos + 1)
        case 'assert': return n.at(this.s, pos) && next(pos)
        case 'ref': {
          const c = this.caps[n.n]
          if (!c) return false // a group that took no part matches nothing (glibc)
          const want = this.s.slice(c[0], c[1])
          const got = this.s.slice(pos, pos + want.length)
          const same = this.ignoreCase ? want.toLowerCase() === got.toLowerCase() : want === got
          return same && next(pos + want.length)
        }
        case 'group':
          for (const alt of n.alts) {
            const saved = this.caps[n.cap]
            if (this.seq(alt, 0, pos, (e) => {
              const before = this.caps[n.cap]
              if (n.cap) this.caps[n.cap] = [pos, e]
              if (next(e)) return true
              this.caps[n.cap] = before
              return false
            })) return true
            this.caps[n.cap] = saved
          }
          return false
        case 'rep': return this.rep(n, 0, pos, next)
      }
    } finally {
      this.depth--
    }
  }

  /** Greedy repetition; a single-character atom is scanned in a loop, not by recursion. */
  private rep(n: Extract<Node, { t: 'rep' }>, count: number, pos: number, next: (pos: number) => boolean): boolean {
    const atom = n.node
    if (atom.t === 'char') {
      let e = pos
      while (e - pos < n.max && e < this.s.length && atom.test(this.s[e]!)) e++
      for (let p = e; p >= pos + n.min; p--) {
        this.tick()
        if (next(p)) return true
      }
      return false
    }
    if (count < n.max && this.node(atom, pos, (p) => (p === pos && count >= n.min ? false : this.rep(n, count + 1, p, next)))) return true
    return count >= n.min && next(pos)
  }
}
