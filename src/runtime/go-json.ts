// A JSON reader with Go's encoding/json error texts (the texts `docker run
// --security-opt seccomp=FILE` prints after "Decoding seccomp profile failed:"),
// plus where the error is (line and column), which Go's messages leave out.
// Objects keep their key order, so type errors are found in document order.

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject
/** Numbers keep their literal: Go reports "number 1.5", and uint64 values exceed 2^53. */
export interface JsonNumber { num: string }
export interface JsonObject { entries: [string, JsonValue][] }

export interface JsonError { message: string; offset: number; line: number; column: number }

export const isNum = (v: JsonValue): v is JsonNumber => typeof v === 'object' && v !== null && 'num' in v
export const isObj = (v: JsonValue): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v) && 'entries' in v

class Fail { constructor(readonly message: string, readonly offset: number) {} }

/** Go's quoteChar: 'x', with \' and \" escaped, others as %q would. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''"
  if (c === '"') return "'\"'"
  const q = JSON.stringify(c)
  return "'" + q.slice(1, -1) + "'"
}

export function parseJson(text: string): JsonValue | JsonError {
  let i = 0
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++ }
  const bad = (context: string): never => {
    if (i >= text.length) throw new Fail('unexpected end of JSON input', i)
    throw new Fail(`invalid character ${quoteChar(text[i]!)} ${context}`, i)
  }
  const value = (): JsonValue => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const entries: [string, JsonValue][] = []
      ws()
      if (text[i] === '}') return i++, { entries }
      for (;;) {
        ws()
        if (text[i] !== '"') bad('looking for beginning of object key string')
        const key = str()
        ws()
        if (text[i] !== ':') bad('after object key')
        i++
        entries.push([key, value()])
        ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') return i++, { entries }
        bad('after object key:value pair')
      }
    }
    if (c === '[') {
      i++
      const out: JsonValue[] = []
      ws()
      if (text[i] === ']') return i++, out
      for (;;) {
        out.push(value())
        ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') return i++, out
        bad('after array element')
      }
    }
    if (c === '"') return str()
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num()
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (c === word[0]) {
        for (let j = 1; j < word.length; j++) {
          i++
          if (text[i] !== word[j]) bad(`in literal ${word} (expecting ${quoteChar(word[j]!)})`)
        }
        i++
        return v
      }
    }
    return bad('looking for beginning of value')
  }
  const str = (): string => {
    const start = i++
    for (;;) {
      const c = text[i]
      if (c === undefined) bad('')
      if (c === '"') break
      if (c! < ' ') bad('in string literal')
      if (c === '\\') {
        i++
        const e = text[i]
        if (e === 'u') {
          for (let j = 1; j <= 4; j++) {
            i++
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) bad('in \\u hexadecimal character escape')
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) bad('in string escape code')
      }
      i++
    }
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const num = (): JsonNumber => {
    const start = i
    if (text[i] === '-') i++
    const digits = () => { const s = i; while (/[0-9]/.test(text[i] ?? '')) i++; return i > s }
    if (text[i] === '0') i++
    else if (!digits()) bad('in numeric literal')
    if (text[i] === '.') { i++; if (!digits()) bad('after decimal point in numeric literal') }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits()) bad('in exponent of numeric literal')
    }
    return { num: text.slice(start, i) }
  }
  try {
    const v = value()
    ws()
    if (i < text.length) bad('after top-level value')
    return v
  } catch (e) {
    if (!(e instanceof Fail)) throw e
    const before = text.slice(0, e.offset)
    const line = before.split('\n').length
    return { message: e.message, offset: e.offset, line, column: e.offset - before.lastIndexOf('\n') }
  }
}

export const isJsonError = (v: JsonValue | JsonError): v is JsonError =>
  typeof v === 'object' && v !== null && 'message' in v && 'offset' in v
