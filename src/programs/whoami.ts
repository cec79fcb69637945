// whoami(1): the name of the effective user ID.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { getresuid, out } from '../libc/index.ts'
import { parseOpts, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'
import { loadUserDb } from './lib/users.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', usage: 'Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.' })
  if (typeof p === 'number') return p
  if (p.operands.length) {
    yield* warn(argv[0]!, `extra operand '${p.operands[0]}'`)
    return 1
  }
  const [, euid] = yield* getresuid()
  const name = (yield* loadUserDb()).userName(euid)
  if (name === undefined) {
    yield* warn(argv[0]!, `cannot find name for user ID ${euid}`)
    return 1
  }
  yield* out(name + '\n')
  return 0
}

export const whoami: ProgramInfo = { name: 'whoami', path: '/usr/bin/whoami', description: 'print effective user name', main }
