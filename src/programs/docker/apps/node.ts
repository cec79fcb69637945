// node of the node image (a stand-in, see literal.ts): the image's version
// (NODE_VERSION, as the official image sets it), the REPL's welcome on a
// terminal, and `-e`/`-p` of console.log() and literals. Without a terminal it
// reads its program from stdin, as node does: `docker run node:22` exits 0.
import type { Program } from '../../../../kernel-sim/abi/index.ts'
import { err, getenv, out, type Sys } from '../../../libc/index.ts'
import { LineReader, readFile } from '../../lib/io.ts'
import type { ProgramInfo } from '../../lib/types.ts'
import { args, literal, statements, stdinProgram } from './literal.ts'


/** A value node would print: a literal, process.version or process.platform. */
function value(e: string, version: string): string | undefined {
  const t = e.trim()
  return t === 'process.version' ? `v${version}` : t === 'process.platform' ? 'linux' : literal(t)
}

const standIn = (what: string) => `node: isolab's node is a stand-in that runs console.log() of literals only, not: ${what}\n`

function* runCode(code: string, version: string, printLast = false): Sys<number> {
  const list = statements(code)
  for (const [i, s] of list.entries()) {
    if (s.startsWith('//') || /^(?:'use strict'|"use strict")$/.test(s)) continue
    const exit = /^process\.exit\((\d*)\)$/.exec(s)
    if (exit) return exit[1] ? Number(exit[1]) : 0
    const call = /^console\.log\((.*)\)$/s.exec(s)
    const vals = call ? args(call[1]!).map((a) => value(a, version)) : printLast && i === list.length - 1 ? [value(s, version)] : [undefined]
    if (vals.some((v) => v === undefined)) { yield* err(standIn(s)); return 1 }
    yield* out(vals.join(' ') + '\n')
  }
  return 0
}

function* repl(version: string): Sys<number> {
  yield* out(`Welcome to Node.js v${version}.\nType ".help" for more information.\n`)
  const rd = new LineReader(0)
  for (;;) {
    yield* out('> ')
    const line = yield* rd.line()
    if (line === null) { yield* out('\n'); return 0 }
    const s = line.trim()
    if (s === '') continue
    if (s === '.exit') return 0
    if (s === '.help') { yield* out('.exit     Exit the REPL\n.help     Print this help message\n\nPress Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n'); continue }
    const v = value(s, version)
    if (v !== undefined) { yield* out(/^['"]/.test(s) ? `'${v}'\n` : `${v}\n`); continue }
    const st = yield* runCode(s, version)
    if (st === 0 && /^console\.log/.test(s)) yield* out('undefined\n')
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const version = getenv(envp, 'NODE_VERSION') ?? '22.11.0'
  const a = argv.slice(1)
  const first = a[0]
  if (first === '--version' || first === '-v') { yield* out(`v${version}\n`); return 0 }
  if (first === '-e' || first === '--eval' || first === '-p' || first === '--print') {
    if (a[1] === undefined) { yield* err(`node: ${first} requires an argument\n`); return 9 }
    return yield* runCode(a[1], version, first === '-p' || first === '--print')
  }
  if (first !== undefined && first !== '-') {
    if (first.startsWith('-')) { yield* err(`node: bad option: ${first}\n`); return 9 }
    const text = yield* readFile(first)
    if (typeof text === 'number') {
      yield* err(`node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '${first}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n    at node:internal/main/run_main_module:28:49 {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v${version}\n`)
      return 1
    }
    return yield* runCode(text, version)
  }
  const code = yield* stdinProgram()
  return code === null ? yield* repl(version) : yield* runCode(code, version)
}

export const node: ProgramInfo = {
  name: 'node', path: '/usr/local/bin/node', description: "the node image's runtime (a stand-in: version, REPL welcome, console.log() of literals)", main, imageOnly: true,
}
