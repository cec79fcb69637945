// ln(1): make hard links, or symbolic links with -s; -f replaces the target.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { link, out, stat, symlink, unlink } from '../libc/index.ts'
import { has, parseOpts, quote, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { baseName, isDir, joinPath } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'symbolic', hasArg: 'no', val: 's' },
  { name: 'force', hasArg: 'no', val: 'f' },
  { name: 'no-dereference', hasArg: 'no', val: 'n' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'sfnvT', long: LONG, usage: 'Usage: ln [OPTION]... [-T] TARGET LINK_NAME\n  or:  ln [OPTION]... TARGET\n  or:  ln [OPTION]... TARGET... DIRECTORY\nCreate links.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const ops = p.operands
  if (ops.length === 0) {
    yield* warn(prog, 'missing file operand')
    yield* tryHelp(prog)
    return 1
  }
  const sym = has(p, 's')
  let pairs: [string, string][]
  const lastSt = ops.length >= 2 ? yield* stat(ops[ops.length - 1]!) : -1
  const lastIsDir = typeof lastSt !== 'number' && isDir(lastSt.mode) && !has(p, 'T') && !has(p, 'n')
  if (ops.length === 1) pairs = [[ops[0]!, baseName(ops[0]!)]]
  else if (lastIsDir) pairs = ops.slice(0, -1).map((t) => [t, joinPath(ops[ops.length - 1]!, baseName(t))])
  else if (ops.length === 2) pairs = [[ops[0]!, ops[1]!]]
  else {
    yield* warn(prog, `target ${quote(ops[ops.length - 1]!)} is not a directory`)
    return 1
  }
  let status = 0
  for (const [target, name] of pairs) {
    if (has(p, 'f')) yield* unlink(name)
    const r = sym ? yield* symlink(target, name) : yield* link(target, name)
    if (r < 0) {
      const what = sym ? `failed to create symbolic link ${quote(name)}` : `failed to create hard link ${quote(name)}`
      yield* warnErrno(prog, what, r)
      status = 1
    } else if (has(p, 'v')) yield* out(`${quote(name)} -> ${quote(target)}\n`)
  }
  return status
}

export const ln: ProgramInfo = { name: 'ln', path: '/bin/ln', description: 'make links between files', main }
