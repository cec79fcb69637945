// uniq(1): collapse adjacent equal lines; -c counts, -d only repeated,
// -u only unique, -i ignores case.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { has, parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import { Output, closeStdout } from './lib/io.ts'
import { forEachLine } from './lib/lines.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'count', hasArg: 'no', val: 'c' },
  { name: 'repeated', hasArg: 'no', val: 'd' },
  { name: 'unique', hasArg: 'no', val: 'u' },
  { name: 'ignore-case', hasArg: 'no', val: 'i' },
] as const

export interface UniqOpts {
  count: boolean
  repeated: boolean
  unique: boolean
  ignoreCase: boolean
}

/** Streams groups of equal lines; `flush()` emits the last group. */
export class Uniq {
  private cur: string | null = null
  private n = 0
  constructor(private readonly o: UniqOpts) {}
  private emit(): string | null {
    if (this.cur === null) return null
    if (this.o.repeated && this.n < 2) return null
    if (this.o.unique && this.n > 1) return null
    return (this.o.count ? `${String(this.n).padStart(7)} ` : '') + this.cur + '\n'
  }
  line(l: string): string | null {
    const eq = this.cur !== null && (this.o.ignoreCase ? this.cur.toLowerCase() === l.toLowerCase() : this.cur === l)
    if (eq) {
      this.n++
      return null
    }
    const out = this.emit()
    this.cur = l
    this.n = 1
    return out
  }
  flush(): string | null {
    return this.emit()
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'cdui', long: LONG, usage: 'Usage: uniq [OPTION]... [INPUT [OUTPUT]]\nFilter adjacent matching lines from INPUT (or standard input),\nwriting to OUTPUT (or standard output).' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (p.operands.length > 1) {
    yield* warn(prog, `extra operand ${quote(p.operands[1]!)}`) // SIMPLIFICATION: no OUTPUT operand
    yield* tryHelp(prog)
    return 1
  }
  const u = new Uniq({ count: has(p, 'c'), repeated: has(p, 'd'), unique: has(p, 'u'), ignoreCase: has(p, 'i') })
  const o = new Output()
  const status = yield* forEachLine(prog, p.operands, o, (l) => u.line(l))
  const last = u.flush()
  if (last !== null) yield* o.write(last)
  return yield* closeStdout(prog, o, status)
}

export const uniq: ProgramInfo = { name: 'uniq', path: '/usr/bin/uniq', description: 'report or omit repeated lines', main }
