// domainname(1) (Debian's hostname package): print or set the NIS domain name
// of the UTS namespace; "(none)" when unset.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../../kernel-sim/abi/index.ts'
import { out, setdomainname, uname } from '../../libc/index.ts'
import { parseOpts, warn } from '../lib/cmd.ts'
import type { ProgramInfo } from '../lib/types.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', usage: 'Usage: domainname [nisdomain]\nShow or set the system\'s NIS/YP domain name.' })
  if (typeof p === 'number') return p
  if (p.operands.length) {
    const r = yield* setdomainname(p.operands[0]!)
    if (r < 0) {
      yield* warn('domainname', r === -E.EPERM ? 'you must be root to change the domain name' : strerror(-r))
      return 1
    }
    return 0
  }
  yield* out((yield* uname()).domainname + '\n')
  return 0
}

export const domainnameProgram: ProgramInfo = { name: 'domainname', path: '/bin/domainname', description: 'show or set the system\'s NIS/YP domain name', main }
