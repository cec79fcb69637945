// Command-line flags the way the docker CLI parses them (spf13/pflag under
// cobra): `-it` clusters, `-e X=1`/`-eX=1`, `--name x`/`--name=x`, parsing
// stops at the first operand (SetInterspersed(false)). Error texts are
// pflag's current ones ("unknown flag: --foo", docker/cli since the cobra
// switch; the run reference's "flag provided but not defined" is the old
// Go flag package's wording).

export interface FlagDef {
  long: string
  short?: string
  /** Takes a value (string/list) or is a bool. */
  kind: 'bool' | 'string' | 'list'
  /** pflag's type name in "invalid argument" errors. */
}

export interface ParsedFlags {
  values: Map<string, string[]>
  operands: string[]
}

export type FlagResult = ParsedFlags | { error: string }

/** Parses argv (after the subcommand) against `defs`. */
export function parseFlags(argv: readonly string[], defs: readonly FlagDef[], interspersed = false): FlagResult {
  const { byLong, byShort } = indexOf(defs)
  const values = new Map<string, string[]>()
  const operands: string[] = []
  let i = 0
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      i++
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = a.slice(2, eq < 0 ? undefined : eq)
      const d = byLong.get(name)
      if (!d) return { error: `unknown flag: --${name}` }
      if (d.kind === 'bool') {
        const v = eq < 0 ? 'true' : a.slice(eq + 1)
        if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(v)) return { error: `invalid argument "${v}" for "${flagName(d)}" flag: strconv.ParseBool: parsing "${v}": invalid syntax` }
        putFlag(values, d, v)
      } else if (eq >= 0) putFlag(values, d, a.slice(eq + 1))
      else {
        if (i + 1 >= argv.length) return { error: `flag needs an argument: --${name}` }
        putFlag(values, d, argv[++i]!)
      }
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!
        const d = byShort.get(c)
        if (!d) return { error: `unknown shorthand flag: '${c}' in ${a}` }
        if (d.kind === 'bool') {
          putFlag(values, d, 'true')
          continue
        }
        const rest = a.slice(j + 1)
        if (rest) putFlag(values, d, rest.startsWith('=') ? rest.slice(1) : rest)
        else {
          if (i + 1 >= argv.length) return { error: `flag needs an argument: '${c}' in -${c}` }
          putFlag(values, d, argv[++i]!)
        }
        break
      }
      continue
    }
    if (!interspersed) break
    operands.push(a)
  }
  operands.push(...argv.slice(i))
  return { values, operands }
}

/** A command's flags by long and short name, made once per table (the docker CLI's run has seventy). */
function indexOf(defs: readonly FlagDef[]): { byLong: Map<string, FlagDef>; byShort: Map<string, FlagDef> } {
  let x = INDEXES.get(defs)
  if (!x) INDEXES.set(defs, (x = { byLong: new Map(defs.map((d) => [d.long, d])), byShort: new Map(defs.filter((d) => d.short).map((d) => [d.short!, d])) }))
  return x
}
const INDEXES = new WeakMap<readonly FlagDef[], { byLong: Map<string, FlagDef>; byShort: Map<string, FlagDef> }>()

/** Records a flag's value: a list flag collects every one, any other keeps the last. */
function putFlag(values: Map<string, string[]>, d: FlagDef, v: string): void {
  const cur = values.get(d.long) ?? []
  values.set(d.long, d.kind === 'list' ? [...cur, v] : [v])
}

export const flagName = (d: FlagDef) => (d.short ? `-${d.short}, --${d.long}` : `--${d.long}`)

export const flagBool = (p: ParsedFlags, long: string) => {
  const v = p.values.get(long)?.at(-1)
  return v !== undefined && /^(true|1|t|TRUE|True)$/.test(v)
}
export const flagStr = (p: ParsedFlags, long: string) => p.values.get(long)?.at(-1)
export const flagList = (p: ParsedFlags, long: string) => p.values.get(long) ?? []

/** go-units RAMInBytes: "64m", "1g", "512M", "1.5GiB"; undefined if malformed. */
export function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(s)
  if (!m) return undefined
  const mult: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }
  return Math.floor(Number(m[1]) * (m[2] ? mult[m[2].toLowerCase()]! : 1))
}
