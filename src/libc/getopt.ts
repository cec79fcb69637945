// getopt_long(3) as glibc implements it (posix/getopt.c): short option clusters,
// required (`x:`) and optional (`x::`) arguments, `--`, long options with `=`,
// unique-prefix abbreviations, and argument permutation (options may follow
// operands) unless the optstring starts with '+' or POSIXLY_CORRECT is set.
// Diagnostics are glibc's exact texts; the caller prints them and its own
// "Try 'prog --help'" line, as coreutils' usage() does.
//
// Unlike the C interface (one option per call, globals optind/optarg) this
// parses the whole argv at once: programs stop at the first error anyway.

export type HasArg = 'no' | 'required' | 'optional'

export interface LongOption {
  readonly name: string
  readonly hasArg: HasArg
  /** What the option reports as `opt`: usually its short letter, else any key. */
  readonly val: string
}

export interface ParsedOption {
  /** The short option character, or the long option's `val`. */
  readonly opt: string
  readonly arg?: string
}

export type GetoptResult =
  | { readonly ok: true; readonly opts: ParsedOption[]; readonly operands: string[] }
  | { readonly ok: false; readonly message: string }

export interface GetoptConfig {
  /** Stop at the first operand (also implied by a leading '+' in optstring). */
  readonly posixlyCorrect?: boolean
}

interface ShortSpec {
  readonly hasArg: HasArg
}

function parseOptstring(optstring: string): { specs: Map<string, ShortSpec>; stopAtOperand: boolean } {
  let s = optstring
  let stopAtOperand = false
  if (s.startsWith('+')) {
    stopAtOperand = true
    s = s.slice(1)
  } else if (s.startsWith('-')) s = s.slice(1) // SIMPLIFICATION: RETURN_IN_ORDER treated as PERMUTE
  if (s.startsWith(':')) s = s.slice(1) // silent mode: callers here always want glibc's message
  const specs = new Map<string, ShortSpec>()
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === ':') continue
    let hasArg: HasArg = 'no'
    if (s[i + 1] === ':') hasArg = s[i + 2] === ':' ? 'optional' : 'required'
    specs.set(c, { hasArg })
  }
  return { specs, stopAtOperand }
}

/** Exact match wins; otherwise a unique prefix (or prefixes that all mean the same option). */
function findLong(
  longopts: readonly LongOption[],
  name: string,
): { opt: LongOption } | { ambiguous: LongOption[] } | undefined {
  const exact = longopts.find((o) => o.name === name)
  if (exact) return { opt: exact }
  const cands = longopts.filter((o) => o.name.startsWith(name))
  if (cands.length === 0) return undefined
  const first = cands[0]!
  if (cands.every((o) => o.hasArg === first.hasArg && o.val === first.val)) return { opt: first }
  return { ambiguous: cands }
}

/**
 * Parse argv (argv[0] is the program name used in messages).
 * Messages end with "\n" and are exactly glibc's, e.g.
 * "cat: invalid option -- 'z'\n", "ls: unrecognized option '--bogus'\n".
 */
export function getoptLong(
  argv: readonly string[],
  optstring: string,
  longopts: readonly LongOption[] = [],
  config: GetoptConfig = {},
): GetoptResult {
  const prog = argv[0] ?? ''
  const { specs, stopAtOperand } = parseOptstring(optstring)
  const posix = stopAtOperand || config.posixlyCorrect === true
  const opts: ParsedOption[] = []
  const operands: string[] = []
  const fail = (message: string): GetoptResult => ({ ok: false, message: `${prog}: ${message}\n` })

  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      i++
      break
    }
    if (!a.startsWith('-') || a === '-') {
      if (posix) break
      operands.push(a)
      continue
    }
    if (a.startsWith('--')) {
      const body = a.slice(2)
      const eq = body.indexOf('=')
      const name = eq < 0 ? body : body.slice(0, eq)
      const found = findLong(longopts, name)
      if (!found) return fail(`unrecognized option '${a}'`)
      if ('ambiguous' in found) {
        return fail(`option '--${body}' is ambiguous; possibilities:${found.ambiguous.map((o) => ` '--${o.name}'`).join('')}`)
      }
      const o = found.opt
      if (eq >= 0) {
        if (o.hasArg === 'no') return fail(`option '--${o.name}' doesn't allow an argument`)
        opts.push({ opt: o.val, arg: body.slice(eq + 1) })
      } else if (o.hasArg === 'required') {
        if (i + 1 >= argv.length) return fail(`option '--${o.name}' requires an argument`)
        opts.push({ opt: o.val, arg: argv[++i]! })
      } else opts.push({ opt: o.val })
      continue
    }
    // a cluster of short options: -abc, -n5, -n 5
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!
      const spec = c === ':' ? undefined : specs.get(c)
      if (!spec) return fail(`invalid option -- '${c}'`)
      if (spec.hasArg === 'no') {
        opts.push({ opt: c })
        continue
      }
      const rest = a.slice(j + 1)
      if (rest !== '') opts.push({ opt: c, arg: rest })
      else if (spec.hasArg === 'optional') opts.push({ opt: c })
      else if (i + 1 < argv.length) opts.push({ opt: c, arg: argv[++i]! })
      else return fail(`option requires an argument -- '${c}'`)
      break
    }
  }
  for (; i < argv.length; i++) operands.push(argv[i]!)
  return { ok: true, opts, operands }
}
