// GET /version and /info (what docker version and docker info show of the
// daemon), and GET /system/df (docker system df): images (unique by id),
// containers and local volumes with how many are in use and how much space is theirs.
import { sysinfo, type Sys } from '../../libc/index.ts'
import { runcVersion } from '../runc.ts'
import type { DaemonInfo } from '../api.ts'
import { layerSize } from './layer-size.ts'
import { mountsOf } from './list.ts'
import { readTree, treeSize } from './tree.ts'
import { volumePath } from './volumes.ts'
import { ext, type DaemonApi, type Handler, type Handlers } from './types.ts'

const df: Handler<'system.df'> = function* (d, _m, reply) {
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
  yield* reply({ t: 'ok', images, containers, volumes })
}

function* daemonInfo(d: DaemonApi): Sys<DaemonInfo> {
  const si = yield* sysinfo()
  const running = [...d.containers.values()].filter((c) => c.status === 'running').length
  return { containers: d.containers.size, running, images: d.images.size, memTotal: si.totalram, security: yield* d.securityOptions(), runc: (yield* runcVersion()) ?? 'unknown' }
}

export const SYSTEM_OPS: Handlers<'system.df' | 'version' | 'info'> = {
  'system.df': df,
  *'version'(d, _m, reply) {
    yield* reply({ t: 'ok', ...(yield* daemonInfo(d)) })
  },
  *'info'(d, _m, reply) {
    yield* reply({ t: 'ok', ...(yield* daemonInfo(d)) })
  },
}
