// sed(1): stream editor (see lib/sed.ts for the supported commands).
import { E, strerror, type Program } from '../../kernel-sim/abi/index.ts'
import { err, memoryExhausted } from '../libc/index.ts'
import { has, parseOpts, quotef, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { closeInput, LineReader, openInput, Output } from './lib/io.ts'
import { RegexTooComplex } from './lib/backtrack.ts'
import { regexReady } from './lib/regex.ts'
import { parseSed, Sed, SedError } from './lib/sed.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'quiet', hasArg: 'no', val: 'n' },
  { name: 'silent', hasArg: 'no', val: 'n' },
  { name: 'expression', hasArg: 'required', val: 'e' },
  { name: 'regexp-extended', hasArg: 'no', val: 'E' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'ne:Er', long: LONG, usage: 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (!(yield* regexReady(prog))) return 1
  const exprs = p.opts.filter((o) => o.opt === 'e').map((o) => o.arg!)
  const files = [...p.operands]
  if (exprs.length === 0) {
    if (files.length === 0) {
      yield* warn(prog, 'no script specified') // SIMPLIFICATION: GNU prints the full usage here
      yield* tryHelp(prog)
      return 1
    }
    exprs.push(files.shift()!)
  }
  let sed: Sed
  try {
    const ext = has(p, 'E') || has(p, 'r')
    sed = new Sed(exprs.flatMap((e, i) => parseSed(e, ext, i + 1)), has(p, 'n'))
  } catch (e) {
    if (!(e instanceof SedError)) throw e
    yield* warn(prog, e.message)
    return 1
  }
  const o = new Output()
  try {
    return yield* edit(prog, sed, files.length ? files : ['-'], o)
  } catch (e) {
    if (!(e instanceof RegexTooComplex)) throw e
    yield* o.flush()
    yield* err(memoryExhausted(prog)) // regexec's REG_ESPACE: gnulib's xalloc_die, sed's EXIT_PANIC
    return 4
  }
}

/** Runs the script over the inputs; the exit status. */
function* edit(prog: string, sed: Sed, inputs: string[], o: Output): Program {
  let status = 0
  // one line of lookahead across all files, so `$` knows the last line
  let pending: string | null = null
  for (let k = 0; k < inputs.length && !sed.quit; k++) {
    const f = inputs[k]!
    const fd = yield* openInput(f)
    if (fd < 0) {
      yield* o.flush()
      yield* warnErrno(prog, `can't read ${quotef(f)}`, fd)
      status = 2
      continue
    }
    const r = new LineReader(fd, o)
    for (let l = yield* r.line(); l !== null && !sed.quit; l = yield* r.line()) {
      if (pending !== null) yield* o.write(sed.line(pending, false))
      pending = l.endsWith('\n') ? l.slice(0, -1) : l
    }
    if (r.error === -E.ENOMEM) {
      // the pattern space could not grow: gnulib's xalloc_die, with sed's exit_failure EXIT_PANIC
      yield* o.flush()
      yield* err(memoryExhausted(prog))
      return 4
    }
    if (r.error) {
      yield* o.flush()
      yield* warnErrno(prog, `couldn't read ${quotef(f)}`, r.error) // GNU: "read error on X"
      status = 2
    }
    yield* closeInput(fd)
  }
  if (pending !== null && !sed.quit) yield* o.write(sed.line(pending, true))
  yield* o.flush()
  if (o.error) {
    // sed's stdout is buffered: the error shows when ck_fflush flushes it (sed/utils.c), EXIT_PANIC
    yield* err(`${prog}: couldn't flush stdout: ${strerror(-o.error)}\n`)
    return 4
  }
  return status
}

export const sed: ProgramInfo = { name: 'sed', path: '/usr/bin/sed', description: 'stream editor for filtering and transforming text', main }
