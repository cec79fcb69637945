// What `docker run` and `docker create` do before asking the daemon for a
// container (docker/cli container/create.go createContainer): parse the flags,
// read a seccomp profile file (the CLI sends its text), refuse -it without a
// terminal (run only), check the image reference and pull a missing image
// (create before asking; run once dockerd has answered "No such image": pullMissing).
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { err, type Sys } from '../../libc/index.ts'
import { readFile } from '../../programs/lib/io.ts'
import { normalizeRef } from '../images.ts'
import { isatty } from '../pty-relay.ts'
import { isParsed, parseRun, type ContainerSpec } from '../spec.ts'
import { daemonError, okReply, pullImage } from './client.ts'

const DESCRIPTION = { run: 'Create and run a new container from an image', create: 'Create a new container' }

/** The container spec, or the status to exit with (its message already printed). */
export function* containerSpecFor(cmd: 'run' | 'create', argv: readonly string[], envp: readonly string[]): Sys<ContainerSpec | number> {
  const see = `See 'docker ${cmd} --help'.\n`
  const p = parseRun(argv, envp)
  if (!isParsed(p)) {
    if (p.daemon) yield* daemonError(p.error, cmd)
    else if (p.docker) yield* err(`docker: ${p.error}.\n${see}`) // docker/cli reportError
    else if (p.error.startsWith('"docker run" requires')) {
      yield* err(`docker: "docker ${cmd}" requires at least 1 argument.\n${see}\nUsage:  docker ${cmd} [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n${DESCRIPTION[cmd]}\n`)
    } else yield* err(`${p.error}\n${see}`)
    return 125
  }
  const spec: ContainerSpec = { ...p.spec }
  if (spec.seccomp !== 'builtin' && spec.seccomp !== 'unconfined') {
    // The CLI reads the profile and sends its text (cli/command/container/opts.go parseSecurityOpts).
    const text = yield* readFile(spec.seccomp)
    if (typeof text === 'number') {
      yield* err(`docker: opening seccomp profile (${spec.seccomp}) failed: open ${spec.seccomp}: ${strerror(-text).toLowerCase()}.\n${see}`)
      return 125
    }
    spec.seccompJson = text
  }
  // docker/cli CheckTty: -it needs a terminal on stdin (checked before anything is pulled or created),
  // unless detached: runContainer checks only `if !opts.detach`, so `docker run -dit` works from a script.
  if (cmd === 'run' && spec.tty && spec.interactive && !spec.detach && !(yield* isatty(0))) {
    yield* err('the input device is not a TTY\n')
    return 1
  }
  const key = normalizeRef(spec.image)
  if (!key) {
    yield* err(`docker: invalid reference format.\n${see}`)
    return 125
  }
  // run asks for the container first and pulls only when dockerd has no such image (runMissingImage in cli.ts).
  if (cmd === 'run') return spec
  const have = yield* okReply({ op: 'image.inspect', ref: spec.image })
  if (!have) return 125
  if (!have.found) {
    yield* err(`Unable to find image '${key}' locally\n`)
    if (!(yield* pullImage(spec.image, 2, cmd))) return 125
  }
  return spec
}

/**
 * docker/cli createContainer: the create request goes first; on "No such image"
 * the CLI says so, pulls the image and asks once more. True when pulled (ask again).
 */
export function* pullMissing(spec: ContainerSpec, cmd: 'run' | 'create'): Sys<boolean> {
  yield* err(`Unable to find image '${normalizeRef(spec.image) ?? spec.image}' locally\n`)
  return yield* pullImage(spec.image, 2, cmd)
}
