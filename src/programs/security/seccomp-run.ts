// seccomp-run: what runc does with a container's seccomp profile, as a
// command a student can try: load a profile in Docker's JSON format (or
// Docker's default, or none), keep the rules that fit this process's bounding
// set (moby's includes/excludes), set no_new_privs if the caller lacks
// CAP_SYS_ADMIN (seccomp(2) requires one or the other), install the filter
// and exec the command. Profile errors name where they are; exit 1.
import { CAP, E, PR_SET_NO_NEW_PRIVS, SECCOMP_SET_MODE_FILTER, capHas, strerror } from '../../../kernel-sim/abi/index.ts'
import { isProfileError, parseDockerProfile, resolveDockerProfile, type DockerSeccompProfile } from '../../runtime/seccomp-profile.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../../runtime/seccomp-default.ts'
import { capget, err, prctl, type Sys } from '../../libc/index.ts'
import { execvp } from '../lib/exec.ts'
import { readFile } from '../lib/io.ts'

const USAGE = `Usage: seccomp-run --profile FILE|default|unconfined [--] COMMAND [ARG...]
Run COMMAND under a seccomp filter given as a Docker seccomp profile (JSON):
  --profile FILE      a profile in Docker's format (defaultAction, syscalls: [...])
  --profile default   Docker's default profile (as 'docker run' applies it)
  --profile unconfined  no filter
`

function* fail(msg: string): Sys<number> {
  yield* err(`seccomp-run: ${msg}\n`)
  return 1
}

function* main(argv: readonly string[], envp: readonly string[]): Sys<number> {
  let profile: string | undefined
  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') { i++; break }
    if (a === '--help' || a === '-h') return (yield* err(USAGE)), 0
    if (a === '--profile' || a === '-p') profile = argv[++i]
    else if (a.startsWith('--profile=')) profile = a.slice(10)
    else if (a.startsWith('-')) return (yield* err(`seccomp-run: unrecognized option '${a}'\n${USAGE}`)), 1
    else break
  }
  const cmd = argv.slice(i)
  if (profile === undefined || cmd.length === 0) return (yield* err(USAGE)), 1
  if (profile !== 'unconfined') {
    let p: DockerSeccompProfile = DOCKER_DEFAULT_SECCOMP
    if (profile !== 'default') {
      const text = yield* readFile(profile)
      if (typeof text === 'number') return yield* fail(`${profile}: ${strerror(-text)}`)
      const parsed = parseDockerProfile(text)
      if (isProfileError(parsed)) {
        const where = parsed.line ? ` (line ${parsed.line}, column ${parsed.column})` : ''
        return yield* fail(`${profile}: ${parsed.message}${where}`)
      }
      p = parsed
    }
    const caps = yield* capget()
    if (typeof caps === 'number') return yield* fail(`capget: ${strerror(-caps)}`)
    const filter = resolveDockerProfile(p, caps.bnd)
    if (filter && isProfileError(filter)) return yield* fail(`${profile}: ${filter.message}`)
    if (filter) {
      if (!capHas(caps.eff, CAP.SYS_ADMIN)) yield* prctl(PR_SET_NO_NEW_PRIVS, 1)
      const r = (yield { nr: 'seccomp', args: [SECCOMP_SET_MODE_FILTER, 0, filter] }) as number
      if (r < 0) return yield* fail(`seccomp(SECCOMP_SET_MODE_FILTER): ${strerror(-r)}`)
    }
  }
  const r = yield* execvp(cmd[0]!, cmd, envp)
  yield* err(`seccomp-run: ${cmd[0]}: ${r === -E.ENOENT ? 'command not found' : strerror(-r)}\n`)
  return r === -E.ENOENT ? 127 : 126
}

export { main as seccompRunMain }
