// base64(1): RFC 4648 encoding (coreutils basenc.c). Encodes with lines of
// -w columns (76 by default, 0 = no wrapping); -d decodes, rejecting bad input
// with "invalid input" unless -i ignores non-alphabet characters.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { readAll } from '../libc/index.ts'
import { parseOpts, quote, quotef, warn, warnErrno } from './lib/cmd.ts'
import { closeInput, openInput, Output, closeStdout } from './lib/io.ts'

const LONG = [
  { name: 'decode', hasArg: 'no', val: 'd' },
  { name: 'ignore-garbage', hasArg: 'no', val: 'i' },
  { name: 'wrap', hasArg: 'required', val: 'w' },
] as const

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]))

/** Bytes (one per char code 0-255) to base64 text, unwrapped. */
export function encode(bytes: string): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes.charCodeAt(i) & 0xff
    const b = i + 1 < bytes.length ? bytes.charCodeAt(i + 1) & 0xff : 0
    const c = i + 2 < bytes.length ? bytes.charCodeAt(i + 2) & 0xff : 0
    const n = (a << 16) | (b << 8) | c
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '='
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '='
  }
  return out
}

/** Base64 text to bytes, or null on invalid input (after dropping newlines, or all garbage with -i). */
export function decode(text: string, ignoreGarbage: boolean): string | null {
  let clean = ''
  for (const ch of text) {
    if (VALUE.has(ch) || ch === '=') clean += ch
    else if (ch !== '\n' && !ignoreGarbage) return null
  }
  let out = ''
  let acc = 0
  let bits = 0
  let padded = false
  for (const ch of clean) {
    if (ch === '=') {
      padded = true
      continue
    }
    if (padded) return null // data after padding
    acc = (acc << 6) | VALUE.get(ch)!
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((acc >> bits) & 0xff)
    }
  }
  // A final group of one character cannot hold a byte.
  if (clean.replace(/=+$/, '').length % 4 === 1) return null
  return out
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'diw:', long: LONG, usage: 'Usage: base64 [OPTION]... [FILE]\nBase64 encode or decode FILE, or standard input, to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let wrap = 76
  let decoding = false
  let ignore = false
  for (const o of p.opts) {
    if (o.opt === 'd') decoding = true
    else if (o.opt === 'i') ignore = true
    else if (o.opt === 'w') {
      if (!/^\d+$/.test(o.arg ?? '')) {
        yield* warn(prog, `invalid wrap size: ${quote(o.arg ?? '')}`)
        return 1
      }
      wrap = Number(o.arg)
    }
  }
  if (p.operands.length > 1) {
    yield* warn(prog, `extra operand ${quote(p.operands[1]!)}`)
    return 1
  }
  const file = p.operands[0] ?? '-'
  const fd = yield* openInput(file)
  if (fd < 0) {
    yield* warnErrno(prog, quotef(file), fd)
    return 1
  }
  const data = yield* readAll(fd)
  yield* closeInput(fd)
  if (typeof data === 'number') {
    yield* warnErrno(prog, 'read error', data)
    return 1
  }
  const o = new Output()
  if (decoding) {
    const bytes = decode(data, ignore)
    if (bytes === null) {
      yield* o.flush()
      yield* warn(prog, 'invalid input')
      return 1
    }
    yield* o.write(bytes)
  } else {
    const text = encode(data)
    if (wrap === 0) yield* o.write(text)
    else for (let i = 0; i < text.length; i += wrap) yield* o.write(text.slice(i, i + wrap) + '\n')
  }
  return yield* closeStdout(prog, o, 0)
}

export { main as base64Main }
