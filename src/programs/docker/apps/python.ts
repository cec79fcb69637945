// python3 of the python image (a stand-in, see literal.ts): the version and
// banner of the image's Python (PYTHON_VERSION, as the official image sets it),
// the interactive prompt on a terminal, `-c` and scripts of print() calls.
// Without a terminal it reads its program from stdin, as CPython does, so
// `docker run python:3.12` (stdin /dev/null) exits 0 at once, printing nothing.
import type { Program } from '../../../../kernel-sim/abi/index.ts'
import { err, getenv, out, type Sys } from '../../../libc/index.ts'
import { LineReader, readFile } from '../../lib/io.ts'
import type { ProgramInfo } from '../../lib/types.ts'
import { args, literal, statements, stdinProgram } from './literal.ts'

const BUILD = '(main, Oct 19 2024, 04:02:48) [GCC 12.2.0]'


/** What one statement prints, its exit status (sys.exit), or an error line. */
type Outcome = { print: string } | { exit: number } | { error: string } | null

function statement(s: string, version: string): Outcome {
  if (s.startsWith('#') || /^(import\s+[\w.,\s]+|from\s+\w+\s+import\s+[\w,\s*]+|pass)$/.test(s)) return null
  const exit = /^(?:sys\.)?(?:exit|quit)\((\d*)\)$/.exec(s)
  if (exit) return { exit: exit[1] ? Number(exit[1]) : 0 }
  const call = /^print\((.*)\)$/s.exec(s)
  if (!call) return { error: s }
  const parts: string[] = []
  for (const a of args(call[1]!)) {
    const t = a.trim()
    const v = t === 'sys.version' ? `${version} ${BUILD}` : t === 'sys.platform' ? 'linux' : literal(t)
    if (v === undefined) return { error: s }
    parts.push(v)
  }
  return { print: parts.join(' ') + '\n' }
}

const standIn = (what: string) => `python3: isolab's python3 is a stand-in that runs print() of literals only, not: ${what}\n`

function* runCode(code: string, version: string): Sys<number> {
  for (const s of statements(code)) {
    const r = statement(s, version)
    if (r === null) continue
    if ('exit' in r) return r.exit
    if ('error' in r) { yield* err(standIn(r.error)); return 1 }
    yield* out(r.print)
  }
  return 0
}

function* repl(version: string): Sys<number> {
  yield* err(`Python ${version} ${BUILD} on linux\nType "help", "copyright", "credits" or "license" for more information.\n`)
  const rd = new LineReader(0)
  for (;;) {
    yield* err('>>> ')
    const line = yield* rd.line()
    if (line === null) return 0
    const s = line.trim()
    if (s === '') continue
    // At the prompt a bare expression shows its repr.
    const v = literal(s)
    if (v !== undefined) { yield* out(/^['"]/.test(s) ? `'${v}'\n` : `${v}\n`); continue }
    const r = statement(s, version)
    if (r === null) continue
    if ('exit' in r) return r.exit
    yield* ('error' in r ? err(standIn(r.error)) : out(r.print))
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const version = getenv(envp, 'PYTHON_VERSION') ?? '3.13.0'
  const a = argv.slice(1)
  const first = a[0]
  if (first === '--version' || first === '-V') { yield* out(`Python ${version}\n`); return 0 }
  if (first === '-VV') { yield* out(`Python ${version} ${BUILD}\n`); return 0 }
  if (first === '-c') {
    if (a[1] === undefined) { yield* err('Argument expected for the -c option\nusage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h\' for more information.\n'); return 2 }
    return yield* runCode(a[1], version)
  }
  if (first !== undefined && first !== '-') {
    if (first.startsWith('-')) { yield* err(`Unknown option: ${first}\nusage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry \`python -h' for more information.\n`); return 2 }
    const text = yield* readFile(first)
    if (typeof text === 'number') { yield* err(`python3: can't open file '${first}': [Errno 2] No such file or directory\n`); return 2 }
    return yield* runCode(text, version)
  }
  const code = yield* stdinProgram()
  return code === null ? yield* repl(version) : yield* runCode(code, version)
}

export const python3: ProgramInfo = {
  name: 'python3', path: '/usr/local/bin/python3', description: "the python image's interpreter (a stand-in: version, banner, print() of literals)", main, imageOnly: true,
}
