// POSIX regular expressions (BRE for grep/sed, ERE for grep -E, sed -E, awk
// and bash's [[ =~ ]]) translated to RE2 syntax and matched by re2js, a
// linear-time engine: no pattern can make a program spin in JavaScript between
// two syscalls (`grep -E '(a|aa)+$'` on a 100k-character line ends at once).
// Matching is leftmost-longest, as POSIX regexec. GNU extensions included:
// \+ \? \| in BREs, \< \> \b \w \s, back-references (these RE2 lacks: see
// backtrack.ts for their bounded matcher).
import type { RE2JS } from 're2js'
import { Backtracker } from './backtrack.ts'
import { LazyCode } from './lazy.ts'
import { warn } from './cmd.ts'
import type { Sys } from '../../libc/index.ts'

/** re2js, a third of the machine's code: a chunk of its own, loaded when a program first needs a regex (lazy.ts). */
const re2js = new LazyCode(() => import('re2js').then((m) => m.RE2JS))

/**
 * Waits for the regex engine; a program calls it before it compiles its first
 * pattern. False (after `prog: ...` on stderr) if the engine could not be loaded.
 */
export function* regexReady(prog: string): Sys<boolean> {
  const r = yield* re2js.get()
  if (typeof r !== 'string') return true
  yield* warn(prog, `cannot load the regular expression engine: ${r}`)
  return false
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: '0-9a-zA-Z', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f', word: '\\w',
}

/** A bracket expression starting at re[i] === '['; returns JS source and the index after ']'. */
function bracket(re: string, i: number): [string, number] | undefined {
  let j = i + 1
  let out = '['
  if (re[j] === '^') {
    out += '^'
    j++
  }
  if (re[j] === ']') {
    out += '\\]'
    j++
  }
  for (; j < re.length; j++) {
    const c = re[j]!
    if (c === ']') return [out + ']', j + 1]
    const cls = /^\[:([a-z]+):\]/.exec(re.slice(j))
    if (cls) {
      const body = CLASSES[cls[1]!]
      if (body === undefined) return undefined
      out += body
      j += cls[0].length - 1
      continue
    }
    const eq = /^\[([.=])(.)\1\]/.exec(re.slice(j))
    if (eq) {
      out += '\\' + eq[2]
      j += eq[0].length - 1
      continue
    }
    out += c === '\\' || c === '[' ? '\\' + c : c
  }
  return undefined // unterminated: GNU reports "Unmatched [", callers turn it into an error
}

const JS_SPECIAL = /[.*+?^${}()|[\]\\/]/

const WORD_START = '\\b(?<!\\w)'
const WORD_END = '\\b(?<=\\w)'

/** Translates a POSIX RE to RE2 source; throws Error with GNU's message if invalid. */
export function posixToRe2(re: string, extended: boolean): string {
  let out = ''
  let i = 0
  let atStart = true // where '*' is literal in a BRE and '^' is an anchor
  let depth = 0
  while (i < re.length) {
    const c = re[i]!
    const wasStart = atStart
    atStart = false
    if (c === '[') {
      const b = bracket(re, i)
      if (!b) throw new Error('Unmatched [, [^, [:, [., or [=')
      out += b[0]
      i = b[1]
      continue
    }
    if (c === '\\') {
      const n = re[i + 1]
      i += 2
      if (n === undefined) throw new Error('Trailing backslash')
      if (!extended && n === '(') { out += '('; depth++; atStart = true; continue }
      if (!extended && n === ')') { out += ')'; depth--; continue }
      if (!extended && n === '{') {
        const m = /^(\d*)(,?)(\d*)\\\}/.exec(re.slice(i))
        if (!m) throw new Error('Unmatched \\{')
        out += `{${m[1] || '0'}${m[2]}${m[3]}}`
        i += m[0].length
        continue
      }
      if (!extended && (n === '+' || n === '?')) { out += n; continue }
      if (!extended && n === '|') { out += '|'; atStart = true; continue }
      // RE2 has no lookahead: a word boundary not preceded (\<) or preceded (\>) by a word character
      if (n === '<') { out += WORD_START; continue }
      if (n === '>') { out += WORD_END; continue }
      if (/[1-9bBwWsS]/.test(n)) { out += '\\' + n; continue }
      if (n === 'n') { out += '\\n'; continue }
      if (n === 't') { out += '\\t'; continue }
      out += JS_SPECIAL.test(n) ? '\\' + n : n
      continue
    }
    i++
    if (c === '^') {
      if (extended || wasStart) { out += '^'; atStart = true; continue }
      out += '\\^'
      continue
    }
    if (c === '$') {
      const atEnd = extended || i === re.length || re.startsWith('\\)', i) || re.startsWith('\\|', i)
      out += atEnd ? '$' : '\\$'
      continue
    }
    if (c === '*') {
      out += wasStart ? '\\*' : '*'
      continue
    }
    if (extended) {
      if (c === '(') { out += '('; depth++; atStart = true; continue }
      if (c === ')') {
        if (depth === 0) throw new Error('Unmatched ) or \\)')
        out += ')'; depth--; continue
      }
      if (c === '|') { out += '|'; atStart = true; continue }
      if (c === '{') {
        const m = /^(\d+)(,?)(\d*)\}/.exec(re.slice(i))
        if (m) {
          out += `{${m[1]}${m[2]}${m[3]}}`
          i += m[0].length
        } else out += '\\{' // GNU: a brace that starts no interval is literal
        continue
      }
      if (c === '+' || c === '?') { out += wasStart ? '\\' + c : c; continue }
      if (c === '.') { out += '.'; continue }
      out += c === '}' || c === ']' || c === '/' ? '\\' + c : c
      continue
    }
    if (c === '.') { out += '.'; continue }
    out += JS_SPECIAL.test(c) ? '\\' + c : c
  }
  if (depth > 0) throw new Error('Unmatched ( or \\(')
  return out
}

/** One match: [0] the matched text, [n] group n (undefined when it took no part), at `index`. */
export interface Match {
  readonly index: number
  readonly length: number
  readonly [n: number]: string | undefined
  0: string
}

/** A compiled POSIX regular expression (see the top of this file). */
export class PosixRegex {
  private readonly re2?: RE2JS
  private readonly bt?: Backtracker

  /** `source` is RE2 syntax (posixToRe2's output). Throws "Invalid regular expression" if it does not compile. */
  constructor(source: string, ignoreCase = false) {
    const R = re2js.loaded // (outside the try: a program that skipped regexReady is a bug, not a bad pattern)
    try {
      if (/\\[1-9]/.test(source.replace(/\\\\/g, ''))) this.bt = new Backtracker(source, ignoreCase)
      else {
        this.re2 = R.compile(source, R.LONGEST_MATCH | R.LOOKBEHINDS | R.DOTALL | (ignoreCase ? R.CASE_INSENSITIVE : 0))
      }
    } catch {
      throw new Error('Invalid regular expression')
    }
  }

  test(s: string): boolean {
    return this.re2 ? this.re2.test(s) : this.bt!.exec(s, 0) !== null
  }

  /** The leftmost(-longest) match starting at or after `from`; `^` still means the start of `s`. */
  exec(s: string, from = 0): Match | null {
    if (this.bt) return this.bt.exec(s, from)
    const m = this.re2!.matcher(s)
    if (!m.find(from)) return null
    const groups: (string | undefined)[] = []
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined)
    return Object.assign(groups, { index: m.start() }) as unknown as Match
  }

  /**
   * Every match, left to right, as regexec loops in sed's s///g and awk's gsub: an empty match
   * right after the previous match is skipped (GNU sed turns baaa into xbx with s/a-star/x/g).
   */
  *all(s: string): Generator<Match> {
    let from = 0
    let lastEnd = -1
    while (from <= s.length) {
      const m = this.exec(s, from)
      if (!m) return
      const end = m.index + m[0].length
      if (m[0] === '' && m.index === lastEnd) {
        from = m.index + 1
        continue
      }
      yield m
      lastEnd = end
      from = m[0] === '' ? end + 1 : end
    }
  }

  /** The text between non-empty matches (awk's split and field splitting). */
  split(s: string): string[] {
    const out: string[] = []
    let last = 0
    for (const m of this.all(s)) {
      if (m[0] === '') continue
      out.push(s.slice(last, m.index))
      last = m.index + m[0].length
    }
    out.push(s.slice(last))
    return out
  }
}

/** A compiled POSIX RE. Throws with GNU's message. */
export function compilePosix(re: string, extended: boolean, ignoreCase = false): PosixRegex {
  return new PosixRegex(posixToRe2(re, extended), ignoreCase)
}

/** A fixed string as regex source (grep -F). */
export const escapeLiteral = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
