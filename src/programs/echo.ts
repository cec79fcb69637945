// /bin/echo (coreutils): -n, -e, -E; leading arguments count as options only
// when every letter is one of n, e, E (so `echo -x` prints "-x").
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import type { ProgramInfo } from './lib/types.ts'

/** Interprets backslash escapes; `stop` is set by \c (no further output). */
export function echoEscapes(s: string): { text: string; stop: boolean } {
  let text = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c !== '\\' || i + 1 >= s.length) {
      text += c
      continue
    }
    const n = s[++i]!
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }
    if (n in simple) text += simple[n]
    else if (n === 'c') return { text, stop: true }
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0]
      text += String.fromCharCode(parseInt(m || '0', 8) & 0xff)
      i += m.length
    } else if (n === 'x' && /^[0-9a-fA-F]/.test(s.slice(i + 1))) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))![0]
      text += String.fromCharCode(parseInt(m, 16))
      i += m.length
    } else text += '\\' + n
  }
  return { text, stop: false }
}

function* main(argv: readonly string[]): Program {
  let newline = true
  let escapes = false
  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (!/^-[neE]+$/.test(a)) break
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false
      else escapes = c === 'e'
    }
  }
  const text = argv.slice(i).join(' ')
  if (!escapes) {
    yield* out(text + (newline ? '\n' : ''))
    return 0
  }
  const r = echoEscapes(text)
  yield* out(r.text + (newline && !r.stop ? '\n' : ''))
  return 0
}

export const echo: ProgramInfo = { name: 'echo', path: '/bin/echo', description: 'display a line of text', main }
