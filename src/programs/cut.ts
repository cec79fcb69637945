// cut(1): print selected fields (-f with -d), characters (-c) or bytes (-b).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from './lib/cmd.ts'
import { Output, closeStdout } from './lib/io.ts'
import { forEachLine } from './lib/lines.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'fields', hasArg: 'required', val: 'f' },
  { name: 'delimiter', hasArg: 'required', val: 'd' },
  { name: 'characters', hasArg: 'required', val: 'c' },
  { name: 'bytes', hasArg: 'required', val: 'b' },
  { name: 'only-delimited', hasArg: 'no', val: 's' },
  { name: 'output-delimiter', hasArg: 'required', val: 'O' },
] as const

export type Ranges = [number, number][]

/** "1,3-5,7-" → inclusive 1-based ranges; a string error message when invalid. */
export function parseList(s: string): Ranges | string {
  const out: Ranges = []
  for (const part of s.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part)
    if (!m || part === '' || part === '-') return `invalid field range`
    const a = m[1] ? Number(m[1]) : 1
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a
    if (a === 0 || b === 0) return 'fields and positions are numbered from 1'
    if (b < a) return 'invalid decreasing range'
    out.push([a, b])
  }
  return out
}

const inRanges = (r: Ranges, i: number) => r.some(([a, b]) => i >= a && i <= b)

export function cutFields(line: string, r: Ranges, delim: string, onlyDelimited: boolean, outDelim = delim): string | null {
  if (!line.includes(delim)) return onlyDelimited ? null : line
  return line.split(delim).filter((_, i) => inRanges(r, i + 1)).join(outDelim)
}

export function cutChars(line: string, r: Ranges): string {
  return [...line].filter((_, i) => inRanges(r, i + 1)).join('')
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'f:d:c:b:snO:', long: LONG, usage: 'Usage: cut OPTION... [FILE]...\nPrint selected parts of lines from each FILE to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const f = lastArg(p, 'f')
  const c = lastArg(p, 'c') ?? lastArg(p, 'b')
  const fail = function* (msg: string) {
    yield* warn(prog, msg)
    yield* tryHelp(prog)
    return 1
  }
  if ((f === undefined) === (c === undefined)) {
    return yield* fail(f === undefined ? 'you must specify a list of bytes, characters, or fields' : 'only one type of list may be specified')
  }
  const d = lastArg(p, 'd') ?? '\t'
  if (d.length > 1) return yield* fail('the delimiter must be a single character')
  if (f === undefined && (has(p, 'd') || has(p, 's'))) {
    return yield* fail('an input delimiter may be specified only when operating on fields')
  }
  const ranges = parseList(f ?? c!)
  if (typeof ranges === 'string') return yield* fail(ranges)
  const outDelim = lastArg(p, 'O') ?? d
  const o = new Output()
  const status = yield* forEachLine(prog, p.operands, o, (l) => {
    const r = f !== undefined ? cutFields(l, ranges, d, has(p, 's'), outDelim) : cutChars(l, ranges)
    return r === null ? null : r + '\n'
  })
  return yield* closeStdout(prog, o, status)
}

export const cut: ProgramInfo = { name: 'cut', path: '/usr/bin/cut', description: 'remove sections from each line of files', main }
