// `isolab scenario ...` and `isolab lab ...`: the file-reading edge of the lab
// engine (src/labs reads nothing itself, so the web worker can use it too).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatError, loadLab } from '../labs/load.ts'
import type { Lab } from '../labs/schema.ts'
import type { GlobalOptions } from './options.ts'

export interface LabsIO {
  out(s: string): void
  err(s: string): void
}

const STDIO: LabsIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) }

/** The scenarios/ folder of this package (the source tree or next to the bundled CLI). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'scenarios', 'schema.json'))) return join(dir, 'scenarios')
    dir = dirname(dir)
  }
  return resolve('scenarios')
}

/** Every *.yaml below `dir`, sorted. */
export function labFiles(dir = scenariosDir()): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name))
      else if (/\.ya?ml$/.test(e.name)) out.push(join(d, e.name))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

export interface LoadedLab {
  file: string
  text: string
  lab: Lab
}

/** Loads every lab file; files with errors are reported on `io.err` and skipped. */
export function loadAll(io: LabsIO, dir = scenariosDir()): LoadedLab[] {
  const labs: LoadedLab[] = []
  for (const file of labFiles(dir)) {
    const text = readFileSync(file, 'utf8')
    const r = loadLab(text, relative(process.cwd(), file) || file)
    if (r.ok) labs.push({ file, text, lab: r.lab })
    else for (const e of r.errors) io.err(formatError(e) + '\n')
  }
  return labs
}

export async function labsCommand(kind: 'lab' | 'scenario', args: string[], opts: GlobalOptions, io: LabsIO = STDIO): Promise<number> {
  const [sub, ...rest] = args
  if (kind === 'lab' && sub === 'validate') return validate(rest, io)
  io.err(`isolab: ${kind}: unknown subcommand '${sub ?? ''}'\nTry 'isolab --help' for more information.\n`)
  void opts
  return 2
}

/** `lab validate FILE...`: every error as FILE:LINE:COL: message; exit 1 if any. */
export function validate(files: string[], io: LabsIO): number {
  if (files.length === 0) {
    io.err('isolab: lab validate: expected one or more FILEs\n')
    return 2
  }
  let bad = 0
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      io.err(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`)
      bad++
      continue
    }
    const r = loadLab(text, file)
    if (r.ok) continue
    bad++
    for (const e of r.errors) io.err(formatError(e) + '\n')
  }
  io.out(`${files.length - bad} of ${files.length} file(s) valid\n`)
  return bad ? 1 : 0
}
