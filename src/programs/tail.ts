// tail(1): the last 10 lines (-n N), bytes (-c N), or from line N on (-n +N).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { has, parseOpts, warn } from './lib/cmd.ts'
import { countSpec, eachInput, legacyCount, wantHeaders } from './lib/headtail.ts'
import { Output } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'lines', hasArg: 'required', val: 'n' },
  { name: 'bytes', hasArg: 'required', val: 'c' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
  { name: 'silent', hasArg: 'no', val: 'q' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
  { name: 'follow', hasArg: 'optional', val: 'f' },
] as const

/** The tail of `text` for a count spec. */
export function tailText(text: string, bytes: boolean, sign: string, n: number): string {
  if (bytes) return sign === '+' ? text.slice(Math.max(0, n - 1)) : n === 0 ? '' : text.slice(-n)
  const ls = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  return (sign === '+' ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n)).join('')
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const args = legacyCount(argv)
  // `tail +5` (obsolete) means from line 5
  if (args[1] !== undefined && /^\+\d+$/.test(args[1])) args.splice(1, 1, '-n', args[1])
  const p = yield* parseOpts(args, envp, { short: 'n:c:qvfF', long: LONG, usage: 'Usage: tail [OPTION]... [FILE]...\nPrint the last 10 lines of each FILE to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (has(p, 'f') || has(p, 'F')) yield* warn(prog, 'following is not supported in isolab; printing once') // SIMPLIFICATION: no inotify/polling
  const spec = yield* countSpec(prog, p)
  if (typeof spec === 'number') return spec
  const files = p.operands.length ? p.operands : ['-']
  const headers = wantHeaders(p, files.length)
  const o = new Output()
  return yield* eachInput(prog, files, headers, o, function* (r) {
    let all = ''
    for (let l = yield* r.line(); l !== null; l = yield* r.line()) all += l
    yield* o.write(tailText(all, spec.bytes, spec.sign, spec.n))
  })
}

export const tail: ProgramInfo = { name: 'tail', path: '/usr/bin/tail', description: 'output the last part of files', main }
