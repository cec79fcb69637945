// readlink(1): print a symlink's target; -f/-e/-m canonicalize the whole path.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out, readlink as sysReadlink } from '../libc/index.ts'
import { has, parseOpts, quotef, warnErrno } from './lib/cmd.ts'
import { canonicalize, type Canon } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'canonicalize', hasArg: 'no', val: 'f' },
  { name: 'canonicalize-existing', hasArg: 'no', val: 'e' },
  { name: 'canonicalize-missing', hasArg: 'no', val: 'm' },
  { name: 'no-newline', hasArg: 'no', val: 'n' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
  { name: 'silent', hasArg: 'no', val: 's' },
  { name: 'zero', hasArg: 'no', val: 'z' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'efmnqsvz', needsOperand: true, long: LONG, usage: 'Usage: readlink [OPTION]... FILE...\nPrint value of a symbolic link or canonical file name' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let mode: Canon | undefined
  for (const o of p.opts) {
    if (o.opt === 'f') mode = 'all-but-last'
    else if (o.opt === 'e') mode = 'existing'
    else if (o.opt === 'm') mode = 'missing'
  }
  const end = has(p, 'z') ? '\0' : has(p, 'n') && p.operands.length === 1 ? '' : '\n'
  let status = 0
  for (const f of p.operands) {
    const r = mode ? yield* canonicalize(f, mode) : yield* sysReadlink(f)
    if (typeof r === 'number') {
      if (has(p, 'v')) yield* warnErrno(prog, quotef(f), r)
      status = 1
      continue
    }
    yield* out(r + end)
  }
  return status
}

export const readlink: ProgramInfo = { name: 'readlink', path: '/bin/readlink', description: 'print resolved symbolic links or canonical file names', main }
