// docker create, start [-a], restart, wait, rename, pause, unpause, container
// prune (docs.docker.com/reference/cli/docker/container/): output and errors as
// the CLI prints them; "docker create" takes docker run's flags (status 125 for
// bad ones, as run).
import { SIG } from '../../../kernel-sim/abi/index.ts'
import { close, err, fork, kill, out, read, wait4, type Sys } from '../../libc/index.ts'
import { flagBool, parseFlags, type FlagDef } from '../flags.ts'
import type { ErrorReply } from '../api.ts'
import { daemonError, eachRef, feedStdin, needArgs, okReply, oneReply, request } from './client.ts'
import { containerSpecFor } from './container-spec.ts'

export function* create(argv: readonly string[], envp: readonly string[]): Sys<number> {
  const prepared = yield* containerSpecFor('create', argv, envp)
  if (typeof prepared === 'number') return prepared
  const spec = { ...prepared, detach: true }
  const m = yield* oneReply({ op: 'container.create', spec })
  if (!m) return 125
  if (m.t !== 'ok') {
    yield* daemonError(m.error, 'create')
    return 125
  }
  yield* out(`${m.id}\n`)
  return 0
}

function* opts(cmd: string, argv: readonly string[], defs: FlagDef[]) {
  const p = parseFlags(argv, defs, true)
  if ('error' in p) yield* err(`${p.error}\nSee 'docker ${cmd} --help'.\n`)
  return p
}

const USAGE: Record<string, [string, string]> = {
  start: ['start [OPTIONS] CONTAINER [CONTAINER...]', 'Start one or more stopped containers'],
  restart: ['restart [OPTIONS] CONTAINER [CONTAINER...]', 'Restart one or more containers'],
  wait: ['wait CONTAINER [CONTAINER...]', 'Block until one or more containers stop, then print their exit codes'],
  pause: ['pause CONTAINER [CONTAINER...]', 'Pause all processes within one or more containers'],
  unpause: ['unpause CONTAINER [CONTAINER...]', 'Unpause all processes within one or more containers'],
}

const need = (cmd: string) => needArgs(cmd, USAGE[cmd]![0], 'at least 1 argument', USAGE[cmd]![1])

/** start -a: the container's output until it exits; its status. */
function* attachStart(ref: string, interactive: boolean): Sys<number> {
  const r = yield* request({ op: 'container.start', ref, attach: true, interactive })
  if (!r) return 1
  let status = 0
  let feeder = 0
  for (;;) {
    const m = yield* r.next()
    if (m === null || typeof m === 'number') break
    if (m.t === 'started' && interactive) feeder = yield* fork(() => feedStdin(r.fd))
    if (m.t === 'error') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
      break
    }
    if (m.t === 'out') yield* (m.s === 2 ? err(m.d) : out(m.d))
    else if (m.t === 'exit') {
      status = m.code
      break
    } else if (m.t === 'ok') break
  }
  yield* close(r.fd)
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
  return status
}

export function* start(argv: readonly string[]): Sys<number> {
  const p = yield* opts('start', argv, [{ long: 'attach', short: 'a', kind: 'bool' }, { long: 'interactive', short: 'i', kind: 'bool' }])
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* need('start')
  if (flagBool(p, 'attach') || flagBool(p, 'interactive')) {
    if (p.operands.length > 1) {
      yield* err('you cannot start and attach multiple containers at once\n')
      return 1
    }
    return yield* attachStart(p.operands[0]!, flagBool(p, 'interactive'))
  }
  // docker/cli startContainersWithoutAttachments: each error, then one line naming every failed operand.
  const failed: string[] = []
  const status = yield* eachRef(p.operands, function* (ref) {
    const m = yield* startOne(ref)
    if (m?.t !== 'ok') failed.push(ref)
    return m
  })
  if (failed.length > 0) yield* err(`Error: failed to start containers: ${failed.join(', ')}\n`)
  return status
}

/**
 * Detached start: the shim's "started" (or dockerd's "ok" for a running container) is success.
 * A warning before it is skipped: the Engine returns warnings from create, not start.
 */
function* startOne(ref: string): Sys<{ t: 'ok' } | ErrorReply | null> {
  const r = yield* request({ op: 'container.start', ref })
  if (!r) return null
  let m = yield* r.next()
  while (m !== null && typeof m === 'object' && m.t === 'warning') m = yield* r.next()
  yield* close(r.fd)
  if (m === null || typeof m !== 'object') return { t: 'error', error: 'unexpected EOF' }
  return m.t === 'started' || m.t === 'ok' ? { t: 'ok' } : m.t === 'error' ? m : { t: 'error', error: `unexpected ${m.t}` }
}

export function* restart(argv: readonly string[]): Sys<number> {
  const p = yield* opts('restart', argv, [{ long: 'time', short: 't', kind: 'string' }, { long: 'signal', short: 's', kind: 'string' }])
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* need('restart')
  return yield* eachRef(p.operands, function* (ref) {
    const s = yield* oneReply({ op: 'container.stop', ref, time: p.values.get('time')?.at(-1) })
    return s?.t === 'ok' ? yield* startOne(ref) : s
  })
}

export function* wait(argv: readonly string[]): Sys<number> {
  const p = yield* opts('wait', argv, [])
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* need('wait')
  let status = 0
  for (const ref of p.operands) {
    const m = yield* oneReply({ op: 'container.wait', ref })
    if (!m) return 1
    if (m.t === 'ok') yield* out(`${m.code}\n`)
    else {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  return status
}

export function* rename(argv: readonly string[]): Sys<number> {
  const p = yield* opts('rename', argv, [])
  if ('error' in p) return 125
  if (p.operands.length !== 2) return yield* needArgs('rename', 'rename CONTAINER NEW_NAME', 'exactly 2 arguments', 'Rename a container')
  const m = yield* oneReply({ op: 'container.rename', ref: p.operands[0], name: p.operands[1] })
  if (!m) return 1
  if (m.t === 'ok') return 0
  yield* err(`Error response from daemon: ${m.error}\n`)
  return 1
}

export function* pause(argv: readonly string[]): Sys<number> {
  if (argv.length === 0) return yield* need('pause')
  return yield* eachRef(argv, (ref) => oneReply({ op: 'container.pause', ref }))
}

export function* unpause(argv: readonly string[]): Sys<number> {
  if (argv.length === 0) return yield* need('unpause')
  return yield* eachRef(argv, (ref) => oneReply({ op: 'container.unpause', ref }))
}

/** docker container prune [-f]: asks first (reads a line: y/Y proceeds), lists the removed ids. */
export function* prune(argv: readonly string[]): Sys<number> {
  const p = yield* opts('container prune', argv, [{ long: 'force', short: 'f', kind: 'bool' }, { long: 'filter', kind: 'list' }])
  if ('error' in p) return 125
  if (!flagBool(p, 'force')) {
    yield* out('WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ')
    const a = yield* read(0, 64)
    if (typeof a !== 'string' || !/^y(es)?$/i.test(a.trim())) return 0
  }
  const m = yield* okReply({ op: 'containers.prune' })
  if (!m) return 1
  const ids = m.ids
  yield* out((ids.length ? `Deleted Containers:\n${ids.map((i) => i + '\n').join('')}\n` : '') + 'Total reclaimed space: 0B\n')
  return 0
}
