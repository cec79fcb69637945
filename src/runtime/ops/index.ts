// dockerd's dispatch table: one handler per request of api.ts, gathered from
// the modules that own each group. Its type is a mapped type over the request
// map, so a request without a handler, or a handler for the wrong request,
// fails the typecheck.
import type { Sys } from '../../libc/index.ts'
import type { AnyRequest, OpName, Reply, Request } from '../api.ts'
import { networkOps } from '../networks-daemon.ts'
import { send } from '../protocol.ts'
import { STATS_OPS } from '../stats.ts'
import { CONTAINER_OPS } from './containers.ts'
import { CP_OPS } from './cp.ts'
import { IMAGE_OPS } from './images.ts'
import { INSPECT_OPS } from './inspect.ts'
import { LIFECYCLE_OPS } from './lifecycle.ts'
import { listContainers } from './list.ts'
import { LOG_OPS } from './logs.ts'
import { PRUNE_OPS } from './prune.ts'
import { SYSTEM_OPS } from './system.ts'
import { VOLUME_OPS } from './volumes.ts'
import type { DaemonApi, Handlers } from './types.ts'

const HANDLERS: Handlers<OpName> = {
  'containers.json': listContainers,
  ...CONTAINER_OPS,
  ...LIFECYCLE_OPS,
  ...INSPECT_OPS,
  ...LOG_OPS,
  ...STATS_OPS,
  ...CP_OPS,
  ...IMAGE_OPS,
  ...VOLUME_OPS,
  ...SYSTEM_OPS,
  ...PRUNE_OPS,
  ...networkOps,
}

function* dispatch<K extends OpName>(d: DaemonApi, conn: number, m: Request<K>): Sys<void> {
  const handler: Handlers<K>[K] = HANDLERS[m.op]
  yield* handler(d, m, (r: Reply<K>) => send(conn, r), conn)
}

/** Serves one request read from `conn` (the Engine's 404 wording for an operation it does not know). */
export function* handleRequest(d: DaemonApi, conn: number, m: { op?: unknown }): Sys<void> {
  if (typeof m.op === 'string' && Object.hasOwn(HANDLERS, m.op)) yield* dispatch(d, conn, m as AnyRequest)
  else yield* send(conn, { t: 'error', error: `page not found (${String(m.op)})` })
}
