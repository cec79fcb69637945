// pivot_root(8) (util-linux sys-utils/pivot_root.c): move the root mount of the
// caller's mount namespace to PUT_OLD and make NEW_ROOT the root, one
// pivot_root(2) call. The step a container runtime takes after building the
// container's root; "cd NEW_ROOT; pivot_root . PUT_OLD" as in the man page.
// Errors as util-linux's err(): "pivot_root: failed to change root from `new' to `old': Invalid argument".
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { err, pivotRoot } from '../../libc/index.ts'
import { parseOpts, tryHelp } from '../lib/cmd.ts'
import type { ProgramInfo } from '../lib/types.ts'

const USAGE = 'Usage:\n pivot_root [options] new_root put_old\n\nChange the root filesystem.\n\nOptions:\n -h, --help     display this help\n -V, --version  display version'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'hV', usage: USAGE })
  if (typeof p === 'number') return p
  if (p.operands.length !== 2) {
    yield* err(`pivot_root: ${p.operands.length < 2 ? 'bad usage' : 'unexpected number of arguments'}\n`)
    yield* tryHelp('pivot_root')
    return 1
  }
  const [newRoot, putOld] = p.operands as [string, string]
  const r = yield* pivotRoot(newRoot, putOld)
  if (r < 0) {
    yield* err(`pivot_root: failed to change root from \`${newRoot}' to \`${putOld}': ${strerror(-r)}\n`)
    return 1
  }
  return 0
}

export const pivotRootProgram: ProgramInfo = { name: 'pivot_root', path: '/usr/sbin/pivot_root', description: 'change the root filesystem', main }
