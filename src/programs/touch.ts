// touch(1): create files that do not exist (-c: don't).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E, O_CREAT, O_NOCTTY, O_NONBLOCK, O_WRONLY } from '../../kernel-sim/abi/index.ts'
import { close, open, stat } from '../libc/index.ts'
import { has, parseOpts, quote, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [{ name: 'no-create', hasArg: 'no', val: 'c' }] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'acmh', long: LONG, usage: 'Usage: touch [OPTION]... FILE...\nUpdate the access and modification times of each FILE to the current time.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (p.operands.length === 0) {
    yield* warn(prog, 'missing file operand')
    yield* tryHelp(prog)
    return 1
  }
  let status = 0
  for (const f of p.operands) {
    if (has(p, 'c')) {
      const st = yield* stat(f)
      if (st === -E.ENOENT) continue
    }
    // SIMPLIFICATION: the syscall ABI has no utimensat(2), so an existing
    // file's timestamps are left as they are; touch only creates files.
    const fd = yield* open(f, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0o666)
    if (fd < 0) {
      // opening a directory for writing fails, yet touching one is fine
      if (fd === -E.EISDIR) continue
      yield* warnErrno(prog, `cannot touch ${quote(f)}`, fd)
      status = 1
      continue
    }
    yield* close(fd)
  }
  return status
}

export const touch: ProgramInfo = { name: 'touch', path: '/bin/touch', description: 'change file timestamps or create empty files', main }
