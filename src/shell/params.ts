// ${...} parameter expansion and the special parameters ($? $$ $# $@ ...).
import type { Shell } from './shell.ts'
import { cpu, type Sys } from '../libc/index.ts'
import { arith, ExpandError, expandPattern, expandString } from './expand.ts'
import { hasGlob, patternToRegex, unescapeGlob } from './glob.ts'
import { hold } from './memory.ts'

export function specialParam(sh: Shell, c: string, inQ: boolean): string {
  switch (c) {
    case '?': return String(sh.status)
    case '$': return String(sh.pid)
    case '!': return sh.lastBg ? String(sh.lastBg) : ''
    case '#': return String(sh.positional.length)
    case '-': return (sh.opts.errexit ? 'e' : '') + (sh.opts.xtrace ? 'x' : '') + 'hB' + (sh.interactive ? 'i' : '') + (sh.opts.nounset ? 'u' : '') + (sh.source === '-c' ? 'c' : '')
    case '@':
    case '*': return sh.positional.join(inQ && c === '*' ? (sh.get('IFS') ?? ' ').slice(0, 1) : ' ')
    case '0': return sh.arg0
    default: return sh.positional[Number(c) - 1] ?? ''
  }
}

/** Value of a parameter by name (variables, specials, positionals); undefined if unset. */
export function getParam(sh: Shell, name: string): string | undefined {
  if (/^\d+$/.test(name)) return name === '0' ? sh.arg0 : sh.positional[Number(name) - 1]
  if (name.length === 1 && '?$!#-@*'.includes(name)) {
    if (name === '!' && !sh.lastBg) return undefined
    return specialParam(sh, name, false)
  }
  if (name === 'LINENO') return String(sh.lineno)
  return sh.get(name)
}

const PARAM = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+|[?$!#\-@*])/

/** Expands the inside of ${...}. `fields` is set for "${@}"-like results. */
export function* paramExpand(sh: Shell, body: string, inQ: boolean): Sys<{ text: string; fields?: string[] }> {
  const bad = () => new ExpandError(`\${${body}}: bad substitution`)
  if (body.startsWith('#') && body.length > 1) {
    const name = body.slice(1)
    if (name === '@' || name === '*') return { text: String(sh.positional.length) }
    if (!PARAM.test(name) || PARAM.exec(name)![0] !== name) throw bad()
    return { text: String((getParam(sh, name) ?? '').length) }
  }
  let indirect = false
  let rest = body
  if (rest.startsWith('!') && rest.length > 1) {
    indirect = true
    rest = rest.slice(1)
  }
  const m = PARAM.exec(rest)
  if (!m) throw bad()
  let name = m[0]
  if (indirect) name = getParam(sh, name) ?? ''
  if (name === 'RANDOM') yield* sh.seedRandom()
  const op = rest.slice(m[0].length)
  let value = getParam(sh, name)
  const isAt = name === '@'
  if (op === '') {
    if (value === undefined && sh.opts.nounset && name !== '@' && name !== '*') throw new ExpandError(`${name}: unbound variable`, true, 127)
    if (isAt && inQ) return { text: '', fields: [...sh.positional] }
    return { text: value ?? '' }
  }
  const o = /^(:?[-=+?]|##?|%%?|\/#|\/%|\/\/?|\^\^?|,,?|:)/.exec(op)
  if (!o) throw bad()
  const word = op.slice(o[0].length)
  const colon = o[0].startsWith(':') && o[0].length === 2
  const unset = value === undefined || (colon && value === '')
  switch (o[0].replace(/^:(?=.)/, '')) {
    case '-':
      return { text: unset ? yield* expandString(sh, word, inQ ? 'dquote' : 'assign') : value! }
    case '=': {
      if (!unset) return { text: value! }
      const v = yield* expandString(sh, word, inQ ? 'dquote' : 'assign')
      if (!/^[A-Za-z_]/.test(name)) throw new ExpandError(`$${name}: cannot assign in this way`)
      sh.set(name, v)
      return { text: v }
    }
    case '+':
      return { text: unset ? '' : yield* expandString(sh, word, inQ ? 'dquote' : 'assign') }
    case '?':
      if (!unset) return { text: value! }
      throw new ExpandError(`${name}: ${word ? yield* expandString(sh, word) : colon ? 'parameter null or not set' : 'parameter not set'}`, true, 127)
  }
  value ??= ''
  const pat = () => expandPattern(sh, word)
  switch (o[0]) {
    case '#':
    case '##': {
      // the shortest (#) or longest (##) matching prefix; no array of every length (a value may be 100 MB)
      const re = patternToRegex(yield* pat(), true)
      let scanned = 0
      for (let k = 0; k <= value.length; k++) {
        const n = o[0] === '##' ? value.length - k : k
        if (re.test(value.slice(0, n))) return { text: value.slice(n) }
        if ((scanned += n + 1) >= SCAN_CHARGE) {
          yield* cpu(scanned)
          scanned = 0
        }
      }
      return { text: value }
    }
    case '%':
    case '%%': {
      const re = patternToRegex(yield* pat(), true)
      let scanned = 0
      for (let k = 0; k <= value.length; k++) {
        const s = o[0] === '%' ? value.length - k : k
        if (re.test(value.slice(s))) return { text: value.slice(0, s) }
        if ((scanned += value.length - s + 1) >= SCAN_CHARGE) {
          yield* cpu(scanned)
          scanned = 0
        }
      }
      return { text: value }
    }
    case '/':
    case '//':
    case '/#':
    case '/%': {
      const slash = findUnescaped(word, '/')
      const p = yield* expandPattern(sh, slash < 0 ? word : word.slice(0, slash))
      const rep = slash < 0 ? '' : yield* expandString(sh, word.slice(slash + 1))
      return { text: yield* replace(sh, value, p, rep, o[0]) }
    }
    case '^^': return { text: value.toUpperCase() }
    case '^': return { text: value.charAt(0).toUpperCase() + value.slice(1) }
    case ',,': return { text: value.toLowerCase() }
    case ',': return { text: value.charAt(0).toLowerCase() + value.slice(1) }
    case ':': {
      const [offS, lenS] = splitColon(word)
      let off = yield* arith(sh, offS)
      if (off < 0) off = Math.max(0, value.length + off)
      if (lenS === undefined) return { text: value.slice(off) }
      let len = yield* arith(sh, lenS)
      if (len < 0) len = Math.max(0, value.length + len - off)
      return { text: value.slice(off, off + len) }
    }
  }
  throw bad()
}

function splitColon(w: string): [string, string | undefined] {
  const k = w.indexOf(':')
  return k < 0 ? [w, undefined] : [w.slice(0, k), w.slice(k + 1)]
}

function findUnescaped(s: string, ch: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++
    else if (s[i] === ch) return i
  }
  return -1
}

/**
 * Pattern tests cost CPU time for the text they scan, ~1 ns a character,
 * charged in blocks: a quadratic search over a long value (the longest match
 * at every position) is then preempted and stopped by Ctrl-C or the step
 * budget, as bash's strmatch loop would be, instead of holding the simulator.
 */
const SCAN_CHARGE = 1 << 20

/** The length of every string a pattern without `*` matches (a `?`, a `[...]` or a character is one); -1 with a `*`. */
function fixedLength(pat: string): number {
  let n = 0
  for (let i = 0; i < pat.length; i++, n++) {
    const c = pat[i]
    if (c === '*') return -1
    if (c === '\\') i++
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2)
      if (end >= 0) i = end
    }
  }
  return n
}

/**
 * ${x/pat/rep} and its kinds. The result is built from slices of the value
 * and grows on the heap (bash's pat_subst: xrealloc as it grows), so a
 * replacement longer than what it replaces meets xmalloc's limit. A pattern
 * without wildcards is found with indexOf.
 */
function* replace(sh: Shell, value: string, pat: string, rep: string, op: string): Sys<string> {
  const re = patternToRegex(pat, true)
  const lit = hasGlob(pat) ? null : unescapeGlob(pat)
  const fixed = fixedLength(pat)
  const blocks: string[] = []
  const parts: string[] = []
  let len = 0
  let charged = 0
  let scanned = 0
  let kept = 0 // value[kept, i) is copied unchanged
  let i = 0
  while (i <= value.length) {
    let matched = -1
    if (op === '/#' && i > 0) break
    if (lit !== null) {
      // the same first, longest match the search below finds, in one indexOf
      if (lit === '') break
      const at = op === '/%' ? (value.endsWith(lit) ? value.length - lit.length : -1) : value.indexOf(lit, i)
      if (at < 0 || (op === '/#' && at !== 0)) break
      i = at
      matched = at + lit.length
    } else {
      for (let e = fixed < 0 ? value.length : Math.min(value.length, i + fixed); e >= i; e--) {
        if (op === '/%' && e !== value.length) break
        if (fixed >= 0 && e !== i + fixed) break
        scanned += e - i + 1
        if (e > i && re.test(value.slice(i, e))) {
          matched = e
          break
        }
      }
      if (scanned >= SCAN_CHARGE) {
        yield* cpu(scanned)
        scanned = 0
      }
      if (matched < 0) {
        i++
        continue
      }
    }
    parts.push(value.slice(kept, i), rep)
    len += i - kept + rep.length
    // a million short matches: joined as they come, not an array of two million pieces
    if (parts.length >= 8192) {
      blocks.push(parts.join(''))
      parts.length = 0
    }
    i = kept = matched
    if (op !== '//') break
    if (len - charged >= 65536) {
      yield* hold(sh, len - charged)
      charged = len
    }
  }
  parts.push(value.slice(kept))
  blocks.push(parts.join(''))
  return blocks.length === 1 ? blocks[0]! : blocks.join('')
}
