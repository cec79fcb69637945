// tty(1): the file name of the terminal on standard input (ttyname(3): the
// /proc/self/fd/0 link of a descriptor that isatty(3) accepts), or "not a tty"
// with status 1. -s prints nothing. Status 2 for bad usage (coreutils).
import { TCGETS, type Program } from '../../kernel-sim/abi/index.ts'
import { ioctl, readlink } from '../libc/index.ts'
import { closeStdout, Output } from './lib/io.ts'
import { parseOpts, tryHelp, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const USAGE = `Usage: tty [OPTION]...
Print the file name of the terminal connected to standard input.

  -s, --silent, --quiet   print nothing, only return an exit status
      --help        display this help and exit
      --version     output version information and exit`

/** tty.c: initialize_exit_failure (TTY_WRITE_ERROR). */
const TTY_WRITE_ERROR = 3

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, {
    short: 's', usage: USAGE, usageStatus: 2,
    long: [{ name: 'silent', hasArg: 'no', val: 's' }, { name: 'quiet', hasArg: 'no', val: 's' }],
  })
  if (typeof p === 'number') return p
  if (p.operands.length) {
    yield* warn(argv[0]!, `extra operand '${p.operands[0]}'`)
    yield* tryHelp(argv[0]!)
    return 2
  }
  const silent = p.opts.some((o) => o.opt === 's')
  const tc = yield* ioctl(0, TCGETS) // isatty(3)
  const name = typeof tc === 'object' ? yield* readlink('/proc/self/fd/0') : -1
  if (silent) return typeof name === 'string' ? 0 : 1
  // tty.c puts() either line; close_stdout then runs whatever the status (TTY_WRITE_ERROR, 3, if the write failed)
  const o = new Output()
  yield* o.write(typeof name === 'string' ? name + '\n' : 'not a tty\n')
  return yield* closeStdout(argv[0]!, o, typeof name === 'string' ? 0 : 1, TTY_WRITE_ERROR)
}

export const tty: ProgramInfo = { name: 'tty', path: '/usr/bin/tty', description: 'print the file name of the terminal on standard input', main, exitFailure: TTY_WRITE_ERROR }
