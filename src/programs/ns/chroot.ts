// chroot(8) (coreutils): run a command with a new root directory.
// "chroot: cannot change root directory to 'DIR': Operation not permitted" (exit 125).
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../../kernel-sim/abi/index.ts'
import { chdir, chroot, getenv } from '../../libc/index.ts'
import { parseOpts, quote, tryHelp, warn } from '../lib/cmd.ts'
import { execvp } from '../lib/exec.ts'
import type { ProgramInfo } from '../lib/types.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+', usage: 'Usage: chroot [OPTION] NEWROOT [COMMAND [ARG]...]\nRun COMMAND with root directory set to NEWROOT.', usageStatus: 125, stopAtOperand: true })
  if (typeof p === 'number') return p
  const dir = p.operands[0]
  if (!dir) {
    yield* warn('chroot', 'missing operand')
    yield* tryHelp('chroot')
    return 125
  }
  const r = yield* chroot(dir)
  if (r < 0) {
    yield* warn('chroot', `cannot change root directory to ${quote(dir)}: ${strerror(-r)}`)
    return 125
  }
  yield* chdir('/')
  const cmd = p.operands.length > 1 ? p.operands.slice(1) : [getenv(envp, 'SHELL') ?? '/bin/sh', '-i']
  const e = yield* execvp(cmd[0]!, cmd, envp)
  yield* warn('chroot', `failed to run command ${quote(cmd[0]!)}: ${strerror(-e)}`)
  return e === -E.ENOENT ? 127 : 126
}

// chroot.c: initialize_exit_failure (EXIT_CANCELED): close_stdout exits 125
export const chrootProgram: ProgramInfo = { name: 'chroot', path: '/usr/sbin/chroot', description: 'run command or interactive shell with special root directory', main, exitFailure: 125 }
