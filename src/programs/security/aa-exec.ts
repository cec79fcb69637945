// aa-exec(1) (AppArmor): run a command confined by a profile. It writes
// "exec PROFILE" to /proc/self/attr/exec (aa_change_onexec(2)), so the
// profile applies from the execve on, then execs the command via PATH.
import { E, O_WRONLY, strerror } from '../../../kernel-sim/abi/index.ts'
import { close, err, open, out, write, type Sys } from '../../libc/index.ts'
import { execvp } from '../lib/exec.ts'

const USAGE = `aa-exec [option] [--] [<command> ...]

options:
  -p PROFILE, --profile=PROFILE		PROFILE to confine <command> with
  -n NAMESPACE, --namespace=NAMESPACE	NAMESPACE to confine <command> in
  -d, --debug				show messages with debugging information
  -i, --immediate			change profile immediately instead of at exec
  -v, --verbose				show messages with stats
  -h, --help				display this help

`

function* error(msg: string): Sys<number> {
  yield* err(`aa-exec: ERROR: ${msg}\n`)
  return 1
}

function* main(argv: readonly string[], envp: readonly string[]): Sys<number> {
  let profile: string | undefined
  let verbose = false
  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') { i++; break }
    if (a === '-h' || a === '--help') return (yield* out(USAGE)), 0
    if (a === '-v' || a === '--verbose') verbose = true
    else if (a === '-d' || a === '--debug' || a === '-i' || a === '--immediate') continue
    else if (a === '-p' || a === '--profile') profile = argv[++i]
    else if (a.startsWith('--profile=')) profile = a.slice(10)
    else if (a.startsWith('-p') && a.length > 2) profile = a.slice(2)
    else if (a.startsWith('-')) return (yield* err(USAGE)), 1
    else break
  }
  const cmd = argv.slice(i)
  if (cmd.length === 0) return (yield* err(USAGE)), 1
  if (profile !== undefined) {
    if (verbose) yield* err(`aa-exec: changeprofile exec//${profile}\n`)
    const fd = yield* open('/proc/self/attr/exec', O_WRONLY)
    const r = fd < 0 ? fd : yield* write(fd, `exec ${profile}`)
    if (fd >= 0) yield* close(fd)
    if (r === -E.ENOENT) return yield* error(`profile '${profile}' does not exist`)
    if (r === -E.EINVAL) return yield* error('AppArmor interface not available')
    if (r < 0) return yield* error(strerror(-r))
  }
  if (verbose) yield* err(`aa-exec: exec ${cmd.join(' ')}\n`)
  const r = yield* execvp(cmd[0]!, cmd, envp)
  return yield* error(`Failed to execute "${cmd[0]}": ${strerror(-r)}`)
}

export { main as aaExecMain }
