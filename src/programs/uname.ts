// uname(1): fields of uname(2) in the fixed order -s -n -r -v -m -o.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out, uname as sysUname } from '../libc/index.ts'
import { has, parseOpts, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'all', hasArg: 'no', val: 'a' },
  { name: 'kernel-name', hasArg: 'no', val: 's' },
  { name: 'nodename', hasArg: 'no', val: 'n' },
  { name: 'kernel-release', hasArg: 'no', val: 'r' },
  { name: 'kernel-version', hasArg: 'no', val: 'v' },
  { name: 'machine', hasArg: 'no', val: 'm' },
  { name: 'processor', hasArg: 'no', val: 'p' },
  { name: 'hardware-platform', hasArg: 'no', val: 'i' },
  { name: 'operating-system', hasArg: 'no', val: 'o' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'asnrvmpio', long: LONG, usage: 'Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.' })
  if (typeof p === 'number') return p
  if (p.operands.length) {
    yield* warn(argv[0]!, `extra operand '${p.operands[0]}'`)
    return 1
  }
  const u = yield* sysUname()
  const all = has(p, 'a')
  const none = p.opts.length === 0
  const fields: string[] = []
  if (all || none || has(p, 's')) fields.push(u.sysname)
  if (all || has(p, 'n')) fields.push(u.nodename)
  if (all || has(p, 'r')) fields.push(u.release)
  if (all || has(p, 'v')) fields.push(u.version)
  if (all || has(p, 'm')) fields.push(u.machine)
  // -p and -i print "unknown" when asked alone; -a leaves unknown fields out
  if (!all && has(p, 'p')) fields.push('unknown')
  if (!all && has(p, 'i')) fields.push('unknown')
  if (all || has(p, 'o')) fields.push(u.sysname === 'Windows_NT' ? 'MS/Windows' : 'GNU/Linux') // busybox-w32 on an NT kernel
  yield* out(fields.join(' ') + '\n')
  return 0
}

export const uname: ProgramInfo = { name: 'uname', path: '/bin/uname', description: 'print system information', main }
