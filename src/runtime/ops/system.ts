// GET /system/df (docker system df): images (unique by id), containers and
// local volumes with how many are in use and how much space is theirs.
import { send } from '../protocol.ts'
import { layerSize } from './layer-size.ts'
import { mountsOf } from './list.ts'
import { readTree, treeSize } from './tree.ts'
import { volumePath } from './volumes.ts'
import { ext, type Op } from './types.ts'

const df: Op = function* (d, conn) {
  const cs = [...d.containers.values()]
  const byId = new Map([...d.images.values()].map((i) => [i.id, i]))
  const images = [...byId.values()].map((i) => ({ size: i.size, active: cs.some((c) => c.imageId === i.id) }))
  const volumes = []
  for (const name of ext(d).volumes.keys()) {
    const t = yield* readTree(volumePath(name))
    volumes.push({ size: typeof t === 'number' ? 0 : treeSize(t), active: cs.some((c) => mountsOf(c).some((m) => m.Name === name)) })
  }
  const containers = []
  for (const c of cs) containers.push({ size: yield* layerSize(c.rootfs.replace(/merged$/, 'diff')), active: c.status === 'running' })
  yield* send(conn, { t: 'ok', images, containers, volumes })
  return true
}

export const SYSTEM_OPS: Record<string, Op> = { 'system.df': df }
