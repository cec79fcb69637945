// awk tokens. A '/' starts a regex unless the previous token ends an operand.

export type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'ere'; v: string }
  | { t: 'name'; v: string }
  | { t: 'builtin'; v: string }
  | { t: 'funcname'; v: string } // name immediately followed by '('
  | { t: 'kw'; v: string }
  | { t: 'op'; v: string }
  | { t: 'nl' }
  | { t: 'eof' }

const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'exit', 'return', 'delete', 'in', 'print', 'printf', 'getline'])
export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'toupper', 'tolower', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close'])
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**',
  '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=']

export class AwkSyntaxError extends Error {}

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' }

export function lex(src: string): Tok[] {
  const toks: Tok[] = []
  let i = 0
  const operandEnd = () => {
    const p = toks[toks.length - 1]
    if (!p) return false
    return p.t === 'num' || p.t === 'str' || p.t === 'ere' || p.t === 'name' || p.t === 'builtin' ||
      (p.t === 'op' && (p.v === ')' || p.v === ']' || p.v === '$' || p.v === '++' || p.v === '--'))
  }
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue }
    if (c === '\n') { toks.push({ t: 'nl' }); i++; continue }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))
    if (num) { toks.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue }
    if (c === '"') {
      let s = ''
      i++
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[i + 1]!
          const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1))
          if (oct) { s += String.fromCharCode(parseInt(oct[0], 8)); i += 1 + oct[0].length; continue }
          s += ESC[e] ?? '\\' + e
          i += 2
        } else s += src[i++]
      }
      if (src[i] !== '"') throw new AwkSyntaxError('non-terminated string')
      i++
      toks.push({ t: 'str', v: s })
      continue
    }
    if (c === '/' && !operandEnd()) {
      let s = ''
      i++
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\n') throw new AwkSyntaxError('non-terminated regular expression')
        if (src[i] === '\\' && src[i + 1] === '/') { s += '/'; i += 2; continue }
        if (src[i] === '\\' && i + 1 < src.length) { s += src[i]! + src[i + 1]!; i += 2; continue }
        s += src[i++]
      }
      if (src[i] !== '/') throw new AwkSyntaxError('non-terminated regular expression')
      i++
      toks.push({ t: 'ere', v: s })
      continue
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))
    if (id) {
      const w = id[0]
      i += w.length
      if (KEYWORDS.has(w)) toks.push({ t: 'kw', v: w === 'func' ? 'function' : w })
      else if (BUILTINS.has(w)) toks.push({ t: 'builtin', v: w })
      else toks.push(src[i] === '(' ? { t: 'funcname', v: w } : { t: 'name', v: w })
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new AwkSyntaxError(`invalid char '${c}' in expression`)
    toks.push({ t: 'op', v: op === '**' ? '^' : op })
    i += op.length
  }
  toks.push({ t: 'eof' })
  return toks
}
