// hostname(1) (Debian's hostname package): print the UTS nodename, or set it
// with sethostname(2), which needs CAP_SYS_ADMIN in the UTS namespace's owner.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../kernel-sim/abi/index.ts'
import { out, sethostname, uname } from '../libc/index.ts'
import { has, parseOpts, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [{ name: 'short', hasArg: 'no', val: 's' }] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 's', long: LONG, usage: 'Usage: hostname [-s] [hostname]\nShow or set the system\'s host name.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (p.operands.length) {
    const r = yield* sethostname(p.operands[0]!)
    if (r === -E.EPERM) {
      yield* warn(prog, 'you must be root to change the host name')
      return 1
    }
    if (r < 0) {
      yield* warn(prog, strerror(r))
      return 1
    }
    return 0
  }
  const name = (yield* uname()).nodename
  yield* out((has(p, 's') ? name.split('.')[0]! : name) + '\n')
  return 0
}

export const hostname: ProgramInfo = { name: 'hostname', path: '/bin/hostname', description: 'show or set the system\'s host name', main }
