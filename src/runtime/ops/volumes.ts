// Named volumes (docs.docker.com/engine/storage/volumes/): `-v NAME:/path` gets
// /var/lib/docker/volumes/NAME/_data, made on first use and filled from the
// image's files at that path (the volume copy-up), shared by every container
// that names it and kept after `docker rm`; `docker volume create/ls/inspect/rm`.
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, getrandom, type Sys } from '../../libc/index.ts'
import { rfc3339 } from '../format.ts'
import { mkdirP, removeTree, unpackLayers } from '../fsutil.ts'
import { normalizeRef } from '../images.ts'
import type { ContainerSpec } from '../spec.ts'
import { mountsOf } from './list.ts'
import { ext, type DaemonApi, type Handler, type Handlers } from './types.ts'

export const volumePath = (name: string) => `/var/lib/docker/volumes/${name}/_data`
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

function* ensure(d: DaemonApi, name: string): Sys<boolean> {
  const vols = ext(d).volumes
  if (vols.has(name)) return false
  yield* mkdirP(volumePath(name), 0o755)
  vols.set(name, { name, createdNs: yield* clockGettime(CLOCK_REALTIME) })
  return true
}

/**
 * Before dockerd creates a container: each bind whose source is not a path names
 * a volume; it is made if new (and filled with the image's files under the
 * mount point) and the bind is pointed at its _data. An error text, or ''.
 */
export function* resolveVolumes(d: DaemonApi, spec: ContainerSpec): Sys<string> {
  for (const b of spec.binds) {
    if (b.source.startsWith('/')) continue
    if (!NAME.test(b.source)) return `create ${b.source}: "${b.source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`
    const name = b.source
    const fresh = yield* ensure(d, name)
    const img = d.images.get(normalizeRef(spec.image) ?? '')
    if (fresh && img) {
      const prefix = b.target.replace(/\/$/, '') + '/'
      const layers = img.layers.map((l) => ({ digest: l.digest, entries: l.entries.filter((e) => e.path.startsWith(prefix)).map((e) => ({ ...e, path: e.path.slice(prefix.length - 1) })) }))
      yield* unpackLayers(volumePath(name), layers)
    }
    b.source = volumePath(name)
  }
  return ''
}

const users = (d: DaemonApi, name: string) => [...d.containers.values()].filter((c) => mountsOf(c).some((m) => m.Name === name))

function doc(name: string, createdNs: number) {
  return { CreatedAt: rfc3339(createdNs).replace(/\.\d+Z$/, 'Z'), Driver: 'local', Labels: null, Mountpoint: volumePath(name), Name: name, Options: null, Scope: 'local' }
}

const create: Handler<'volume.create'> = function* (d, m, reply) {
  let name = m.name
  if (!name) {
    const b = yield* getrandom(32)
    for (let i = 0; i < b.length; i++) name += b.charCodeAt(i).toString(16).padStart(2, '0')
  }
  if (!NAME.test(name)) yield* reply({ t: 'error', error: `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path` })
  else {
    yield* ensure(d, name)
    yield* reply({ t: 'ok', name })
  }
}

const list: Handler<'volume.list'> = function* (d, _m, reply) {
  yield* reply({ t: 'ok', names: [...ext(d).volumes.keys()].sort() })
}

const inspect: Handler<'volume.inspect'> = function* (d, m, reply) {
  const v = ext(d).volumes.get(m.name)
  yield* reply(v ? { t: 'ok', json: doc(v.name, v.createdNs) } : { t: 'error', error: `get ${m.name}: no such volume` })
}

const remove: Handler<'volume.remove'> = function* (d, m, reply) {
  const name = m.name
  const v = ext(d).volumes.get(name)
  const using = users(d, name)
  if (!v) yield* reply({ t: 'error', error: `get ${name}: no such volume` })
  else if (using.length && !m.force) yield* reply({ t: 'error', error: `remove ${name}: volume is in use - [${using.map((c) => c.id).join(', ')}]` })
  else {
    yield* removeTree(`/var/lib/docker/volumes/${name}`)
    ext(d).volumes.delete(name)
    yield* reply({ t: 'ok' })
  }
}

export const VOLUME_OPS: Handlers<'volume.create' | 'volume.list' | 'volume.inspect' | 'volume.remove'> = { 'volume.create': create, 'volume.list': list, 'volume.inspect': inspect, 'volume.remove': remove }
