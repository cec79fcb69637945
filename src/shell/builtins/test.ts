// test and [ (bash's test.c).
import type { Shell } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { evalTest, simpleTest, TestError } from '../testexpr.ts'
import { fail } from './util.ts'

export function* test(sh: Shell, argv: string[]): Sys<number> {
  let args = argv.slice(1)
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') return yield* fail(sh, "missing `]'", 2)
    args = args.slice(0, -1)
  }
  if (args.length === 0) return 1
  try {
    const quick = simpleTest(args)
    if (quick !== null) return quick
    return yield* evalTest(sh, args.map((s) => ({ s })), false)
  } catch (e) {
    if (!(e instanceof TestError)) throw e
    return yield* fail(sh, e.message, 2)
  }
}
