// dockerd operations that live outside daemon.ts, one module per group; the
// daemon's request loop asks here first (so an op here may also refine one of
// daemon.ts's, as containers.json does for docker ps).
import type { Sys } from '../../libc/index.ts'
import type { Msg } from '../protocol.ts'
import { listContainers, stateOf } from './list.ts'
import { send } from '../protocol.ts'
import { findContainer } from '../store.ts'
import { IMAGE_OPS } from './images.ts'
import { INSPECT_OPS } from './inspect.ts'
import { LIFECYCLE_OPS } from './lifecycle.ts'
import { LOG_OPS } from './logs.ts'
import { VOLUME_OPS, volumePreOp } from './volumes.ts'
import { CP_OPS } from './cp.ts'
import { SYSTEM_OPS } from './system.ts'
import { PRUNE_OPS } from './prune.ts'
import { portPreOp } from './ports.ts'
import type { ContainerSpec } from '../spec.ts'
import type { DaemonApi, Op } from './types.ts'

const OPS: Record<string, Op> = {
  'containers.json': listContainers,
  ...IMAGE_OPS,
  ...INSPECT_OPS,
  ...LIFECYCLE_OPS,
  ...LOG_OPS,
  ...VOLUME_OPS,
  ...CP_OPS,
  ...SYSTEM_OPS,
  ...PRUNE_OPS,
}

/** true/false when handled here, undefined when the op is daemon.ts's. */
export function* handleOp(d: DaemonApi, conn: number, m: Msg): Sys<boolean | undefined> {
  const op = String(m.op)
  // Named volumes are resolved in the request before daemon.ts's run (or create) sees it.
  if ((op === 'container.run' || op === 'container.create') && m.spec) {
    const stop = yield* volumePreOp(d, conn, m.spec as ContainerSpec)
    if (stop !== undefined) return stop
  }
  const ports = yield* portPreOp(d, conn, m)
  if (ports !== undefined) return ports
  // moby daemon/exec.go getActiveContainer: a frozen container takes no new process.
  if (op === 'container.exec') {
    const c = findContainer(d.containers.values(), String(m.ref ?? ''))
    if (c && stateOf(d, c) === 'paused') {
      yield* send(conn, { t: 'error', error: `Container ${c.id} is paused, unpause the container before exec` })
      return true
    }
  }
  return Object.hasOwn(OPS, op) ? yield* OPS[op]!(d, conn, m) : undefined
}
