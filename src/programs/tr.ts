// tr(1): translate (SET1 → SET2), delete (-d) or squeeze (-s) characters.
// Sets take ranges (a-z), escapes (\n \t \\ \NNN) and classes ([:upper:]).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { read } from '../libc/index.ts'
import { has, parseOpts, quote, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { Output, closeStdout } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\v\f',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
}
CLASSES.alpha = CLASSES.lower! + CLASSES.upper!
CLASSES.alnum = CLASSES.digit! + CLASSES.alpha
CLASSES.xdigit = '0123456789ABCDEFabcdef'

/** Expands a SET operand to its characters, in order. */
export function expandSet(s: string): string {
  const chars: string[] = []
  let i = 0
  const one = (): string => {
    const c = s[i++]!
    if (c !== '\\' || i >= s.length) return c
    const e = s[i++]!
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' }
    if (e in map) return map[e]!
    if (/[0-7]/.test(e)) {
      let oct = e
      while (oct.length < 3 && /[0-7]/.test(s[i] ?? '')) oct += s[i++]
      return String.fromCharCode(parseInt(oct, 8))
    }
    return e
  }
  while (i < s.length) {
    const cls = /^\[:([a-z]+):\]/.exec(s.slice(i))
    if (cls && CLASSES[cls[1]!] !== undefined) {
      chars.push(...CLASSES[cls[1]!]!)
      i += cls[0].length
      continue
    }
    const rep = /^\[(.)\*(\d*)\]/.exec(s.slice(i))
    if (rep) {
      chars.push(...rep[1]!.repeat(Number(rep[2] || 1)))
      i += rep[0].length
      continue
    }
    const c = one()
    if (s[i] === '-' && i + 1 < s.length) {
      i++
      const end = one()
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) chars.push(String.fromCharCode(k))
    } else chars.push(c)
  }
  return chars.join('')
}

export interface TrOpts {
  set1: string
  set2?: string
  del: boolean
  squeeze: boolean
  complement: boolean
}

/** A streaming translator: state carries the last squeezed character across chunks. */
export class Tr {
  private map = new Map<string, string>()
  private set1: Set<string>
  private set2: string
  private last = ''
  constructor(private readonly o: TrOpts) {
    const s1 = expandSet(o.set1)
    this.set1 = new Set(s1)
    this.set2 = o.set2 !== undefined ? expandSet(o.set2) : ''
    const s2 = this.set2
    if (!o.del && s2 && !o.complement) for (let i = 0; i < s1.length; i++) this.map.set(s1[i]!, s2[Math.min(i, s2.length - 1)]!)
  }
  private inSet1 = (c: string) => this.set1.has(c) !== this.o.complement
  /** -s squeezes SET2 when translating or deleting, else SET1. */
  private inSqueeze = (c: string) => (this.o.set2 === undefined ? this.inSet1(c) : this.set2.includes(c))
  chunk(s: string): string {
    let out = ''
    const s2 = this.set2
    for (const c0 of s) {
      if (this.o.del && this.inSet1(c0)) continue
      let c = c0
      if (!this.o.del && s2) c = this.o.complement ? (this.inSet1(c0) ? s2[s2.length - 1]! : c0) : this.map.get(c0) ?? c0
      if (this.o.squeeze && c === this.last && this.inSqueeze(c)) continue
      this.last = c
      out += c
    }
    return out
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'dscC', long: [
    { name: 'delete', hasArg: 'no', val: 'd' }, { name: 'squeeze-repeats', hasArg: 'no', val: 's' },
    { name: 'complement', hasArg: 'no', val: 'c' },
  ], usage: 'Usage: tr [OPTION]... STRING1 [STRING2]\nTranslate, squeeze, and/or delete characters from standard input,\nwriting to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const [set1, set2] = p.operands
  const del = has(p, 'd')
  const squeeze = has(p, 's')
  const needTwo = !del && !squeeze
  if (set1 === undefined || (needTwo && set2 === undefined) || (del && !squeeze && set2 !== undefined)) {
    if (set1 === undefined) yield* warn(prog, 'missing operand')
    else if (needTwo) yield* warn(prog, `missing operand after ${quote(set1)}\nTwo strings must be given when translating.`)
    else yield* warn(prog, `extra operand ${quote(set2!)}\nOnly one string may be given when deleting without squeezing repeats.`)
    yield* tryHelp(prog)
    return 1
  }
  const tr = new Tr({ set1, set2, del, squeeze, complement: has(p, 'c') || has(p, 'C') })
  const o = new Output()
  for (;;) {
    yield* o.flush()
    const r = yield* read(0, 65536)
    if (typeof r === 'number') {
      yield* warnErrno(prog, 'read error', r)
      return 1
    }
    if (r === '') break
    yield* o.write(tr.chunk(r))
    if (o.error) break
  }
  return yield* closeStdout(prog, o, 0)
}

export const tr: ProgramInfo = { name: 'tr', path: '/usr/bin/tr', description: 'translate or delete characters', main }
