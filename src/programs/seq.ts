// seq(1): print FIRST..LAST by INCREMENT. Fractional arguments set the
// precision (seq 0 0.5 2 → 0.0 0.5 ...); -w pads with zeros, -s separates.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { cpu } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, tryHelp, warn } from './lib/cmd.ts'
import { closeStdout, Output } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'separator', hasArg: 'required', val: 's' },
  { name: 'equal-width', hasArg: 'no', val: 'w' },
] as const

const decimals = (s: string) => (s.includes('.') && !/e/i.test(s) ? s.length - s.indexOf('.') - 1 : 0)
const isNumber = (s: string) => /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)

/** The numbers as seq prints them, or undefined for an infinite/huge range. */
export function* seqValues(first: string, step: string, last: string, equalWidth: boolean): Generator<string> {
  const prec = Math.max(decimals(first), decimals(step))
  const a = Number(first)
  const d = Number(step)
  const b = Number(last)
  const fmt = prec === 0 ? (v: number) => (Number.isSafeInteger(v) ? String(v) : v.toFixed(0)) : (v: number) => v.toFixed(prec)
  const width = equalWidth ? Math.max(fmt(a).length, fmt(b).length) : 0
  const tol = Number.isFinite(d) ? 1e-10 * Math.abs(d) : 0
  for (let i = 0; ; i++) {
    const v = i === 0 ? a : a + i * d // (0 * an infinite step would be NaN)
    if (d > 0 ? v > b + tol : v < b - tol) return
    let s = fmt(v)
    if (width) s = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0')
    yield s
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const prog = argv[0]!
  // a negative number ends the options (seq -1 1), as coreutils seq checks
  const cut = argv.findIndex((a, i) => i > 0 && /^-[.\d]/.test(a))
  const head = cut < 0 ? argv : argv.slice(0, cut)
  const p = yield* parseOpts(head, envp, { short: '+f:s:w', long: LONG, usage: 'Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\nPrint numbers from FIRST to LAST, in steps of INCREMENT.' })
  if (typeof p === 'number') return p
  const args = [...p.operands, ...(cut < 0 ? [] : argv.slice(cut))]
  if (args.length === 0 || args.length > 3) {
    yield* warn(prog, args.length ? `extra operand ${quote(args[3]!)}` : 'missing operand')
    yield* tryHelp(prog)
    return 1
  }
  for (const a of args) {
    if (!isNumber(a)) {
      yield* warn(prog, `invalid floating point argument: ${quote(a)}`)
      yield* tryHelp(prog)
      return 1
    }
  }
  if (lastArg(p, 'f') !== undefined) {
    yield* warn(prog, 'format strings are not supported in isolab') // SIMPLIFICATION: no -f
    return 1
  }
  const [first, step, last] = args.length === 1 ? ['1', '1', args[0]!] : args.length === 2 ? [args[0]!, '1', args[1]!] : [args[0]!, args[1]!, args[2]!]
  if (Number(step) === 0) {
    yield* warn(prog, `invalid Zero increment value: ${quote(step)}`)
    yield* tryHelp(prog)
    return 1
  }
  const sep = lastArg(p, 's') ?? '\n'
  const o = new Output()
  // coreutils seq prints integers by incrementing a decimal string in place (seq_fast); anything
  // else goes through printf of a long double, some ten times slower
  const nsPerNumber = [first, step].every((a) => /^\+?\d+$/.test(a)) && !has(p, 'w') ? NS_FAST : NS_PRINTF
  let n = 0
  let chunk = ''
  let inChunk = 0
  for (const v of seqValues(first, step, last, has(p, 'w'))) {
    chunk += (n++ ? sep : '') + v
    if (++inChunk === NUMBERS_PER_CHARGE) {
      // the time to make these numbers, then their bytes (each call is also where Ctrl-C lands)
      yield* cpu(inChunk * nsPerNumber)
      yield* o.write(chunk)
      if (o.error) break
      chunk = ''
      inChunk = 0
    }
  }
  if (inChunk) yield* cpu(inChunk * nsPerNumber)
  if (n && !o.error) yield* o.write(chunk + '\n')
  return yield* closeStdout(prog, o, 0)
}

/** User time per number: seq_fast (integers) and the printf path (coreutils seq.c). */
const NS_FAST = 5
const NS_PRINTF = 60
const NUMBERS_PER_CHARGE = 64

export const seq: ProgramInfo = { name: 'seq', path: '/usr/bin/seq', description: 'print a sequence of numbers', main }
