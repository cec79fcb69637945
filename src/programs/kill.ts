// kill(1) (procps): send a signal to processes (-s SIG, -SIG, -9, -n NUM),
// or list signal names (-l [SIG], -L).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { NSIG, parseSignal, SIG, SIGNALS, signalName, strerror } from '../../kernel-sim/abi/index.ts'
import { kill as sysKill, out } from '../libc/index.ts'
import { tryHelp, warn } from './lib/cmd.ts'
import { baseName } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

/** procps calls SIGIO "POLL" in listings. */
const shortName = (n: number) => (n === SIG.SIGIO ? 'POLL' : (signalName(n) ?? String(n)).replace(/^SIG/, ''))

export function killList(): string {
  const names = SIGNALS.map(([n]) => shortName(n))
  return names.slice(0, 16).join(' ') + '\n' + names.slice(16).join(' ') + '\n'
}

export function killTable(): string {
  return SIGNALS.map(([n], i) => `${String(n).padStart(2, ' ')} ${shortName(n).padEnd(7, ' ')}${i % 7 === 6 ? '\n' : ''}`).join('').trimEnd() + '\n'
}

const USAGE = '\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n <pid> [...]            send signal to every <pid> listed\n -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n -l, --list=[<signal>]  list all signal names, or convert one to a name\n -L, --table            list all signal names in a nice table\n'

function* main(argv: readonly string[]): Program {
  // procps prints program_invocation_short_name, not argv[0]
  const prog = baseName(argv[0] ?? 'kill')
  let sig: number = SIG.SIGTERM
  let i = 1
  const a = argv[1]
  if (a === undefined) {
    yield* out(USAGE)
    return 1
  }
  if (a === '--help') {
    yield* out(USAGE)
    return 0
  }
  if (a === '-l' || a === '--list') {
    if (argv[2] === undefined) {
      yield* out(killList())
      return 0
    }
    const n = parseSignal(argv[2])
    if (n === undefined || n > NSIG) {
      yield* warn(prog, `unknown signal name "${argv[2]}"`)
      return 1
    }
    yield* out((/^\d+$/.test(argv[2]) ? shortName(n > 128 ? n - 128 : n) : String(n)) + '\n')
    return 0
  }
  if (a === '-L' || a === '--table') {
    yield* out(killTable())
    return 0
  }
  // procps parses the signal by hand: -9, -KILL, -SIGKILL, -s KILL, -n 9
  if (a === '-s' || a === '-n' || a === '--signal') {
    const n = argv[2] === undefined ? undefined : parseSignal(argv[2])
    if (n === undefined) {
      yield* warn(prog, argv[2] === undefined ? `option requires an argument -- '${a.slice(1)}'` : `unknown signal name "${argv[2]}"`)
      yield* tryHelp(prog)
      return 1
    }
    sig = n
    i = 3
  } else if (/^-[A-Za-z0-9]/.test(a) && !/^-\d+$/.test(a) || /^-\d{1,2}$/.test(a)) {
    const n = parseSignal(a.slice(1))
    if (n === undefined) {
      yield* warn(prog, `unknown signal name "${a.slice(1)}"`)
      return 1
    }
    sig = n
    i = 2
  }
  if (argv[i] === '--') i++
  if (i >= argv.length) {
    yield* out(USAGE)
    return 1
  }
  let status = 0
  for (const arg of argv.slice(i)) {
    if (!/^-?\d+$/.test(arg)) {
      yield* warn(prog, `cannot find process "${arg}"`)
      status = 1
      continue
    }
    const r = yield* sysKill(Number(arg), sig)
    if (r < 0) {
      yield* warn(prog, `(${arg}) - ${strerror(r)}`)
      status = 1
    }
  }
  return status
}

// procps-ng's kill.c prints with stdio and registers no close_stdout: a failed write goes unnoticed.
export const kill: ProgramInfo = { name: 'kill', path: '/bin/kill', description: 'send a signal to a process', main, stdoutAtExit: 'unchecked' }
