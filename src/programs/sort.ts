// sort(1): sort lines; -n numeric, -r reverse, -u unique, -k KEYDEF, -t SEP,
// -f fold case. Comparison is byte order, as in the C locale.
import { strerror, type Program } from '../../kernel-sim/abi/index.ts'
import { err } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import { Output } from './lib/io.ts'
import { readLines } from './lib/lines.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'numeric-sort', hasArg: 'no', val: 'n' },
  { name: 'reverse', hasArg: 'no', val: 'r' },
  { name: 'unique', hasArg: 'no', val: 'u' },
  { name: 'key', hasArg: 'required', val: 'k' },
  { name: 'field-separator', hasArg: 'required', val: 't' },
  { name: 'ignore-case', hasArg: 'no', val: 'f' },
  { name: 'stable', hasArg: 'no', val: 's' },
] as const

export interface Key {
  start: number // 1-based field
  end?: number
  numeric: boolean
  reverse: boolean
}

export interface SortOpts {
  keys: Key[]
  sep?: string
  numeric: boolean
  reverse: boolean
  fold: boolean
  unique: boolean
  stable: boolean
}

/** "2", "2,2", "3n", "1,1r" → Key; undefined if malformed. */
export function parseKey(s: string): Key | undefined {
  const m = /^(\d+)(?:\.\d+)?([nrbf]*)(?:,(\d+)(?:\.\d+)?([nrbf]*))?$/.exec(s)
  if (!m || Number(m[1]) === 0) return undefined
  const flags = (m[2] ?? '') + (m[4] ?? '')
  return { start: Number(m[1]), end: m[3] ? Number(m[3]) : undefined, numeric: flags.includes('n'), reverse: flags.includes('r') }
}

/** Field spans: with -t exact separators; else a field starts at its leading blanks. */
function fieldStarts(line: string, sep?: string): number[] {
  const starts = [0]
  if (sep !== undefined) {
    for (let i = 0; i < line.length; i++) if (line[i] === sep) starts.push(i + 1)
    return starts
  }
  for (let i = 1; i < line.length; i++) if (/[ \t]/.test(line[i]!) && !/[ \t]/.test(line[i - 1]!)) starts.push(i)
  return starts
}

export function keyText(line: string, k: Key, sep?: string): string {
  const starts = fieldStarts(line, sep)
  if (k.start > starts.length) return ''
  const from = starts[k.start - 1]!
  const endField = k.end ?? Infinity
  const to = endField >= starts.length ? line.length : starts[endField]! - (sep !== undefined ? 1 : 0)
  return line.slice(from, Math.max(from, to))
}

const numPrefix = (s: string) => {
  const m = /^\s*(-?\d*\.?\d+|-?\d+)/.exec(s)
  return m ? Number(m[1]) : 0
}
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function makeCompare(o: SortOpts): (a: string, b: string) => number {
  const norm = (s: string) => (o.fold ? s.toUpperCase() : s)
  const keys = o.keys.length ? o.keys : [{ start: 1, numeric: o.numeric, reverse: false }]
  const keyCmp = (a: string, b: string) => {
    for (const k of keys) {
      const ka = o.keys.length ? keyText(a, k, o.sep) : a
      const kb = o.keys.length ? keyText(b, k, o.sep) : b
      const numeric = k.numeric || o.numeric
      const c = numeric ? numPrefix(ka) - numPrefix(kb) : cmpStr(norm(ka), norm(kb))
      if (c !== 0) return k.reverse ? -c : c
    }
    return 0
  }
  return (a, b) => {
    const c = keyCmp(a, b)
    // last-resort comparison of whole lines, unless -s or -u
    const r = c !== 0 || o.stable || o.unique ? c : cmpStr(a, b)
    return o.reverse ? -r : r
  }
}

export function sortLines(lines: readonly string[], o: SortOpts): string[] {
  const cmp = makeCompare(o)
  const sorted = [...lines].sort(cmp)
  if (!o.unique) return sorted
  return sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1]!, l) !== 0)
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'nruk:t:fsbo:', long: LONG, usageStatus: 2, usage: 'Usage: sort [OPTION]... [FILE]...\nWrite sorted concatenation of all FILE(s) to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const keys: Key[] = []
  for (const o of p.opts) {
    if (o.opt !== 'k') continue
    const k = parseKey(o.arg!)
    if (!k) {
      yield* warn(prog, `invalid number at field start: invalid count at start of ${quote(o.arg!)}`)
      yield* tryHelp(prog)
      return 2
    }
    keys.push(k)
  }
  const sep = lastArg(p, 't')
  if (sep !== undefined && sep.length !== 1) {
    yield* warn(prog, sep === '' ? 'empty tab' : `multi-character tab ${quote(sep)}`)
    return 2
  }
  const out = new Output()
  const { lines, status } = yield* readLines(prog, p.operands, out, (f) => `cannot read: ${f}`)
  if (status) return status
  const sorted = sortLines(lines, {
    keys, sep, numeric: has(p, 'n'), reverse: has(p, 'r'), fold: has(p, 'f'), unique: has(p, 'u'), stable: has(p, 's'),
  })
  // sort.c: a failed fwrite is sort_die ("write failed"); what stays buffered fails in xfclose's fflush
  // ("fflush failed"); both name 'standard output' (quotef) and exit SORT_FAILURE, 2.
  // SIMPLIFICATION: the buffer is lib/io.ts's 8 KiB, not stdio's st_blksize (4 KiB on /dev/full).
  let failed = 0
  for (const l of sorted) if ((failed = yield* out.write(l + '\n')) < 0) break
  const what = failed < 0 ? 'write' : 'fflush'
  if (failed === 0) failed = yield* out.flush()
  if (failed === 0) return 0
  yield* err(`${prog}: ${what} failed: 'standard output': ${strerror(-failed)}\n`)
  return 2
}

// sort.c: initialize_exit_failure (SORT_FAILURE): close_stdout (sort --help) exits 2 as well
export const sort: ProgramInfo = { name: 'sort', path: '/usr/bin/sort', description: 'sort lines of text files', main, exitFailure: 2 }
