// The container requests that start, signal, stop and remove containers or run
// a process in one: POST /containers/create+start (docker run), /kill, /stop,
// DELETE /containers/{id}, GET /top, POST /exec, and the shim's reports of a
// container's start and exit. Anything that has to wait (stop, exec) is a
// child that owns the client's connection, so dockerd serves the next request.
import { CLOCK_REALTIME, SIG, type Program } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, fork, kill, nanosleep, type Sys } from '../../libc/index.ts'
import { readFile } from '../../programs/lib/io.ts'
import type { Reply } from '../api.ts'
import { execHelper, type ExecTarget } from '../exec.ts'
import { endpointsStarted, releaseEndpoints } from '../networks-daemon.ts'
import { tellDaemon } from '../protocol.ts'
import { findContainer } from '../store.ts'
import { inspectJson } from '../views.ts'
import { stateOf } from './list.ts'
import { createOnly } from './lifecycle.ts'
import { allocatedPort, refusePort } from './ports.ts'
import { resolveVolumes } from './volumes.ts'
import type { DaemonApi, Handler, Handlers } from './types.ts'

const noSuch = (ref: string) => ({ t: 'error', error: `No such container: ${ref}` }) as const

/** POST /containers/create + start: named volumes resolved, host ports checked, then dockerd's run path. */
const run: Handler<'container.run'> = function* (d, m, reply, conn) {
  const bad = yield* resolveVolumes(d, m.spec)
  if (bad) {
    yield* reply({ t: 'error', error: bad, code: 125 })
    return
  }
  // A host port another container holds: the container is created, then left (or removed with --rm) with the allocator's error.
  const port = allocatedPort(d, m.spec)
  if (port === undefined) {
    yield* d.run(conn, m.spec, m.ttyPath)
    return
  }
  const c = yield* createOnly(d, conn, m.spec)
  if (!c) return
  if (m.spec.autoRemove) yield* d.remove(c)
  yield* refusePort(reply, c, port)
}

const inspect: Handler<'container.inspect'> = function* (d, m, reply) {
  const c = findContainer(d.containers.values(), m.ref)
  yield* reply(c ? { t: 'ok', json: inspectJson(c, d.imageOf(c)) } : { t: 'error', error: `No such object: ${m.ref}` })
}

const killOp: Handler<'container.kill'> = function* (d, m, reply) {
  const c = findContainer(d.containers.values(), m.ref)
  if (!c) yield* reply(noSuch(m.ref))
  else if (c.status !== 'running') yield* reply({ t: 'error', error: `Cannot kill container: ${m.ref}: container ${c.id} is not running` })
  else {
    yield* kill(c.pid, m.sig)
    yield* reply({ t: 'ok' })
  }
}

/** docker stop and docker rm (-f): a stopped container at once, a running one through a stopper child. */
function* stopOrRemove(d: DaemonApi, ref: string, remove: boolean, force: boolean, time: string | undefined, reply: (r: Reply<'container.stop'>) => Sys<number>): Sys<void> {
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* reply(noSuch(ref))
    return
  }
  if (remove && c.status === 'running' && !force) {
    yield* reply({ t: 'error', error: `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove` })
    return
  }
  if (c.status !== 'running') {
    if (remove) yield* d.remove(c)
    yield* reply({ t: 'ok' })
    return
  }
  // Waiting for the exit is a child's job: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after the grace period.
  const grace = remove ? 0 : Number(time ?? 10)
  const stopSig = SIG[(d.imageOf(c)?.stopSignal ?? 'SIGTERM') as keyof typeof SIG] ?? SIG.SIGTERM
  yield* fork(() => stopper(c.id, c.pid, grace, remove, stopSig, reply))
}

/** Waits for a container to stop (its stop signal, grace period, SIGKILL), then answers the client. */
function* stopper(id: string, pid: number, grace: number, remove: boolean, stopSig: number, reply: (r: Reply<'container.stop'>) => Sys<number>): Program {
  yield* kill(pid, grace > 0 ? stopSig : SIG.SIGKILL)
  const running = function* (): Sys<boolean> {
    const r = yield* tellDaemon({ op: 'container.inspect', ref: id })
    return r?.t === 'ok' && r.json.State.Running
  }
  for (let waited = 0; (yield* running()); waited += 100) {
    if (waited === grace * 1000) yield* kill(pid, SIG.SIGKILL)
    yield* nanosleep(100_000_000)
  }
  if (remove) yield* tellDaemon({ op: 'container.remove-now', ref: id })
  yield* reply({ t: 'ok' })
  return 0
}

const removeNow: Handler<'container.remove-now'> = function* (d, m, reply) {
  const c = findContainer(d.containers.values(), m.ref)
  if (c) yield* d.remove(c)
  yield* reply({ t: 'ok' })
}

const top: Handler<'container.top'> = function* (d, m, reply) {
  const c = findContainer(d.containers.values(), m.ref)
  if (!c || c.status !== 'running') yield* reply({ t: 'error', error: c ? `container ${c.id} is not running` : `No such container: ${m.ref}` })
  else {
    const procs = yield* readFile(`${c.cgroup}/cgroup.procs`)
    yield* reply({ t: 'ok', pids: typeof procs === 'string' ? procs.split('\n').filter(Boolean).map(Number) : [c.pid] })
  }
}

const exec: Handler<'container.exec'> = function* (d, m, reply, conn) {
  const c = findContainer(d.containers.values(), m.ref)
  if (!c) yield* reply(noSuch(m.ref))
  else if (c.status !== 'running') yield* reply({ t: 'error', error: `container ${c.id} is not running` })
  // moby daemon/exec.go getActiveContainer: a frozen container takes no new process.
  else if (stateOf(d, c) === 'paused') yield* reply({ t: 'error', error: `Container ${c.id} is paused, unpause the container before exec` })
  else {
    const target: ExecTarget = { id: c.id, pid: c.pid, cgroup: c.cgroup, caps: c.caps, env: d.envOf(c), spec: c.spec, seccomp: c.seccomp }
    yield* fork(() => execHelper(conn, target, m))
  }
}

/** The shim's reports: the container's init runs (its pid), exited (status, OOM kill), or never started. */
const shimStarted: Handler<'shim.started'> = function* (d, m, reply) {
  const c = d.containers.get(m.id)
  if (c) {
    c.status = 'running'
    c.pid = m.pid
    c.startedNs = yield* clockGettime(CLOCK_REALTIME)
    yield* endpointsStarted(d, c)
    yield* d.save(c)
  }
  yield* reply({ t: 'ok' })
}

function* stopped(d: DaemonApi, id: string, failed: boolean, code: number, oom: boolean, error: string): Sys<void> {
  const c = d.containers.get(id)
  if (!c) return
  c.status = failed ? 'created' : 'exited'
  c.exitCode = code
  c.oomKilled = oom
  c.error = error
  c.pid = 0
  c.ip = ''
  yield* releaseEndpoints(d, c)
  c.finishedNs = yield* clockGettime(CLOCK_REALTIME)
  if (c.spec.autoRemove) yield* d.remove(c)
  else yield* d.save(c)
}

const shimExited: Handler<'shim.exited'> = function* (d, m, reply) {
  yield* stopped(d, m.id, false, m.code, m.oom, '')
  yield* reply({ t: 'ok' })
}

const shimFailed: Handler<'shim.failed'> = function* (d, m, reply) {
  yield* stopped(d, m.id, true, m.code, false, m.error)
  yield* reply({ t: 'ok' })
}

export const CONTAINER_OPS: Handlers<
  'container.run' | 'container.inspect' | 'container.kill' | 'container.stop' | 'container.rm' | 'container.remove-now' |
  'container.top' | 'container.exec' | 'shim.started' | 'shim.exited' | 'shim.failed'
> = {
  'container.run': run,
  'container.inspect': inspect,
  'container.kill': killOp,
  'container.stop': (d, m, reply) => stopOrRemove(d, m.ref, false, false, m.time, reply),
  'container.rm': (d, m, reply) => stopOrRemove(d, m.ref, true, m.force, undefined, reply),
  'container.remove-now': removeNow,
  'container.top': top,
  'container.exec': exec,
  'shim.started': shimStarted,
  'shim.exited': shimExited,
  'shim.failed': shimFailed,
}
