// env(1): print the environment, or run a command in a modified one.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import { parseOpts, quote, warn } from './lib/cmd.ts'
import { execvp } from './lib/exec.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'ignore-environment', hasArg: 'no', val: 'i' },
  { name: 'unset', hasArg: 'required', val: 'u' },
  { name: 'null', hasArg: 'no', val: '0' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+iu:0', long: LONG, usage: 'Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\nSet each NAME to VALUE in the environment and run COMMAND.', usageStatus: 125 })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let env = [...envp]
  let nul = false
  for (const o of p.opts) {
    if (o.opt === 'i') env = []
    else if (o.opt === '0') nul = true
    else if (o.opt === 'u') env = env.filter((e) => !e.startsWith(o.arg + '='))
  }
  let rest = p.operands
  if (rest[0] === '-') {
    env = []
    rest = rest.slice(1)
  }
  while (rest.length && rest[0]!.includes('=')) {
    const kv = rest[0]!
    const key = kv.slice(0, kv.indexOf('='))
    env = [...env.filter((e) => !e.startsWith(key + '=')), kv]
    rest = rest.slice(1)
  }
  if (rest.length === 0) {
    yield* out(env.map((e) => e + (nul ? '\0' : '\n')).join(''))
    return 0
  }
  const r = yield* execvp(rest[0]!, rest, env)
  yield* warn(prog, `${quote(rest[0]!)}: ${strerror(r)}`)
  return r === -E.ENOENT ? 127 : 126
}

// env.c: initialize_exit_failure (EXIT_CANCELED): its own failures, close_stdout's too, are status 125
export const env: ProgramInfo = { name: 'env', path: '/usr/bin/env', description: 'run a program in a modified environment', main, exitFailure: 125 }
