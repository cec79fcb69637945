// The little that the interpreter images' stand-ins evaluate: string literals
// and integer arithmetic (+ - * and parentheses, exact with BigInt), as in
// `python3 -c 'print("hi", 6*7)'` or `node -e 'console.log(2**10)'`.
// SIMPLIFICATION: python3 and node in the python and node images are stand-ins
// that print their banner and version and evaluate only these literals; any
// other code gets a one-line message saying so (no interpreter is simulated).
import { TCGETS } from '../../../../kernel-sim/abi/index.ts'
import { ioctl, type Sys } from '../../../libc/index.ts'
import { LineReader } from '../../lib/io.ts'

/**
 * The program an interpreter runs when none is named: null on a terminal (it
 * starts its prompt), else the whole of stdin, as CPython and node read it.
 */
export function* stdinProgram(): Sys<string | null> {
  if (typeof (yield* ioctl(0, TCGETS)) === 'object') return null // isatty(0)
  const rd = new LineReader(0)
  let code = ''
  for (let l = yield* rd.line(); l !== null; l = yield* rd.line()) code += l
  return code
}

/** A literal's value as print()/console.log() would show it, or undefined if it is not one. */
export function literal(src: string): string | undefined {
  const s = src.trim()
  const str = /^(['"])((?:\\.|(?!\1).)*)\1$/.exec(s)
  if (str) return str[2]!.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' })[c] ?? `\\${c}`)
  const n = arith(s)
  return n === undefined ? undefined : n.toString()
}

/** Integer arithmetic: + - * ** and parentheses; undefined if anything else. */
function arith(s: string): bigint | undefined {
  const toks = s.match(/\d+|\*\*|[-+*()]|\S/g) ?? []
  let i = 0
  const peek = () => toks[i]
  const atom = (): bigint | undefined => {
    const t = toks[i++]
    if (t === undefined) return undefined
    if (/^\d+$/.test(t)) return BigInt(t)
    if (t === '-') { const v = atom(); return v === undefined ? undefined : -v }
    if (t === '+') return atom()
    if (t === '(') { const v = sum(); return toks[i++] === ')' ? v : undefined }
    return undefined
  }
  const power = (): bigint | undefined => {
    const b = atom()
    if (b === undefined || peek() !== '**') return b
    i++
    const e = power()
    // Bounded: a literal is a few digits, not 10**10**10 (which would stall the page).
    return e === undefined || e < 0n || e > 4096n ? undefined : b ** e
  }
  const product = (): bigint | undefined => {
    let v = power()
    while (v !== undefined && peek() === '*') { i++; const r = power(); v = r === undefined ? undefined : v * r }
    return v
  }
  function sum(): bigint | undefined {
    let v = product()
    while (v !== undefined && (peek() === '+' || peek() === '-')) { const op = toks[i++]; const r = product(); v = r === undefined ? undefined : op === '+' ? v + r : v - r }
    return v
  }
  const v = sum()
  return i === toks.length ? v : undefined
}

/** Splits "a, 'b, c', 3" at top-level commas. */
export function args(s: string): string[] {
  const out: string[] = []
  let depth = 0, q = '', cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (q) { if (c === '\\') { cur += c + (s[++i] ?? ''); continue } if (c === q) q = ''; cur += c; continue }
    if (c === '"' || c === "'") q = c
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) { out.push(cur); cur = ''; continue }
    cur += c
  }
  if (cur.trim() !== '' || out.length) out.push(cur)
  return out
}

/** Statements of a one-liner: split at ';' and newlines outside quotes. */
export function statements(code: string): string[] {
  const out: string[] = []
  let q = '', cur = ''
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!
    if (q) { if (c === '\\') { cur += c + (code[++i] ?? ''); continue } if (c === q) q = ''; cur += c; continue }
    if (c === '"' || c === "'") q = c
    if (c === ';' || c === '\n') { if (cur.trim()) out.push(cur.trim()); cur = ''; continue }
    cur += c
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}
