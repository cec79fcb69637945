// dmesg(1): print the kernel ring buffer, read with syslog(2)
// (SYSLOG_ACTION_READ_ALL); -C clears it, -c prints then clears.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_READ_ALL } from '../../kernel-sim/abi/index.ts'
import { out, syslog } from '../libc/index.ts'
import { has, parseOpts, warnErrno } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'cC', long: [
    { name: 'read-clear', hasArg: 'no', val: 'c' }, { name: 'clear', hasArg: 'no', val: 'C' },
  ], usage: 'Usage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  if (!has(p, 'C')) {
    const text = yield* syslog(SYSLOG_ACTION_READ_ALL)
    if (typeof text === 'number') {
      yield* warnErrno(prog, 'read kernel buffer failed', text)
      return 1
    }
    if (text !== '') yield* out(text.endsWith('\n') ? text : text + '\n')
  }
  if (has(p, 'C') || has(p, 'c')) {
    const r = yield* syslog(SYSLOG_ACTION_CLEAR)
    if (typeof r === 'number' && r < 0) {
      yield* warnErrno(prog, 'clear kernel buffer failed', r)
      return 1
    }
  }
  return 0
}

export const dmesg: ProgramInfo = { name: 'dmesg', path: '/bin/dmesg', description: 'print or control the kernel ring buffer', main, stdoutAtExit: 'closestream' }
