// let EXPR...: status 0 when the last expression is non-zero.
import type { Shell } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { arith, ExpandError } from '../expand.ts'
import { fail } from './util.ts'

export function* letB(sh: Shell, argv: string[]): Sys<number> {
  if (argv.length < 2) return yield* fail(sh, 'expression expected')
  let v = 0
  for (const e of argv.slice(1)) {
    try {
      v = yield* arith(sh, e)
    } catch (x) {
      if (x instanceof ExpandError) return yield* fail(sh, x.message)
      throw x
    }
  }
  return v ? 0 : 1
}
