// ${...} parameter expansion and the special parameters ($? $$ $# $@ ...).
import type { Shell } from './shell.ts'
import { cpu, type Sys } from '../libc/index.ts'
import { arith, ExpandError, expandPattern, expandString } from './expand.ts'
import { hasGlob, patternToRegex, unescapeGlob, unitMatches, units } from './glob.ts'
import { hold } from './memory.ts'

export function specialParam(sh: Shell, c: string, inQ: boolean): string {
  switch (c) {
    case '?': return String(sh.status)
    case '$': return String(sh.pid)
    case '!': return sh.lastBg ? String(sh.lastBg) : ''
    case '#': return String(sh.positional.length)
    case '-': return shellFlags(sh)
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

/** bash's "${...}: bad substitution" (not a closure: paramExpand runs for every ${...}). */
const badSubstitution = (body: string) => new ExpandError(`\${${body}}: bad substitution`)

const PARAM = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+|[?$!#\-@*])/

/** Expands the inside of ${...}. `fields` is set for "${@}"-like results. */
export function* paramExpand(sh: Shell, body: string, inQ: boolean): Sys<{ text: string; fields?: string[] }> {
  if (body.startsWith('#') && body.length > 1) {
    const name = body.slice(1)
    if (name === '@' || name === '*') return { text: String(sh.positional.length) }
    if (!PARAM.test(name) || PARAM.exec(name)![0] !== name) throw badSubstitution(body)
    return { text: String((getParam(sh, name) ?? '').length) }
  }
  let indirect = false
  let rest = body
  if (rest.startsWith('!') && rest.length > 1) {
    indirect = true
    rest = rest.slice(1)
  }
  const m = PARAM.exec(rest)
  if (!m) throw badSubstitution(body)
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
  if (!o) throw badSubstitution(body)
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
  switch (o[0]) {
    case '#':
    case '##': {
      const cut = yield* matchPrefix(value, units(yield* expandPattern(sh, word)), o[0] === '##')
      return { text: cut < 0 ? value : value.slice(cut) }
    }
    case '%':
    case '%%': {
      const at = yield* matchSuffix(value, units(yield* expandPattern(sh, word)), o[0] === '%%')
      return { text: at < 0 ? value : value.slice(0, at) }
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
  throw badSubstitution(body)
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

const isStar = (u: string) => u === '*'

/** The literal text a run of units matches, or null when one is `?` or a bracket. */
function literal(us: readonly string[]): string | null {
  let s = ''
  for (const u of us) {
    if (u === '?' || (u[0] === '[' && u.length > 1)) return null
    s += u[0] === '\\' && u.length === 2 ? u[1] : u
  }
  return s
}

/**
 * ${x#pat} and ${x##pat}: the length of the shortest (or longest) prefix of
 * `value` that the pattern matches, -1 if none (bash(1) Parameter Expansion,
 * "Remove matching prefix pattern"). bash tries each prefix with a full match;
 * the common shapes are found in one pass instead:
 *  - a trailing `*` matches any rest: the shortest prefix is the shortest that
 *    matches the pattern before it, the longest is all of the value if any does;
 *  - a pattern without `*` matches only prefixes of its one length;
 *  - `*P` with P without `*` ends where P is found first (#) or last (##).
 * Others try each prefix in bash's order, charging CPU time for the text scanned.
 */
function* matchPrefix(value: string, us: string[], longest: boolean): Sys<number> {
  if (us.length && isStar(us[us.length - 1]!)) {
    let k = us.length
    while (k > 0 && isStar(us[k - 1]!)) k--
    const n = yield* matchPrefix(value, us.slice(0, k), false)
    return longest && n >= 0 ? value.length : n
  }
  const stars = us.filter(isStar).length
  if (stars === 0) return fits(value, 0, us) ? us.length : -1
  if (stars === 1 && isStar(us[0]!)) {
    // *P: the prefix ends just after an occurrence of P
    const p = us.slice(1)
    const at = yield* find(value, p, longest)
    return at < 0 ? -1 : at + p.length
  }
  const re = patternToRegex(us.join(''), true)
  let scanned = 0
  for (let k = 0; k <= value.length; k++) {
    const n = longest ? value.length - k : k
    if (re.test(value.slice(0, n))) return n
    if ((scanned += n + 1) >= SCAN_CHARGE) {
      yield* cpu(scanned)
      scanned = 0
    }
  }
  return -1
}

/**
 * ${x%pat} and ${x%%pat}: where the shortest (or longest) suffix of `value`
 * that the pattern matches starts, -1 if none ("Remove matching suffix
 * pattern"); matchPrefix's shapes mirrored: a leading `*`, no `*`, and `P*`.
 */
function* matchSuffix(value: string, us: string[], longest: boolean): Sys<number> {
  if (us.length && isStar(us[0]!)) {
    let k = 0
    while (k < us.length && isStar(us[k]!)) k++
    const s = yield* matchSuffix(value, us.slice(k), false)
    return longest && s >= 0 ? 0 : s
  }
  const stars = us.filter(isStar).length
  if (stars === 0) return fits(value, value.length - us.length, us) ? value.length - us.length : -1
  if (stars === 1 && isStar(us[us.length - 1]!)) {
    // P*: the suffix starts at an occurrence of P, the last one (%) or the first (%%)
    const p = us.slice(0, -1)
    return yield* find(value, p, !longest)
  }
  const re = patternToRegex(us.join(''), true)
  let scanned = 0
  for (let k = 0; k <= value.length; k++) {
    const s = longest ? k : value.length - k
    if (re.test(value.slice(s))) return s
    if ((scanned += value.length - s + 1) >= SCAN_CHARGE) {
      yield* cpu(scanned)
      scanned = 0
    }
  }
  return -1
}

/**
 * Whether the star-free units `us` match value[start, start + us.length):
 * one character each, compared in place (no regex as long as the pattern,
 * which for a pattern of 300,000 characters V8 refuses as too large).
 */
function fits(value: string, start: number, us: readonly string[]): boolean {
  if (start < 0 || start + us.length > value.length) return false
  for (let k = 0; k < us.length; k++) if (!unitMatches(us[k]!, value[start + k]!)) return false
  return true
}

/**
 * Where the star-free units `p` first (or last) match in `value`, -1 if
 * nowhere: indexOf for literal text, else each position tested at p's one
 * length, so linear in the value's length.
 */
function* find(value: string, p: readonly string[], last: boolean): Sys<number> {
  if (value.length >= SCAN_CHARGE) yield* cpu(value.length)
  const lit = literal(p)
  if (lit !== null) return last ? value.lastIndexOf(lit) : value.indexOf(lit)
  const n = value.length - p.length
  for (let k = 0; k <= n; k++) {
    const at = last ? n - k : k
    if (fits(value, at, p)) return at
  }
  return -1
}

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

/**
 * $-: the single-letter options that are on, in the order of bash's flags.c shell_flags
 * (which_set_flags), then c for bash -c. SIMPLIFICATION: H (history expansion) and s are not modelled.
 */
function shellFlags(sh: Shell): string {
  const o = sh.opts
  const on: [boolean, string][] = [
    [o.errexit, 'e'], [o.noglob, 'f'], [sh.hash.enabled, 'h'], [sh.interactive, 'i'], [sh.jobControl, 'm'],
    [o.nounset, 'u'], [o.xtrace, 'x'], [true, 'B'], [o.noclobber, 'C'], [sh.source === '-c', 'c'],
  ]
  return on.filter(([v]) => v).map(([, f]) => f).join('')
}
