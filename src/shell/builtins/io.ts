// echo and printf.
import { hold, setVar } from '../memory.ts'
import type { Shell } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { fail, print } from './util.ts'

/** Backslash escapes of echo -e and printf %b; `stop` is set by \c. Text between escapes is copied in slices, not a character at a time. */
function escapes(s: string, octalNeedsZero: boolean): { text: string; stop: boolean } {
  const parts: string[] = []
  let i = 0
  for (let b = s.indexOf('\\'); b >= 0 && b + 1 < s.length; b = s.indexOf('\\', i)) {
    if (b > i) parts.push(s.slice(i, b))
    i = b + 1
    const n = s[i]!
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\' }
    if (n in map) parts.push(map[n]!)
    else if (n === 'c') return { text: parts.join(''), stop: true }
    else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3))![0]
      parts.push(String.fromCharCode(parseInt(m, 16)))
      i += m.length
    } else if (n === '0' || (!octalNeedsZero && /[0-7]/.test(n))) {
      const from = n === '0' && octalNeedsZero ? i + 1 : i
      const m = /^[0-7]{0,3}/.exec(s.slice(from, from + 3))![0]
      parts.push(String.fromCharCode(parseInt(m || '0', 8) & 0xff))
      i += n === '0' && octalNeedsZero ? m.length : m.length - 1
    } else parts.push('\\' + n)
    i++
  }
  parts.push(s.slice(i))
  return { text: parts.join(''), stop: false }
}

export function* echo(sh: Shell, argv: string[]): Sys<number> {
  let nl = true
  let esc = false
  let k = 1
  for (; k < argv.length; k++) {
    const a = argv[k]!
    if (!/^-[neE]+$/.test(a)) break
    for (const f of a.slice(1)) {
      if (f === 'n') nl = false
      else if (f === 'e') esc = true
      else esc = false
    }
  }
  let text = argv.slice(k).join(' ')
  if (esc) {
    const r = escapes(text, true)
    text = r.text
    if (r.stop) return yield* print(sh, text)
  }
  return yield* print(sh, nl ? text + '\n' : text)
}

export function* printf(sh: Shell, argv: string[]): Sys<number> {
  let k = 1
  let varName: string | null = null
  if (argv[k] === '-v') {
    varName = argv[k + 1] ?? null
    k += 2
  }
  if (argv[k] === '--') k++
  const fmt = argv[k]
  if (fmt === undefined) {
    yield* fail(sh, 'usage: printf [-v var] format [arguments]', 2)
    return 2
  }
  const args = argv.slice(k + 1)
  let out = ''
  let charged = 0
  let status = 0
  let ai = 0
  /** starArg found a bad number (printf then returns 1). */
  const bad = { found: false }
  for (;;) {
    const startAi = ai
    let stop = false
    const re = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sdiboxXcuefgEG%q])|\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)|[^%\\]+|%|\\/gs
    for (const m of fmt.matchAll(re)) {
      if (m[4]) {
        const conv = m[4]
        if (conv === '%') {
          out += '%'
          continue
        }
        let width = m[2] === '*' ? yield* starArg(sh, args[ai++], bad) : m[2] ? Number(m[2]) : 0
        let prec = m[3] === '*' ? yield* starArg(sh, args[ai++], bad) : m[3] !== undefined ? Number(m[3]) : undefined
        if (prec !== undefined && prec < 0) prec = undefined // printf(3): "a negative precision is taken as if the precision were omitted"
        // The field is built in memory, as bash's vsnprintf buffer: a huge width or precision must fit on the heap.
        const room = Math.max(Math.abs(width), prec ?? 0)
        if (room > 65536) {
          yield* hold(sh, room)
          charged += room
        }
        const flags = m[1] ?? ''
        const arg = args[ai++]
        let s: string
        if (conv === 's' || conv === 'q') {
          s = arg ?? ''
          if (prec !== undefined) s = s.slice(0, prec)
        } else if (conv === 'b') {
          const r = escapes(arg ?? '', true)
          s = r.text
          stop ||= r.stop
        } else if (conv === 'c') s = (arg ?? '').slice(0, 1)
        else if ('eEfgG'.includes(conv)) {
          const x = Number(arg ?? 0)
          const p = prec ?? 6
          // toFixed/toExponential stop at 100 digits; the rest of a longer precision is zeros for a double
          s = conv === 'f' ? x.toFixed(Math.min(p, 100)) + '0'.repeat(Math.max(0, p - 100)) : conv.toLowerCase() === 'e' ? x.toExponential(Math.min(p, 100)) : String(x)
        } else {
          let n = 0
          const a = arg ?? ''
          if (/^\s*[-+]?\d+\s*$/.test(a)) n = Number(a)
          else if (/^0[xX][0-9a-fA-F]+$/.test(a)) n = parseInt(a, 16)
          else if (/^['"]./.test(a)) n = a.charCodeAt(1)
          else if (a !== '') {
            yield* fail(sh, `${a}: invalid number`)
            status = 1
          }
          const neg = n < 0
          const abs = Math.abs(Math.trunc(n))
          s = conv === 'x' ? abs.toString(16) : conv === 'X' ? abs.toString(16).toUpperCase() : conv === 'o' ? abs.toString(8) : String(abs)
          if (prec !== undefined) s = s.padStart(prec, '0')
          if (neg) s = '-' + s
          else if (flags.includes('+')) s = '+' + s
          else if (flags.includes(' ')) s = ' ' + s
          if (flags.includes('0') && !flags.includes('-') && s.length < width) {
            const sign = /^[-+ ]/.test(s) ? s[0] : ''
            s = sign + s.slice(sign.length).padStart(width - sign.length, '0')
          }
        }
        if (width < 0) {
          width = -width
          out += s.padEnd(width)
        } else out += flags.includes('-') ? s.padEnd(width) : s.padStart(width)
        if (stop) break
      } else if (m[5] !== undefined) {
        const r = escapes('\\' + m[5], false)
        out += r.text
      } else out += m[0]
    }
    // the output grows on the heap too (bash's vbadd: xrealloc)
    if (out.length - charged >= 65536) {
      yield* hold(sh, out.length - charged)
      charged = out.length
    }
    if (stop || ai >= args.length || ai === startAi) break
  }
  if (bad.found) status = 1
  if (varName) {
    yield* setVar(sh, varName, out)
    return status
  }
  const r = yield* print(sh, out)
  return r || status
}

/** A `*` width or precision: an integer argument (bash's getint: "invalid number", then 0); a bad one sets `bad.found`. */
function* starArg(sh: Shell, a: string | undefined, bad: { found: boolean }): Sys<number> {
  if (a === undefined || a === '') return 0
  if (!/^\s*[-+]?\d+\s*$/.test(a)) {
    yield* fail(sh, `${a}: invalid number`)
    bad.found = true
    return 0
  }
  const n = Number(a)
  if (Math.abs(n) > 2147483647) {
    yield* fail(sh, `${a}: Numerical result out of range`)
    bad.found = true
    return n < 0 ? -2147483647 : 2147483647
  }
  return n
}
