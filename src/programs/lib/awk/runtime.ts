// awk values and machine state: strnum fields, variables, arrays, $0/NF
// splitting and rebuilding, number-to-string conversion.
import { cpu, type Sys } from '../../../libc/index.ts'
import { compilePosix, type PosixRegex } from '../regex.ts'
import { formatG, sprintf } from '../printf.ts'

/** Input-derived text (fields, $0, split() pieces): compares as a number when it looks like one. */
export class StrNum {
  constructor(readonly s: string) {}
}
export type Value = number | string | StrNum
export const UNINIT = new StrNum('')

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/

export function toNum(v: Value): number {
  if (typeof v === 'number') return v
  const s = typeof v === 'string' ? v : v.s
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s)
  return m ? Number(m[0]) : 0
}

export function numToStr(n: number, fmt = '%.6g'): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n)
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  return fmt === '%.6g' ? formatG(n, 6) : sprintf(fmt, [{ num: () => n, str: () => String(n) }])
}

export const toStr = (v: Value, fmt?: string): string => (typeof v === 'number' ? numToStr(v, fmt) : typeof v === 'string' ? v : v.s)
export const toBool = (v: Value): boolean =>
  typeof v === 'number' ? v !== 0 : typeof v === 'string' ? v !== '' : v === UNINIT ? false : NUMERIC.test(v.s) ? toNum(v) !== 0 : v.s !== ''

const numericish = (v: Value) => typeof v === 'number' || (v instanceof StrNum && (v === UNINIT || NUMERIC.test(v.s)))

/** POSIX comparison: numeric when both sides are numbers or numeric strnums, else string. */
export function compare(a: Value, b: Value): number {
  if (numericish(a) && numericish(b)) return toNum(a) - toNum(b)
  const x = toStr(a)
  const y = toStr(b)
  return x < y ? -1 : x > y ? 1 : 0
}

export class ExitSignal {
  constructor(readonly status: number) {}
}
export class NextSignal {}
export class BreakSignal {}
export class ContinueSignal {}
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

export interface OutputChunk {
  text: string
  file?: string
  append?: boolean
  /** Made by printf (gawk names the statement when its write fails); absent = print. */
  printf?: boolean
}

/** A loop iteration of gawk's bytecode interpreter takes some tens of ns on a current CPU. */
const NS_PER_STEP = 20
const STEPS_PER_CHARGE = 32

export class AwkState {
  vars = new Map<string, Value>()
  arrays = new Map<string, Map<string, Value>>()
  fields: string[] = [''] // $0, $1 ...
  output: OutputChunk[] = []
  /**
   * Bytes stored in arrays so far (a hash node and the key and value text, as
   * gawk's NODE and BUCKET): charged to the heap between records. An upper
   * bound: overwritten and deleted elements are not given back.
   */
  held = 0
  private reCache = new Map<string, PosixRegex>()
  /**
   * rand()'s seed: mawk seeds itself at start-up (from the clock or /dev/urandom, unless -Wrandom),
   * so two runs differ; here from the kernel's seeded PRNG (`isolab --seed`), set by the program.
   */
  seed = 0
  randState = 0
  /** Seconds since the epoch when awk started: srand()'s seed. */
  timeOfDay = 0
  /** Steps (loop iterations, function calls) not yet charged as CPU time. */
  private steps = 0

  constructor() {
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g' })) this.vars.set(k, v)
    for (const k of ['NR', 'FNR', 'RSTART', 'RLENGTH']) this.vars.set(k, 0)
    this.vars.set('RLENGTH', -1)
  }

  /**
   * One interpreter step. Every STEPS_PER_CHARGE steps the time they took is charged through the
   * kernel (the cpu call), which is also where the scheduler preempts awk and delivers signals.
   */
  *step(): Sys<void> {
    if (++this.steps < STEPS_PER_CHARGE) return
    this.steps = 0
    yield* cpu(STEPS_PER_CHARGE * NS_PER_STEP)
  }

  regex(src: string): PosixRegex {
    let r = this.reCache.get(src)
    if (!r) {
      r = compilePosix(src, true)
      this.reCache.set(src, r)
    }
    return r
  }

  getVar(name: string): Value {
    if (name === 'NF') return this.fields.length - 1
    return this.vars.get(name) ?? UNINIT
  }
  setVar(name: string, v: Value): Value {
    if (name === 'NF') {
      const n = Math.max(0, Math.trunc(toNum(v)))
      while (this.fields.length - 1 < n) this.fields.push('')
      this.fields.length = n + 1
      this.rebuild()
      return n
    }
    if (this.arrays.has(name)) throw new Error(`can't assign to ${name}; it's an array name.`)
    this.vars.set(name, v)
    return v
  }
  array(name: string): Map<string, Value> {
    let a = this.arrays.get(name)
    if (!a) {
      a = new Map()
      this.arrays.set(name, a)
    }
    return a
  }

  /** FS " " splits on runs of blanks (ignoring leading/trailing); one char is literal; else an ERE. */
  split(s: string, fs: string): string[] {
    if (s === '') return []
    if (fs === ' ') return s.split(/[ \t\n]+/).filter((x) => x !== '')
    if (fs.length === 1 && fs !== '\\') return s.split(fs)
    return this.regex(fs).split(s)
  }
  setRecord(s: string): void {
    this.fields = [s, ...this.split(s, toStr(this.getVar('FS')))]
  }
  getField(i: number): Value {
    if (i < 0) throw new Error(`trying to access out of range field ${i}`)
    return i < this.fields.length ? new StrNum(this.fields[i]!) : UNINIT
  }
  setField(i: number, v: Value): Value {
    if (i === 0) {
      this.setRecord(toStr(v))
      return v
    }
    while (this.fields.length <= i) this.fields.push('')
    this.fields[i] = toStr(v, toStr(this.getVar('CONVFMT')))
    this.rebuild()
    return v
  }
  private rebuild(): void {
    this.fields[0] = this.fields.slice(1).join(toStr(this.getVar('OFS')))
  }
  print(text: string, file?: string, append?: boolean, printf?: boolean): void {
    this.output.push(printf ? { text, file, append, printf } : { text, file, append })
  }
}
