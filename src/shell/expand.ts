// Word expansion, in bash's order: tilde, parameter, command substitution and
// arithmetic (left to right), then field splitting of unquoted results, then
// pathname expansion, then quote removal.
import { Lexer } from './lexer.ts'
import { glob, hasGlob, escapeGlob } from './glob.ts'
import type { Shell } from './shell.ts'
import type { Sys } from '../libc/index.ts'
import { getParam, paramExpand, specialParam } from './params.ts'
import { runCommandSubst } from './subst.ts'
import { evalArith, ArithError } from './arith.ts'
import { chargeScratch, held, hold, WORD_CELL } from './memory.ts'

/** An expansion failure that aborts the command (bash: "bad substitution", ${x:?}...). */
export class ExpandError extends Error {
  /**
   * `fatal`: a non-interactive shell exits (bash's jump_to_top_level), with
   * `exitStatus` (127 for unset-parameter errors, as bash's exp_jump_to_top_level).
   */
  constructor(message: string, public fatal = false, readonly exitStatus = 1) {
    super(message)
  }
}

/** A piece of a word: literal or expanded text; `split` when subject to IFS. */
type Seg = { text: string; quoted: boolean; split: boolean } | { brk: true }
/** The break between two words of "$@" (one object for all: "$@" may be millions of words). */
const BRK: Seg = { brk: true }

export type Mode = 'word' | 'dquote' | 'heredoc' | 'assign' | 'pattern'

interface Field { text: string; pat: string; glob: boolean; keep: boolean }

/** Expands a word into fields (argv entries). */
/** A word with no quoting, expansion or pattern characters expands to itself. */
const WORD_SPECIAL = /[$`'"\\~*?[{]/

export function* expandWord(sh: Shell, raw: string): Sys<string[]> {
  if (!WORD_SPECIAL.test(raw) || (raw === '[' || raw === ']')) return [raw]
  const segs = yield* scan(sh, raw, 'word')
  const fields = yield* split(sh, segs)
  const out: string[] = []
  for (const f of fields) {
    if (f.glob && !sh.opts.noglob && hasGlob(f.pat)) {
      const m = yield* glob(f.pat)
      if (m.length) {
        // each match is a new word on the heap (glob_vector's array, then a WORD_LIST)
        let bytes = 0
        for (const p of m) {
          out.push(p)
          bytes += p.length + 1 + WORD_CELL
        }
        yield* hold(sh, bytes)
        continue
      }
    }
    out.push(f.text)
  }
  return out
}

export function* expandWords(sh: Shell, raws: readonly string[]): Sys<string[]> {
  const out: string[] = []
  for (let k = 0; k < raws.length; k++) {
    const r = raws[k]!
    if (!WORD_SPECIAL.test(r)) out.push(r)
    else for (const f of yield* expandWord(sh, r)) out.push(f)
  }
  return out
}

/** Expands without splitting or globbing (assignments, redirection targets, heredocs). */
export function* expandString(sh: Shell, raw: string, mode: Mode = 'assign'): Sys<string> {
  const segs = yield* scan(sh, raw, mode)
  let s = ''
  for (const g of segs) if (!('brk' in g)) s += g.text
  else s += ' '
  return s
}

/** Expands a pattern (case, ${x#pat}): quoted characters come back escaped. */
export function* expandPattern(sh: Shell, raw: string): Sys<string> {
  const segs = yield* scan(sh, raw, 'pattern')
  let s = ''
  for (const g of segs) if (!('brk' in g)) s += g.quoted ? escapeGlob(g.text) : g.text
  return s
}

/**
 * Field splitting of the unquoted expansion results. Each field is a new word
 * on the heap, charged as it is made, so splitting a huge text meets xmalloc's
 * limit before the simulator's own heap.
 */
function* split(sh: Shell, segs: Seg[]): Sys<Field[]> {
  const sep = ifsRegex(sh.get('IFS') ?? ' \t\n')
  const fs = new Fields()
  let charged = 0
  for (const g of segs) {
    if ('brk' in g) {
      fs.open().keep = true
      fs.flush()
      continue
    }
    if (g.quoted) {
      const f = fs.open()
      f.text += g.text
      f.pat += escapeGlob(g.text)
      f.keep = true
      continue
    }
    if (!g.split || sep === null) {
      // unquoted text (literal or expanded) stays subject to pathname expansion
      const f = fs.open()
      f.text += g.text
      f.pat += g.text
      if (hasGlob(g.text)) f.glob = true
      continue
    }
    // IFS splitting: whitespace IFS chars collapse; others delimit one field each
    const t = g.text
    for (let i = 0; i < t.length;) {
      sep.lastIndex = i
      const j = sep.exec(t)?.index ?? t.length
      if (j > i) {
        // a run of characters that are not IFS: one slice, not a string per character
        const run = t.slice(i, j)
        const f = fs.open()
        f.text += run
        f.pat += run
        if (GLOB_CHAR.test(run)) f.glob = true
      }
      if (j < t.length) {
        if (!' \t\n'.includes(t[j]!)) fs.open().keep = true
        fs.flush()
      }
      i = j + 1
      if (fs.list.length - charged >= 1024) {
        yield* hold(sh, (fs.list.length - charged) * WORD_CELL, WORD_LIST_SIZE)
        charged = fs.list.length
      }
    }
  }
  fs.flush()
  if (held(sh, (fs.list.length - charged) * WORD_CELL)) yield* chargeScratch(sh, WORD_LIST_SIZE)
  return fs.list
}

/**
 * The fields split() makes, and the one being built. A class, not closures
 * inside split(): each named closure costs a defineProperty per call where
 * names are kept (tsx), and split() runs for every unquoted expansion.
 */
class Fields {
  list: Field[] = []
  cur: Field | null = null
  open(): Field {
    return (this.cur ??= { text: '', pat: '', glob: false, keep: false })
  }
  flush(): void {
    if (this.cur && (this.cur.text !== '' || this.cur.keep)) this.list.push(this.cur)
    this.cur = null
  }
}

/** The last IFS seen and its separator regex: IFS rarely changes, and split() runs for every unquoted expansion. */
const lastIfs: { ifs: string; sep: RegExp | null } = { ifs: ' \t\n', sep: /[ \t\n]/g }

/** The IFS characters as a global character class; null for an empty IFS (no splitting). */
function ifsRegex(ifs: string): RegExp | null {
  if (ifs !== lastIfs.ifs) {
    lastIfs.ifs = ifs
    lastIfs.sep = ifs === '' ? null : new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&')}]`, 'g')
  }
  return lastIfs.sep
}

const GLOB_CHAR = /[*?[]/
/** sizeof(WORD_LIST), the block make_word_list() asks xmalloc for. */
const WORD_LIST_SIZE = 16

/** Scans a raw word into segments, performing the $ ` ~ expansions. */
function* scan(sh: Shell, raw: string, mode: Mode): Sys<Seg[]> {
  const segs: Seg[] = []
  const inQ = mode === 'dquote' || mode === 'heredoc'
  let i = 0
  if ((mode === 'word' || mode === 'assign') && raw[0] === '~') {
    const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|:)/.exec(raw)
    if (m && m[1] === '') {
      segs.push({ text: sh.get('HOME') ?? '/', quoted: true, split: false })
      i = 1
    }
  }
  while (i < raw.length) {
    const c = raw[i]!
    if (c === '\\') {
      const n = raw[i + 1]
      if (n === undefined) {
        segs.push({ text: '\\', quoted: inQ, split: false })
        i++
      } else if (n === '\n') i += 2
      else if (inQ && !'$`"\\'.includes(n) || (mode === 'heredoc' && n === '"')) {
        segs.push({ text: '\\' + n, quoted: inQ, split: false })
        i += 2
      } else {
        segs.push({ text: n, quoted: true, split: false })
        i += 2
      }
    } else if (c === "'" && !inQ) {
      const end = raw.indexOf("'", i + 1)
      segs.push({ text: raw.slice(i + 1, end), quoted: true, split: false })
      i = end + 1
    } else if (c === '$' && raw[i + 1] === "'" && !inQ) {
      let j = i + 2
      while (j < raw.length && raw[j] !== "'") j += raw[j] === '\\' ? 2 : 1
      segs.push({ text: ansiC(raw.slice(i + 2, j)), quoted: true, split: false })
      i = j + 1
    } else if (c === '"' && !inQ) {
      let j = i + 1
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\') j += 2
        else if (raw[j] === '$' && (raw[j + 1] === '(' || raw[j + 1] === '{')) {
          j = Lexer.findClose(raw, j + 2, raw[j + 1]!, raw[j + 1] === '(' ? ')' : '}')
        } else if (raw[j] === '`') {
          j = raw.indexOf('`', j + 1) + 1 || raw.length
          while (raw[j - 2] === '\\' && j < raw.length) j = raw.indexOf('`', j) + 1 || raw.length
        } else j++
      }
      const inner = raw.slice(i + 1, j)
      const sub = yield* scan(sh, inner, 'dquote')
      const atOnly = /^\$(@|\{@\})$/.test(inner)
      if (!(atOnly && sh.positional.length === 0)) {
        segs.push({ text: '', quoted: true, split: false })
        for (const g of sub) segs.push(g) // "$@" may be millions of words: no spread onto the call stack
      }
      i = j + 1
    } else if (c === '`') {
      let j = i + 1
      let body = ''
      while (j < raw.length && raw[j] !== '`') {
        if (raw[j] === '\\' && '$`\\'.includes(raw[j + 1] ?? '')) j++
        body += raw[j]
        j++
      }
      const out = yield* runCommandSubst(sh, body)
      segs.push({ text: out, quoted: inQ, split: !inQ })
      i = j + 1
    } else if (c === '$') {
      i = yield* dollar(sh, raw, i, inQ, segs)
    } else {
      segs.push({ text: c, quoted: inQ, split: false })
      i++
    }
  }
  return segs
}

/**
 * Expands the `$...` at raw[i]; returns the index after it. Each result is a
 * new string on the heap (bash copies a value as it expands it), charged as
 * scratch; command substitution charges its output as it reads it.
 */
function* dollar(sh: Shell, raw: string, i: number, inQ: boolean, segs: Seg[]): Sys<number> {
  const n = raw[i + 1]
  if (n === '(' && raw[i + 2] === '(') {
    const inner = Lexer.findClose(raw, i + 3, '(', ')')
    if (raw[inner] === ')') {
      segs.push({ text: String(yield* arithValue(sh, raw.slice(i + 3, inner - 1))), quoted: inQ, split: !inQ })
      return inner + 1
    }
  }
  if (n === '(') {
    const end = Lexer.findClose(raw, i + 2, '(', ')')
    segs.push({ text: yield* runCommandSubst(sh, raw.slice(i + 2, end - 1)), quoted: inQ, split: !inQ })
    return end
  }
  if (n === '{') {
    const end = Lexer.findClose(raw, i + 2, '{', '}')
    const r = yield* paramExpand(sh, raw.slice(i + 2, end - 1), inQ)
    if (r.fields && inQ) yield* putAll(sh, segs, r.fields, inQ)
    else {
      const text = r.fields ? r.fields.join(' ') : r.text
      if (put(sh, segs, text, inQ)) yield* chargeScratch(sh, text.length + 1)
    }
    return end
  }
  if (n !== undefined && NAME_START.test(n)) {
    NAME_AT.lastIndex = i + 1
    const name = NAME_AT.exec(raw)![0]
    if (name === 'RANDOM') yield* sh.seedRandom()
    const v = getParam(sh, name) // not sh.vars: $RANDOM and $LINENO are computed
    if (v === undefined && sh.opts.nounset) throw new ExpandError(`${name}: unbound variable`, true, 127)
    const text = v ?? ''
    if (put(sh, segs, text, inQ)) yield* chargeScratch(sh, text.length + 1)
    return i + 1 + name.length
  }
  if (n !== undefined && SPECIAL.test(n)) {
    if (n === '@' && inQ) yield* putAll(sh, segs, sh.positional, inQ)
    else {
      const v = specialParam(sh, n, inQ)
      if (put(sh, segs, v, inQ)) yield* chargeScratch(sh, v.length + 1)
    }
    return i + 2
  }
  segs.push({ text: '$', quoted: inQ, split: false })
  return i + 1
}

const NAME_START = /[A-Za-z_]/
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y
const SPECIAL = /[0-9@*#?$!-]/

/**
 * Appends an expansion's result, a new string on the heap (held as scratch).
 * True when the heap must be checked now (chargeScratch): no generator per
 * expanded word, the hot path of every loop.
 */
function put(sh: Shell, segs: Seg[], text: string, inQ: boolean): boolean {
  segs.push({ text, quoted: inQ, split: !inQ })
  return held(sh, text.length)
}

/** Appends the words of "$@" or "${a[@]}", a break between each. */
function* putAll(sh: Shell, segs: Seg[], words: readonly string[], inQ: boolean): Sys<void> {
  for (let k = 0; k < words.length; k++) {
    if (k) segs.push(BRK)
    if (put(sh, segs, words[k]!, inQ)) yield* chargeScratch(sh, words[k]!.length + 1)
  }
}

/** Text with nothing for scan() to expand in 'heredoc' mode (the common `i+1`). */
const ARITH_SPECIAL = /[$`\\]/

/** An arithmetic expression's value as a JS number (offsets, loop conditions, let's status). */
export function* arith(sh: Shell, expr: string): Sys<number> {
  return Number(yield* arithValue(sh, expr))
}

/** Its exact 64-bit value, for $(( )) expansion. */
export function* arithValue(sh: Shell, expr: string): Sys<bigint> {
  const text = ARITH_SPECIAL.test(expr) ? yield* expandString(sh, expr, 'heredoc') : expr
  if (text.includes('RANDOM')) yield* sh.seedRandom()
  try {
    return evalArith(text, sh)
  } catch (e) {
    if (e instanceof ArithError) throw new ExpandError(`${text.trim()}: ${e.message}`)
    throw e
  }
}

/** $'...' escapes (bash's ansicstr). */
export function ansiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|c.|.)/gs, (_, e: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' }
    if (e in map) return map[e]!
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16))
    if (e[0] === 'c') return String.fromCharCode(e.charCodeAt(1) & 0x1f)
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8))
    return '\\' + e
  })
}

