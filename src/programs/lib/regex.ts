// POSIX regular expressions (BRE for grep/sed, ERE for grep -E, sed -E, awk)
// translated to JavaScript RegExp source. GNU extensions included: \+ \? \|
// in BREs, \< \> \b \w \s, back-references.

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

/** Translates a POSIX RE to JS source; throws Error with GNU's message if invalid. */
export function posixToJs(re: string, extended: boolean): string {
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
      if (n === '<') { out += '\\b(?=\\w)'; continue }
      if (n === '>') { out += '\\b(?<=\\w)'; continue }
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

/** A compiled RegExp; `flags` as for new RegExp. Throws with GNU's message. */
export function compilePosix(re: string, extended: boolean, flags = ''): RegExp {
  const src = posixToJs(re, extended)
  try {
    return new RegExp(src, flags)
  } catch {
    throw new Error('Invalid regular expression')
  }
}

/** A fixed string as JS RegExp source (grep -F). */
export const escapeLiteral = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
