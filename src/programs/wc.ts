// wc(1): newline, word and byte counts, with coreutils' column widths (the
// digits of the total size of regular files, at least 7 when a pipe or tty is
// among the inputs, 1 when a single count of a single input is printed).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { S_IFMT, S_IFREG } from '../../kernel-sim/abi/index.ts'
import { fstat, read } from '../libc/index.ts'
import { has, parseOpts, quotef, warnErrno } from './lib/cmd.ts'
import { closeInput, openInput, Output, closeStdout } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'lines', hasArg: 'no', val: 'l' },
  { name: 'words', hasArg: 'no', val: 'w' },
  { name: 'bytes', hasArg: 'no', val: 'c' },
  { name: 'chars', hasArg: 'no', val: 'm' },
  { name: 'max-line-length', hasArg: 'no', val: 'L' },
] as const

export interface Counts {
  lines: number
  words: number
  chars: number
  bytes: number
  maxLine: number
}

/** Counts for a chunk, carrying "inside a word" and the current line length across chunks. */
export class Counter {
  c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 }
  private inWord = false
  private lineLen = 0
  add(s: string): void {
    this.c.chars += s.length
    this.c.bytes += s.length // SIMPLIFICATION: strings are counted as one byte per UTF-16 unit
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!
      if (ch === '\n') {
        this.c.lines++
        this.c.maxLine = Math.max(this.c.maxLine, this.lineLen)
        this.lineLen = 0
      } else this.lineLen += ch === '\t' ? 8 - (this.lineLen % 8) : 1
      const space = ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\v' || ch === '\f'
      if (!space && !this.inWord) this.c.words++
      this.inWord = !space
    }
  }
  done(): Counts {
    this.c.maxLine = Math.max(this.c.maxLine, this.lineLen)
    return this.c
  }
}

export type Field = keyof Counts

/** One output line: numbers right-aligned to `width`, then the name. */
export function wcLine(c: Counts, fields: readonly Field[], width: number, name?: string): string {
  return fields.map((f) => String(c[f]).padStart(width)).join(' ') + (name !== undefined ? ` ${name}` : '')
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'lwcmL', long: LONG, usage: 'Usage: wc [OPTION]... [FILE]...\nPrint newline, word, and byte counts for each FILE, and a total line if\nmore than one FILE is specified.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let fields: Field[] = (['lines', 'words', 'chars', 'bytes', 'maxLine'] as const).filter((f) =>
    has(p, { lines: 'l', words: 'w', chars: 'm', bytes: 'c', maxLine: 'L' }[f]))
  if (fields.length === 0) fields = ['lines', 'words', 'bytes']
  const files = p.operands.length ? p.operands : ['-']
  const results: { name?: string; c?: Counts }[] = []
  let regularTotal = 0
  let minWidth = 1
  let status = 0
  for (const f of files) {
    const fd = yield* openInput(f)
    if (fd < 0) {
      results.push({ name: f })
      yield* warnErrno(prog, quotef(f), fd)
      status = 1
      continue
    }
    const st = yield* fstat(fd)
    if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFREG) regularTotal += st.size
    else minWidth = 7
    const counter = new Counter()
    for (;;) {
      const r = yield* read(fd, 65536)
      if (typeof r === 'number') {
        yield* warnErrno(prog, quotef(f), r)
        status = 1
        break
      }
      if (r === '') break
      counter.add(r)
    }
    yield* closeInput(fd)
    results.push({ name: p.operands.length ? f : undefined, c: counter.done() })
  }
  const width = fields.length === 1 && files.length === 1 ? 1 : Math.max(minWidth, String(regularTotal).length)
  const o = new Output()
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 }
  for (const r of results) {
    if (!r.c) continue
    for (const k of fields) total[k] = k === 'maxLine' ? Math.max(total[k], r.c[k]) : total[k] + r.c[k]
    yield* o.write(wcLine(r.c, fields, width, r.name) + '\n')
  }
  if (files.length > 1) yield* o.write(wcLine(total, fields, width, 'total') + '\n')
  return yield* closeStdout(prog, o, status)
}

export const wc: ProgramInfo = { name: 'wc', path: '/usr/bin/wc', description: 'print newline, word, and byte counts for each file', main }
