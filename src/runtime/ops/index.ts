// dockerd operations that live outside daemon.ts, one module per group; the
// daemon's request loop asks here first (so an op here may also refine one of
// daemon.ts's, as containers.json does for docker ps).
import type { Sys } from '../../libc/index.ts'
import type { Msg } from '../protocol.ts'
import { listContainers } from './list.ts'
import { IMAGE_OPS } from './images.ts'
import { INSPECT_OPS } from './inspect.ts'
import { LIFECYCLE_OPS } from './lifecycle.ts'
import { LOG_OPS } from './logs.ts'
import type { DaemonApi, Op } from './types.ts'

const OPS: Record<string, Op> = {
  'containers.json': listContainers,
  ...IMAGE_OPS,
  ...INSPECT_OPS,
  ...LIFECYCLE_OPS,
  ...LOG_OPS,
}

/** true/false when handled here, undefined when the op is daemon.ts's. */
export function* handleOp(d: DaemonApi, conn: number, m: Msg): Sys<boolean | undefined> {
  const op = String(m.op)
  return Object.hasOwn(OPS, op) ? yield* OPS[op]!(d, conn, m) : undefined
}
