// Container lifecycle beside run/stop/kill/rm (docs.docker.com/reference/cli/docker/container/):
// create (run without starting), start (again, or the first time), wait,
// rename, pause/unpause through the cgroup v2 freezer (cgroup.freeze, as runc
// does on cgroup v2), prune.
import { fork, nanosleep, type Sys } from '../../libc/index.ts'
import { readFile } from '../../programs/lib/io.ts'
import { bundlePath, fromJson, toJson, type Bundle } from '../bundle.ts'
import { writeFile } from '../fsutil.ts'
import { send, tellDaemon } from '../protocol.ts'
import type { ContainerSpec } from '../spec.ts'
import { findContainer, type Container } from '../store.ts'
import { ext, type DaemonApi, type Op } from './types.ts'
import { restartAddresses } from '../networks-daemon.ts'

type Runner = DaemonApi & { run(conn: number, spec: ContainerSpec, ttyPath: string): Sys<boolean> }

/**
 * POST /containers/create: dockerd's own run path (config, rootfs, bundle)
 * with the shim's start left out, so create and run can never disagree.
 */
const create: Op = function* (d, conn, m) {
  const c = yield* createOnly(d, conn, m.spec as ContainerSpec)
  if (c) yield* send(conn, { t: 'ok', id: c.id })
  return true
}

/** The new container (left Created), or undefined after dockerd sent its error on `conn`. */
export function* createOnly(d: DaemonApi, conn: number, spec: ContainerSpec): Sys<Container | undefined> {
  const before = new Set(d.containers.keys())
  const noStart = Object.create(d, { startShim: { value: function* () {} } }) as Runner
  yield* noStart.run(conn, spec, '')
  return [...d.containers.values()].find((x) => !before.has(x.id))
}

const missing = (ref: string) => ({ t: 'error', error: `No such container: ${ref}` })

/** POST /containers/{id}/start: the saved bundle again, attached (-a) or not; a running container is left as it is. */
const start: Op = function* (d, conn, m) {
  const ref = String(m.ref)
  const c = findContainer(d.containers.values(), ref)
  if (!c) yield* send(conn, missing(ref))
  else if (c.status === 'running') yield* send(conn, { t: 'ok', running: true })
  else {
    const text = yield* readFile(bundlePath(c.id))
    if (typeof text === 'number') {
      yield* send(conn, { t: 'error', error: `container ${c.id}: bundle missing` })
      return true
    }
    const b = fromJson<Bundle>(text)
    // start -a streams the output; -i also relays stdin through pipes.
    // SIMPLIFICATION: no terminal on a restarted container (a -t one gets pipes).
    b.spec = { ...b.spec, detach: !m.attach, interactive: !!m.attach && !!m.interactive, tty: false }
    ext(d).paused.delete(c.id)
    b.steps = []
    b.ttyPath = ''
    // The addresses were freed when the container stopped: its old ones if still free (IPAM), else the next.
    restartAddresses(d, c, b)
    yield* writeFile(bundlePath(c.id), toJson(b), 0o600)
    yield* d.startShim(conn, c.id)
  }
  return true
}

/** POST /containers/{id}/wait: a child polls until the container is no longer running, then answers its exit code. */
const wait: Op = function* (d, conn, m) {
  const ref = String(m.ref)
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* send(conn, missing(ref))
    return true
  }
  const id = c.id
  yield* fork(function* () {
    for (;;) {
      const r = yield* tellDaemon({ op: 'container.inspect', ref: id })
      const st = r?.t === 'ok' ? (r.json as { State: { Running: boolean; ExitCode: number } }).State : undefined
      if (!st || !st.Running) {
        yield* send(conn, { t: 'ok', code: st ? st.ExitCode : 0 })
        return 0
      }
      yield* nanosleep(100_000_000)
    }
  })
  return true
}

const rename: Op = function* (d, conn, m) {
  const ref = String(m.ref), name = String(m.name).replace(/^\//, '')
  const c = findContainer(d.containers.values(), ref)
  const other = [...d.containers.values()].find((x) => x.name === name)
  if (!c) yield* send(conn, missing(ref))
  else if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) yield* send(conn, { t: 'error', error: `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` })
  else if (c.name === name) yield* send(conn, { t: 'error', error: 'Renaming a container with the same name as its current name' })
  else if (other) yield* send(conn, { t: 'error', error: `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.` })
  else {
    c.name = name
    yield* d.save(c)
    yield* send(conn, { t: 'ok' })
  }
  return true
}

/**
 * docker pause/unpause: runc freezes the container's cgroup (cgroup v2: cgroup.freeze).
 * Errors as moby's daemon/pause.go and unpause.go word them.
 */
function freezer(freeze: boolean): Op {
  return function* (d, conn, m) {
    const ref = String(m.ref)
    const c = findContainer(d.containers.values(), ref)
    const paused = ext(d).paused
    if (!c) yield* send(conn, missing(ref))
    else if (c.status !== 'running') yield* send(conn, { t: 'error', error: `container ${c.id} is not running` })
    else if (freeze && paused.has(c.id)) yield* send(conn, { t: 'error', error: `container ${c.id} is already paused` })
    else if (!freeze && !paused.has(c.id)) yield* send(conn, { t: 'error', error: `Container ${c.id} is not paused` })
    else {
      const w = yield* writeFile(`${c.cgroup}/cgroup.freeze`, freeze ? '1\n' : '0\n')
      if (w < 0) yield* send(conn, { t: 'error', error: `cannot ${freeze ? 'pause' : 'unpause'} container ${c.id}: write cgroup.freeze: errno ${-w}` })
      else {
        if (freeze) paused.add(c.id)
        else paused.delete(c.id)
        yield* send(conn, { t: 'ok' })
      }
    }
    return true
  }
}

/** POST /containers/prune: every stopped container goes. */
const prune: Op = function* (d, conn) {
  const gone: Container[] = [...d.containers.values()].filter((c) => c.status !== 'running')
  for (const c of gone) yield* d.remove(c)
  yield* send(conn, { t: 'ok', ids: gone.map((c) => c.id) })
  return true
}

export const LIFECYCLE_OPS: Record<string, Op> = {
  'container.create': create, 'container.start': start, 'container.wait': wait, 'container.rename': rename,
  'container.pause': freezer(true), 'container.unpause': freezer(false), 'containers.prune': prune,
}
