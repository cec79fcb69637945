// Pathname expansion (`*`, `?`, `[...]`) against the directory entries the
// kernel returns from getdents(2), and the same patterns for `case` and ${x#pat}.
// Patterns use backslash to mark quoted (literal) characters.
import { O_DIRECTORY, O_RDONLY } from '../../kernel-sim/abi/index.ts'
import { close, getdents, lstat, open, stat, type Sys } from '../libc/index.ts'

export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]
    if (c === '\\') i++
    else if (c === '*' || c === '?') return true
    // as bash's glob_pattern_p: `[` opens a pattern only with a `]` after it (so `[` and `]` are plain words)
    else if (c === '[' && pat.indexOf(']', i + 1) > i + 1) return true
  }
  return false
}

/** Removes the backslashes that mark quoted characters. */
export function unescapeGlob(pat: string): string {
  return pat.replace(/\\(.)/gs, '$1')
}

export function escapeGlob(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&')
}

/** What a pattern is tested with: a RegExp, or for a very long pattern a UnitMatcher. */
interface Matcher { test(s: string): boolean }

const cache = new Map<string, Matcher>()

/**
 * Patterns longer than this are matched unit by unit, not compiled to a
 * RegExp: V8 refuses a regex source of a few hundred thousand characters
 * ("Regular expression too large"), and `case $x in "$x")` or ${x#"$x"} with
 * a long value make one.
 */
const LONG_PATTERN = 10_000

export function patternToRegex(pat: string, anchored = true): Matcher {
  const key = (anchored ? 'a' : 'u') + pat
  const hit = cache.get(key)
  if (hit) return hit
  if (anchored && pat.length > LONG_PATTERN) return new UnitMatcher(units(pat))
  let re = ''
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!
    if (c === '\\') {
      i++
      re += (pat[i] ?? '\\').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    } else if (c === '*') re += '[\\s\\S]*'
    else if (c === '?') re += '[\\s\\S]'
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2)
      if (end < 0) {
        re += '\\['
        continue
      }
      let body = pat.slice(i + 1, end)
      let neg = false
      if (body[0] === '!' || body[0] === '^') {
        neg = true
        body = body.slice(1)
      }
      body = body.replace(/\[:(\w+):\]/g, (_, cls: string) => CLASSES[cls] ?? '')
      re += '[' + (neg ? '^' : '') + body.replace(/\\(?![\]\\-])/g, '\\\\') + ']'
      i = end
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  const r = new RegExp(anchored ? `^${re}$` : re)
  cache.set(key, r)
  return r
}

/**
 * A pattern cut into what each matches: `*` (an unescaped star), or one
 * character's matcher (a character, `\c`, `?`, or a `[...]` bracket), read as
 * patternToRegex reads it. Joining a run of them gives that part's pattern.
 */
export function units(pat: string): string[] {
  const out: string[] = []
  for (let i = 0; i < pat.length; i++) {
    let end = i + 1
    if (pat[i] === '\\') end = Math.min(pat.length, i + 2)
    else if (pat[i] === '[') {
      const close = pat.indexOf(']', i + 2)
      if (close >= 0) end = close + 1
    }
    out.push(pat.slice(i, end))
    i = end - 1
  }
  return out
}

/**
 * An anchored match of a pattern's units against a whole string, the classic
 * wildcard walk: each unit but `*` takes one character, and on a mismatch the
 * last `*` takes one more. O(pattern x text) at worst, never exponential.
 */
class UnitMatcher {
  constructor(private readonly us: readonly string[]) {}
  test(s: string): boolean {
    const us = this.us
    let i = 0
    let j = 0
    let star = -1
    let starAt = 0
    while (j < s.length) {
      const u = us[i]
      if (u === '*') {
        star = i++
        starAt = j
      } else if (u !== undefined && unitMatches(u, s[j]!)) {
        i++
        j++
      } else if (star >= 0) {
        i = star + 1
        j = ++starAt
      } else return false
    }
    while (us[i] === '*') i++
    return i === us.length
  }
}

/** Whether one unit other than `*` (a character, `\c`, `?` or a bracket) matches the character c. */
export function unitMatches(u: string, c: string): boolean {
  if (u === '?') return true
  if (u.length === 1) return c === u
  if (u[0] === '\\') return c === u[1]
  return patternToRegex(u, true).test(c)
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', xdigit: '0-9a-fA-F', punct: '!-\\/:-@\\[-`{-~',
}

export function matchPattern(pat: string, s: string): boolean {
  return patternToRegex(pat).test(s)
}

function* listDir(dir: string): Sys<string[] | null> {
  const fd = yield* open(dir === '' ? '.' : dir, O_RDONLY | O_DIRECTORY)
  if (fd < 0) return null
  const names: string[] = []
  for (;;) {
    const ents = yield* getdents(fd)
    if (typeof ents === 'number' || ents.length === 0) break
    for (const e of ents) if (e.name !== '.' && e.name !== '..') names.push(e.name)
  }
  yield* close(fd)
  return names
}

/** Sorted matches of a glob pattern, or [] when nothing matches. */
export function* glob(pat: string): Sys<string[]> {
  const abs = pat.startsWith('/')
  const parts = pat.split('/').filter((p, i) => p !== '' || i === 0)
  let bases: string[] = [abs ? '/' : '']
  // Literal components after a wildcard are only appended: the candidates must then be checked to exist
  // (bash: `echo /q/*/x` lists only the directories that have an x).
  let unchecked = false
  let globbed = false
  for (let k = abs ? 1 : 0; k < parts.length; k++) {
    const part = parts[k]!
    const last = k === parts.length - 1
    const next: string[] = []
    for (const base of bases) {
      if (!hasGlob(part)) {
        next.push(base + unescapeGlob(part) + (last ? '' : '/'))
        unchecked ||= globbed
        continue
      }
      globbed = true
      unchecked = false // listing a directory proves the path up to here
      const names = yield* listDir(base)
      if (!names) continue
      const re = patternToRegex(part)
      const dotOk = part.startsWith('.') || part.startsWith('\\.')
      for (const n of names.sort()) {
        if (n.startsWith('.') && !dotOk) continue
        if (re.test(n)) next.push(base + n + (last ? '' : '/'))
      }
    }
    bases = next
  }
  if (unchecked) {
    const found: string[] = []
    for (const b of bases) if (typeof (yield* lstat(b.endsWith('/') && b.length > 1 ? b.slice(0, -1) : b)) !== 'number') found.push(b)
    bases = found
  }
  if (pat.length > 1 && pat.endsWith('/')) {
    // A trailing slash matches directories only (and symlinks to them), and keeps the slash: `echo */`.
    const dirs: string[] = []
    for (const b of bases) {
      const st = yield* stat(b)
      if (typeof st !== 'number' && (st.mode & 0o170000) === 0o040000) dirs.push(b + '/')
    }
    bases = dirs
  }
  // bash sorts by the collation order; SIMPLIFICATION: code-point order
  return bases.sort()
}
