// Container lifecycle beside run/stop/kill/rm (docs.docker.com/reference/cli/docker/container/):
// create (run without starting), start (again, or the first time), wait,
// rename, pause/unpause through the cgroup v2 freezer (cgroup.freeze, as runc
// does on cgroup v2), prune.
import { fork, nanosleep, type Sys } from '../../libc/index.ts'
import { readFile } from '../../programs/lib/io.ts'
import { bundlePath, fromJson, toJson, type Bundle } from '../bundle.ts'
import { writeFile } from '../fsutil.ts'
import { tellDaemon } from '../protocol.ts'
import type { ContainerSpec } from '../spec.ts'
import { findContainer, type Container } from '../store.ts'
import { ext, type DaemonApi, type Handler, type Handlers } from './types.ts'
import { restartAddresses } from '../networks-daemon.ts'
import { startRefusedForPort } from './ports.ts'
import { resolveVolumes } from './volumes.ts'

/**
 * POST /containers/create: dockerd's own run path (config, rootfs, bundle)
 * with the shim's start left out, so create and run can never disagree.
 */
const create: Handler<'container.create'> = function* (d, m, reply, conn) {
  const bad = yield* resolveVolumes(d, m.spec)
  if (bad) {
    yield* reply({ t: 'error', error: bad, code: 125 })
    return
  }
  const c = yield* createOnly(d, conn, m.spec)
  if (c) yield* reply({ t: 'ok', id: c.id })
}

/** The new container (left Created), or undefined after dockerd sent its error on `conn`. */
export function* createOnly(d: DaemonApi, conn: number, spec: ContainerSpec): Sys<Container | undefined> {
  const before = new Set(d.containers.keys())
  const noStart = Object.create(d, { startShim: { value: function* () {} } }) as DaemonApi
  yield* noStart.run(conn, spec, '')
  return [...d.containers.values()].find((x) => !before.has(x.id))
}

const missing = (ref: string) => ({ t: 'error', error: `No such container: ${ref}` }) as const

/** POST /containers/{id}/start: the saved bundle again, attached (-a) or not; a running container is left as it is. */
const start: Handler<'container.start'> = function* (d, m, reply, conn) {
  const ref = m.ref
  const c = findContainer(d.containers.values(), ref)
  if (!c) yield* reply(missing(ref))
  else if (c.status === 'running') yield* reply({ t: 'ok', running: true })
  else if (yield* startRefusedForPort(d, c, reply)) return
  else {
    const text = yield* readFile(bundlePath(c.id))
    if (typeof text === 'number') {
      yield* reply({ t: 'error', error: `container ${c.id}: bundle missing` })
      return
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
}

/** POST /containers/{id}/wait: a child polls until the container is no longer running, then answers its exit code. */
const wait: Handler<'container.wait'> = function* (d, m, reply) {
  const ref = m.ref
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* reply(missing(ref))
    return
  }
  const id = c.id
  yield* fork(function* () {
    for (;;) {
      const r = yield* tellDaemon({ op: 'container.inspect', ref: id })
      const st = r?.t === 'ok' ? r.json.State : undefined
      if (!st || !st.Running) {
        yield* reply({ t: 'ok', code: st ? st.ExitCode : 0 })
        return 0
      }
      yield* nanosleep(100_000_000)
    }
  })
}

const rename: Handler<'container.rename'> = function* (d, m, reply) {
  const ref = m.ref, name = m.name.replace(/^\//, '')
  const c = findContainer(d.containers.values(), ref)
  const other = d.named(name)
  if (!c) yield* reply(missing(ref))
  else if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) yield* reply({ t: 'error', error: `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` })
  else if (c.name === name) yield* reply({ t: 'error', error: 'Renaming a container with the same name as its current name' })
  else if (other) yield* reply({ t: 'error', error: `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.` })
  else {
    d.setName(c, name)
    yield* d.save(c)
    yield* reply({ t: 'ok' })
  }
}

/**
 * docker pause/unpause: runc freezes the container's cgroup (cgroup v2: cgroup.freeze).
 * Errors as moby's daemon/pause.go and unpause.go word them.
 */
function freezer(freeze: boolean): Handler<'container.pause' | 'container.unpause'> {
  return function* (d, m, reply) {
    const ref = m.ref
    const c = findContainer(d.containers.values(), ref)
    const paused = ext(d).paused
    if (!c) yield* reply(missing(ref))
    else if (c.status !== 'running') yield* reply({ t: 'error', error: `container ${c.id} is not running` })
    else if (freeze && paused.has(c.id)) yield* reply({ t: 'error', error: `container ${c.id} is already paused` })
    else if (!freeze && !paused.has(c.id)) yield* reply({ t: 'error', error: `Container ${c.id} is not paused` })
    else {
      const w = yield* writeFile(`${c.cgroup}/cgroup.freeze`, freeze ? '1\n' : '0\n')
      if (w < 0) yield* reply({ t: 'error', error: `cannot ${freeze ? 'pause' : 'unpause'} container ${c.id}: write cgroup.freeze: errno ${-w}` })
      else {
        if (freeze) paused.add(c.id)
        else paused.delete(c.id)
        yield* reply({ t: 'ok' })
      }
    }
  }
}

/** POST /containers/prune: every stopped container goes. */
const prune: Handler<'containers.prune'> = function* (d, _m, reply) {
  const gone: Container[] = [...d.containers.values()].filter((c) => c.status !== 'running')
  for (const c of gone) yield* d.remove(c)
  yield* reply({ t: 'ok', ids: gone.map((c) => c.id) })
}

export const LIFECYCLE_OPS: Handlers<
  'container.create' | 'container.start' | 'container.wait' | 'container.rename' | 'container.pause' | 'container.unpause' | 'containers.prune'
> = {
  'container.create': create, 'container.start': start, 'container.wait': wait, 'container.rename': rename,
  'container.pause': freezer(true), 'container.unpause': freezer(false), 'containers.prune': prune,
}
