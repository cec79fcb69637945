// grep(1): print lines matching patterns. BRE by default, -E extended,
// -F fixed strings; -i -v -c -n -l -q -o -w -x -h/-H -s, -e PATTERN.
// Exit 0 when a line matched, 1 when none, 2 on error.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { err, memoryExhausted } from '../libc/index.ts'
import { has, parseOpts, tryHelp, warn } from './lib/cmd.ts'
import { Output, closeStdout } from './lib/io.ts'
import { forEachLine, STOP } from './lib/lines.ts'
import { RegexTooComplex } from './lib/backtrack.ts'
import { escapeLiteral, PosixRegex, posixToRe2, regexReady } from './lib/regex.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'extended-regexp', hasArg: 'no', val: 'E' },
  { name: 'fixed-strings', hasArg: 'no', val: 'F' },
  { name: 'basic-regexp', hasArg: 'no', val: 'G' },
  { name: 'regexp', hasArg: 'required', val: 'e' },
  { name: 'ignore-case', hasArg: 'no', val: 'i' },
  { name: 'invert-match', hasArg: 'no', val: 'v' },
  { name: 'count', hasArg: 'no', val: 'c' },
  { name: 'line-number', hasArg: 'no', val: 'n' },
  { name: 'files-with-matches', hasArg: 'no', val: 'l' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
  { name: 'silent', hasArg: 'no', val: 'q' },
  { name: 'only-matching', hasArg: 'no', val: 'o' },
  { name: 'word-regexp', hasArg: 'no', val: 'w' },
  { name: 'line-regexp', hasArg: 'no', val: 'x' },
  { name: 'with-filename', hasArg: 'no', val: 'H' },
  { name: 'no-filename', hasArg: 'no', val: 'h' },
  { name: 'no-messages', hasArg: 'no', val: 's' },
  { name: 'color', hasArg: 'optional', val: 'K' },
] as const

export interface GrepPattern {
  patterns: string[]
  mode: 'G' | 'E' | 'F'
  ignoreCase: boolean
  word: boolean
  line: boolean
}

/** One regex for all patterns (newline-separated patterns count as several). */
export function grepRegex(p: GrepPattern): PosixRegex {
  const parts = p.patterns.flatMap((x) => x.split('\n')).map((x) =>
    p.mode === 'F' ? escapeLiteral(x) : posixToRe2(x, p.mode === 'E'))
  let src = parts.map((x) => `(?:${x})`).join('|')
  // -w: preceded by a non-word character or the start, followed by one or the end. RE2 has no
  // lookahead: after a word character that is \b, after any other it is \B.
  if (p.word) src = `(?<!\\w)(?:${src})(?:(?<=\\w)\\b|(?<!\\w)\\B)`
  if (p.line) src = `^(?:${src})$`
  return new PosixRegex(src, p.ignoreCase)
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'EFGe:ivcnlqowxHhsr', long: LONG, usageStatus: 2, usage: 'Usage: grep [OPTION]... PATTERNS [FILE]...\nSearch for PATTERNS in each FILE.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (!(yield* regexReady(prog))) return 2
  const explicit = p.opts.filter((o) => o.opt === 'e').map((o) => o.arg!)
  const operands = [...p.operands]
  if (explicit.length === 0) {
    if (operands.length === 0) {
      yield* err('Usage: grep [OPTION]... PATTERNS [FILE]...\n')
      yield* tryHelp(prog)
      return 2
    }
    explicit.push(operands.shift()!)
  }
  const mode = p.opts.reduce<'G' | 'E' | 'F'>((m, o) => (o.opt === 'E' || o.opt === 'F' || o.opt === 'G' ? o.opt : m), 'G')
  let re: PosixRegex
  try {
    re = grepRegex({ patterns: explicit, mode, ignoreCase: has(p, 'i'), word: has(p, 'w'), line: has(p, 'x') })
  } catch (e) {
    yield* warn(prog, (e as Error).message)
    return 2
  }
  const invert = has(p, 'v')
  const quiet = has(p, 'q')
  const count = has(p, 'c')
  const list = has(p, 'l')
  const files = operands.length ? operands : ['-']
  const showName = has(p, 'H') || (!has(p, 'h') && files.length > 1)
  const o = new Output()
  let matched = false
  let status = 0
  try {
    for (const f of files) {
      let n = 0
      let lineNo = 0
      const name = f === '-' ? '(standard input)' : f
      const prefix = () => (showName ? `${name}:` : '') + (has(p, 'n') ? `${lineNo}:` : '')
      const st = yield* forEachLine(prog, [f], o, (l) => {
        lineNo++
        if (re.test(l) === invert) return null
        n++
        matched = true
        if (quiet) return STOP
        if (list) return STOP
        if (count) return null
        if (has(p, 'o') && !invert) return [...re.all(l)].filter((m) => m[0] !== '').map((m) => prefix() + m[0] + '\n').join('')
        return prefix() + l + '\n'
      }, { failStatus: 2, describe: (x) => x, silent: has(p, 's') })
      if (st) status = 2
      if (quiet && matched) break
      if (list && n) yield* o.write(name + '\n')
      else if (count) yield* o.write((showName ? `${name}:` : '') + `${n}\n`)
    }
  } catch (e) {
    if (!(e instanceof RegexTooComplex)) throw e
    yield* o.flush()
    yield* err(memoryExhausted(prog)) // regexec's REG_ESPACE: gnulib's xalloc_die
    return 2
  }
  if ((yield* closeStdout(prog, o, 0, 2)) !== 0) return 2 // grep's exit_failure is 2
  if (quiet && matched) return 0
  // like GNU grep: an error wins over "no match", a match wins over errors only with -q
  return status ? 2 : matched ? 0 : 1
}

export const grep: ProgramInfo = { name: 'grep', path: '/bin/grep', description: 'print lines that match patterns', main }
