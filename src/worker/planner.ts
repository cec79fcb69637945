// `density` and `cost` for the page's form: the programs themselves, with the
// form's fields as their flags, on a fresh seeded machine (they measure a
// probe container there). The page shows what the terminal would print; the
// packing and the prices are computed once, in the programs.
import { Machine } from '../host/machine.ts'
import { DENSITY_LONG } from '../programs/density/density.ts'

export type PlannerProgram = 'density' | 'cost'

/** What ran and what it printed. */
export interface PlannerRun { command: string; status: number; stdout: string; stderr: string }

/** The flags the form may set: density's packing options, and cost's price and tenant count. */
const PACKING = DENSITY_LONG.map((o) => o.name).filter((n) => n !== 'json')
const FLAGS: Record<PlannerProgram, readonly string[]> = { density: PACKING, cost: ['host-price', 'tenants', ...PACKING] }
const SWITCHES: ReadonlySet<string> = new Set(DENSITY_LONG.filter((o) => o.hasArg === 'no').map((o) => o.name))

/** A word the shell reads as itself. */
const quote = (s: string) => (/^[\w.,/:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

/**
 * `program --flag value ...` on a new machine with this seed. An unknown program or flag is
 * an error naming what is expected (nothing runs); a bad value is the program's own error.
 */
export function runPlanner(program: string, options: Readonly<Record<string, string | boolean>>, seed = 1): PlannerRun | string {
  if (program !== 'density' && program !== 'cost') return `no program '${program}' here (expected density or cost)`
  const argv = [program]
  for (const [flag, value] of Object.entries(options)) {
    if (!FLAGS[program].includes(flag)) return `${program}: no option '--${flag}' (expected one of ${FLAGS[program].map((f) => `--${f}`).join(', ')})`
    if (SWITCHES.has(flag)) { if (value === true) argv.push(`--${flag}`); continue }
    const text = String(value).trim()
    if (text !== '') argv.push(`--${flag}`, text)
  }
  const command = argv.map(quote).join(' ')
  return { command, ...new Machine({ seed }).runScript(command) }
}
