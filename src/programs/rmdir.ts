// rmdir(1): remove empty directories; -p removes emptied parents too.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E } from '../../kernel-sim/abi/index.ts'
import { out, rmdir as sysRmdir } from '../libc/index.ts'
import { has, parseOpts, quote, warnErrno } from './lib/cmd.ts'
import { dirName } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'parents', hasArg: 'no', val: 'p' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
  { name: 'ignore-fail-on-non-empty', hasArg: 'no', val: 'I' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'pv', needsOperand: true, long: LONG, usage: 'Usage: rmdir [OPTION]... DIRECTORY...\nRemove the DIRECTORY(ies), if they are empty.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let status = 0
  for (const dir of p.operands) {
    let cur = dir
    for (;;) {
      if (has(p, 'v')) yield* out(`${prog}: removing directory, ${quote(cur)}\n`)
      const r = yield* sysRmdir(cur)
      if (r < 0) {
        if (!(has(p, 'I') && r === -E.ENOTEMPTY)) {
          yield* warnErrno(prog, `failed to remove ${quote(cur)}`, r)
          status = 1
        }
        break
      }
      if (!has(p, 'p')) break
      const parent = dirName(cur)
      if (parent === cur || parent === '.' || parent === '/') break
      cur = parent
    }
  }
  return status
}

export const rmdir: ProgramInfo = { name: 'rmdir', path: '/bin/rmdir', description: 'remove empty directories', main }
