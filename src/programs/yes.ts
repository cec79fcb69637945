// yes(1): print a line forever, in large writes, until the reader goes away.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { writeAll } from '../libc/index.ts'
import { parseOpts, warnErrno } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+', usage: 'Usage: yes [STRING]...\nRepeatedly output a line with all specified STRING(s), or \'y\'.' })
  if (typeof p === 'number') return p
  const line = (p.operands.length ? p.operands.join(' ') : 'y') + '\n'
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)))
  for (;;) {
    const r = yield* writeAll(1, chunk)
    if (r < 0) {
      // only reached when SIGPIPE is ignored: EPIPE comes back as an error
      yield* warnErrno(argv[0]!, 'standard output', r)
      return 1
    }
  }
}

export const yes: ProgramInfo = { name: 'yes', path: '/usr/bin/yes', description: 'output a string repeatedly until killed', main }
