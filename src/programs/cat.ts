// cat(1): concatenate files to stdout; -n/-b number lines, -s squeeze blank
// lines, -E mark line ends, -T show tabs, -A = -vET.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E } from '../../kernel-sim/abi/index.ts'
import { fstat, read, type Sys } from '../libc/index.ts'
import { has, parseOpts, quotef, warnErrno } from './lib/cmd.ts'
import { closeInput, LineReader, openInput, Output } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'
import { S_IFDIR, S_IFMT } from '../../kernel-sim/abi/index.ts'

const LONG = [
  { name: 'number', hasArg: 'no', val: 'n' },
  { name: 'number-nonblank', hasArg: 'no', val: 'b' },
  { name: 'squeeze-blank', hasArg: 'no', val: 's' },
  { name: 'show-ends', hasArg: 'no', val: 'E' },
  { name: 'show-tabs', hasArg: 'no', val: 'T' },
  { name: 'show-nonprinting', hasArg: 'no', val: 'v' },
  { name: 'show-all', hasArg: 'no', val: 'A' },
] as const

export interface CatFlags {
  number: boolean
  nonblank: boolean
  squeeze: boolean
  ends: boolean
  tabs: boolean
  nonprinting: boolean
}

/** cat -v: control characters as ^X, DEL as ^?. */
const showNonprinting = (s: string) =>
  s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : '^' + String.fromCharCode(c.charCodeAt(0) + 64)))

/** Line-numbering state carries across files, as in cat. */
export class CatFormatter {
  private lineNo = 0
  private prevBlank = false
  constructor(private readonly f: CatFlags) {}

  /** One input line (with its '\n', if any) → output, or null when squeezed away. */
  line(l: string): string | null {
    const hasNl = l.endsWith('\n')
    let body = hasNl ? l.slice(0, -1) : l
    const blank = body === '' && hasNl
    if (this.f.squeeze && blank && this.prevBlank) return null
    this.prevBlank = blank
    if (this.f.nonprinting) body = showNonprinting(body)
    if (this.f.tabs) body = body.replace(/\t/g, '^I')
    let prefix = ''
    if (this.f.nonblank ? !blank : this.f.number) prefix = `${String(++this.lineNo).padStart(6, ' ')}\t`
    return prefix + body + (hasNl ? (this.f.ends ? '$\n' : '\n') : '')
  }
}

function* copyRaw(fd: number, o: Output): Sys<number> {
  for (;;) {
    const r = yield* read(fd, 65536)
    if (typeof r === 'number') return r
    if (r === '') return 0
    yield* o.write(r)
    yield* o.flush()
    if (o.error) return 0 // main reports it: "cat: write error: No space left on device"
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'AbeEnsTtuv', long: LONG, usage: 'Usage: cat [OPTION]... [FILE]...\nConcatenate FILE(s) to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const all = has(p, 'A')
  const flags: CatFlags = {
    number: has(p, 'n'),
    nonblank: has(p, 'b'),
    squeeze: has(p, 's'),
    ends: all || has(p, 'E') || has(p, 'e'),
    tabs: all || has(p, 'T') || has(p, 't'),
    nonprinting: all || has(p, 'v') || has(p, 'e') || has(p, 't'),
  }
  const plain = !Object.values(flags).some(Boolean)
  const fmt = new CatFormatter(flags)
  const o = new Output()
  let status = 0
  for (const file of p.operands.length ? p.operands : ['-']) {
    const fd = yield* openInput(file)
    if (fd < 0) {
      yield* warnErrno(prog, quotef(file), fd)
      status = 1
      continue
    }
    let rc = 0
    if (plain) rc = yield* copyRaw(fd, o)
    else {
      const r = new LineReader(fd, o)
      for (let l = yield* r.line(); l !== null; l = yield* r.line()) {
        const s = fmt.line(l)
        if (s !== null) yield* o.write(s)
      }
      rc = r.error
    }
    if (rc < 0) {
      // read(2) on a directory fails with EISDIR, as cat reports it
      const st = yield* fstat(fd)
      const isDir = typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR
      yield* warnErrno(prog, quotef(file), isDir ? -E.EISDIR : rc)
      status = 1
    }
    yield* closeInput(fd)
    if (o.error) break
  }
  yield* o.flush()
  if (o.error) {
    yield* warnErrno(prog, 'write error', o.error)
    return 1
  }
  return status
}

export const cat: ProgramInfo = { name: 'cat', path: '/bin/cat', description: 'concatenate files and print on the standard output', main }
