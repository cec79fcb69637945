// od(1): dump files in octal and other formats (coreutils od.c). Offsets in
// -A radix, one line per 16 bytes, `*` for repeated lines unless -v, and
// types -t TYPE[SIZE] (a, c, d, o, u, x with sizes 1, 2, 4, 8; f is not modelled).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { read } from '../libc/index.ts'
import { parseOpts, quote, quotef, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { closeInput, openInput, Output, closeStdout } from './lib/io.ts'

const LONG = [
  { name: 'address-radix', hasArg: 'required', val: 'A' },
  { name: 'skip-bytes', hasArg: 'required', val: 'j' },
  { name: 'read-bytes', hasArg: 'required', val: 'N' },
  { name: 'format', hasArg: 'required', val: 't' },
  { name: 'output-duplicates', hasArg: 'no', val: 'v' },
  { name: 'width', hasArg: 'optional', val: 'w' },
] as const

const USAGE = 'Usage: od [OPTION]... [FILE]...\nWrite an unambiguous representation, octal bytes by default,\nof FILE to standard output.'

/** One output type: how many bytes an item takes and how it prints. */
interface Fmt {
  readonly size: number
  readonly width: number
  readonly render: (bytes: readonly number[]) => string
}

// od.c's names for the control characters in -t a (named characters).
const ASCII_NAMES = ['nul', 'soh', 'stx', 'etx', 'eot', 'enq', 'ack', 'bel', 'bs', 'ht', 'nl', 'vt', 'ff', 'cr', 'so', 'si',
  'dle', 'dc1', 'dc2', 'dc3', 'dc4', 'nak', 'syn', 'etb', 'can', 'em', 'sub', 'esc', 'fs', 'gs', 'rs', 'us', 'sp']
const C_ESCAPES: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }

/** Little-endian unsigned value of an item (x86's byte order, as od prints on it). */
function unsignedOf(bytes: readonly number[]): bigint {
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!)
  return v
}

function integerFmt(kind: string, size: number): Fmt {
  const bits = BigInt(size * 8)
  const radix = kind === 'o' ? 8 : kind === 'x' ? 16 : 10
  // od.c: the field width is the width of the largest value of that size, plus a space.
  const max = (1n << bits) - 1n
  const digits = kind === 'd' ? (max >> 1n).toString(10).length + 1 : max.toString(radix).length
  return {
    size,
    width: digits + 1,
    render: (b) => {
      let v = unsignedOf(b)
      if (kind === 'd' && v >= 1n << (bits - 1n)) v -= 1n << bits
      const s = v.toString(radix)
      return (kind === 'o' || kind === 'x' ? s.padStart(digits, '0') : s).padStart(digits + 1)
    },
  }
}

const CHAR_FMT: Fmt = {
  size: 1, width: 4,
  render: ([c]) => {
    const v = c!
    const s = C_ESCAPES[v] ?? (v >= 32 && v < 127 ? String.fromCharCode(v) : v.toString(8).padStart(3, '0'))
    return s.padStart(4)
  },
}
const NAMED_FMT: Fmt = {
  size: 1, width: 4,
  render: ([c]) => {
    const v = c! & 0x7f
    return (v <= 32 ? ASCII_NAMES[v]! : v === 127 ? 'del' : String.fromCharCode(v)).padStart(4)
  },
}

const SIZE_LETTERS: Record<string, number> = { C: 1, S: 2, I: 4, L: 8 }

/** Parses one -t argument (several types may be concatenated: -t x1c). */
function parseTypes(spec: string): Fmt[] | string {
  const out: Fmt[] = []
  let i = 0
  while (i < spec.length) {
    const k = spec[i++]!
    if (k === 'a') out.push(NAMED_FMT)
    else if (k === 'c') out.push(CHAR_FMT)
    else if ('doux'.includes(k)) {
      let size = 4
      const m = /^(\d+|[CSIL])/.exec(spec.slice(i))
      if (m) {
        i += m[0].length
        size = SIZE_LETTERS[m[0]] ?? Number(m[0])
        if (![1, 2, 4, 8].includes(size)) return `invalid type string ${quote(spec)};\nthis system doesn't provide a ${size}-byte integral type`
      }
      out.push(integerFmt(k, size))
    } else return `invalid character '${k}' in type string ${quote(spec)}`
  }
  return out
}

/** coreutils' xstrtoumax with od's suffixes (b = 512, k/K = 1024, m/M = 1024^2, 0x hex, 0 octal). */
function parseCount(s: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(b|k|K|m|M|kB|MB)?$/.exec(s)
  if (!m) return null
  const mult = { b: 512, k: 1024, K: 1024, m: 1024 * 1024, M: 1024 * 1024, kB: 1000, MB: 1e6 }[m[2] ?? ''] ?? 1
  const n = m[1]!.startsWith('0x') || m[1]!.startsWith('0X') ? parseInt(m[1]!, 16) : m[1]!.length > 1 && m[1]![0] === '0' ? parseInt(m[1]!, 8) : Number(m[1])
  return n * mult
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'A:j:N:t:vw::bcdox', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let radix = 'o' as 'd' | 'o' | 'x' | 'n'
  let skip = 0
  let limit = Infinity
  let dupes = false
  let width = 16
  const fmts: Fmt[] = []
  for (const o of p.opts) {
    const arg = o.arg ?? ''
    if (o.opt === 'A') {
      if (!['d', 'o', 'x', 'n'].includes(arg)) {
        yield* warn(prog, `invalid output address radix '${arg}'; it must be one character from [doxn]`)
        return 1
      }
      radix = arg as typeof radix
    } else if (o.opt === 'j' || o.opt === 'N' || (o.opt === 'w' && o.arg !== undefined)) {
      const n = parseCount(arg)
      if (n === null) {
        yield* warn(prog, `invalid ${o.opt === 'w' ? '-w' : o.opt === 'j' ? '--skip-bytes' : '--read-bytes'} argument ${quote(arg)}`)
        return 1
      }
      if (o.opt === 'j') skip = n
      else if (o.opt === 'N') limit = n
      else width = n
    } else if (o.opt === 'w') width = 32
    else if (o.opt === 'v') dupes = true
    else if (o.opt === 't') {
      const t = parseTypes(arg)
      if (typeof t === 'string') {
        yield* warn(prog, t)
        return 1
      }
      fmts.push(...t)
    } else if (o.opt === 'b') fmts.push(integerFmt('o', 1))
    else if (o.opt === 'c') fmts.push(CHAR_FMT)
    else if (o.opt === 'd') fmts.push(integerFmt('u', 2))
    else if (o.opt === 'o') fmts.push(integerFmt('o', 2))
    else if (o.opt === 'x') fmts.push(integerFmt('x', 2))
  }
  if (fmts.length === 0) fmts.push(integerFmt('o', 2))
  const lcm = fmts.reduce((a, f) => (a % f.size === 0 ? a : a * f.size), 1)
  if (width % lcm !== 0 || width === 0) {
    yield* warn(prog, `invalid -w argument '${width}'`)
    yield* tryHelp(prog)
    return 1
  }

  // od reads its inputs as one stream.
  const files = p.operands.length ? p.operands : ['-']
  const o = new Output()
  let status = 0
  let offset = skip
  let pending: number[] = []
  let prev: string | null = null
  let starred = false
  const addr = (n: number) => (radix === 'n' ? '' : n.toString({ d: 10, o: 8, x: 16 }[radix]).padStart(7, '0'))
  function* emit(bytes: number[]) {
    const key = bytes.join(',')
    if (!dupes && key === prev && bytes.length === width) {
      if (!starred) yield* o.write('*\n')
      starred = true
      offset += bytes.length
      return
    }
    prev = key
    starred = false
    let first = true
    for (const f of fmts) {
      let text = first ? addr(offset) : ' '.repeat(radix === 'n' ? 0 : 7)
      first = false
      for (let i = 0; i < bytes.length; i += f.size) {
        const item = bytes.slice(i, i + f.size)
        while (item.length < f.size) item.push(0)
        text += f.render(item)
      }
      yield* o.write(text + '\n')
    }
    offset += bytes.length
  }
  let toSkip = skip
  let left = limit
  for (const f of files) {
    if (left <= 0) break
    const fd = yield* openInput(f)
    if (fd < 0) {
      yield* warnErrno(prog, quotef(f), fd)
      status = 1
      continue
    }
    for (;;) {
      if (left <= 0) break
      const r = yield* read(fd, 65536)
      if (typeof r === 'number') {
        yield* warnErrno(prog, quotef(f), r)
        status = 1
        break
      }
      if (r === '') break
      let s = r
      if (toSkip > 0) {
        const n = Math.min(toSkip, s.length)
        s = s.slice(n)
        toSkip -= n
      }
      if (s.length > left) s = s.slice(0, left)
      left -= s.length
      for (let i = 0; i < s.length; i++) {
        pending.push(s.charCodeAt(i) & 0xff)
        if (pending.length === width) {
          yield* emit(pending)
          pending = []
        }
      }
    }
    yield* closeInput(fd)
  }
  if (toSkip > 0) {
    yield* warn(prog, 'cannot skip past end of combined input')
    yield* o.flush()
    return 1
  }
  if (pending.length) yield* emit(pending)
  if (radix !== 'n') yield* o.write(addr(offset) + '\n')
  return yield* closeStdout(prog, o, status)
}

export { main as odMain }
