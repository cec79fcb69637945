// What every program does the same way: parse options with getopt_long, print
// "--help"/"--version", report errors in coreutils' shape and quoting.
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { getoptLong, type LongOption, type ParsedOption } from '../../libc/getopt.ts'
import { err, getenv, out, type Sys } from '../../libc/index.ts'

export interface OptSpec {
  readonly short: string
  readonly long?: readonly LongOption[]
  /** "Usage: cat [OPTION]... [FILE]..." lines for --help; omit to not take --help. */
  readonly usage?: string
  /** Exit status for bad usage (coreutils 1, ls 2). */
  readonly usageStatus?: number
  /** Stop at the first operand (env, setpriv: the rest is a command line). */
  readonly stopAtOperand?: boolean
  /** Refuse an empty operand list with coreutils' "missing operand" and usage status. */
  readonly needsOperand?: boolean
}

export interface Parsed {
  readonly opts: ParsedOption[]
  readonly operands: string[]
}

const HELP = '\0help'
const VERSION = '\0version'

/** getopt_long plus coreutils' usage(): returns the options, or an exit status to return. */
export function* parseOpts(argv: readonly string[], envp: readonly string[], spec: OptSpec): Sys<Parsed | number> {
  const prog = argv[0] ?? ''
  const long = spec.usage === undefined ? spec.long ?? [] : [
    ...(spec.long ?? []),
    { name: 'help', hasArg: 'no' as const, val: HELP },
    { name: 'version', hasArg: 'no' as const, val: VERSION },
  ]
  const posixlyCorrect = spec.stopAtOperand === true || getenv(envp, 'POSIXLY_CORRECT') !== undefined
  const r = getoptLong(argv, spec.short, long, { posixlyCorrect })
  if (!r.ok) {
    yield* err(r.message)
    yield* tryHelp(prog)
    return spec.usageStatus ?? 1
  }
  if (r.opts.some((o) => o.opt === HELP)) {
    yield* out(`${spec.usage}\n`)
    return 0
  }
  if (r.opts.some((o) => o.opt === VERSION)) {
    const base = prog.slice(prog.lastIndexOf('/') + 1)
    yield* out(`${base} (isolab) 0.1.0\n`) // SIMPLIFICATION: no copyright/author block
    return 0
  }
  if (spec.needsOperand && r.operands.length === 0) {
    yield* warn(prog, 'missing operand')
    yield* tryHelp(prog)
    return spec.usageStatus ?? 1
  }
  return { opts: r.opts, operands: r.operands }
}

export function* tryHelp(prog: string): Sys<void> {
  yield* err(`Try '${prog} --help' for more information.\n`)
}

/** `prog: message` on stderr. */
export function* warn(prog: string, message: string): Sys<void> {
  yield* err(`${prog}: ${message}\n`)
}

/** `prog: message: strerror(errno)` on stderr (error(0, errno, ...)). */
export function* warnErrno(prog: string, message: string, errno: number): Sys<void> {
  yield* err(`${prog}: ${message}: ${strerror(errno)}\n`)
}

/** coreutils quote(): always in single quotes ('/x'). */
export function quote(s: string): string {
  if (!s.includes("'")) return `'${s}'`
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`
}

/** coreutils quotef() (shell-escape style): quotes only names that need it. */
export function quotef(s: string): string {
  return /^[A-Za-z0-9_/.,+:@%=^-]+$/.test(s) ? s : quote(s)
}

/** True when the option letter was given (last wins for args: use lastArg). */
export const has = (p: Parsed, opt: string) => p.opts.some((o) => o.opt === opt)
export const lastArg = (p: Parsed, opt: string): string | undefined => {
  let v: string | undefined
  for (const o of p.opts) if (o.opt === opt) v = o.arg
  return v
}
