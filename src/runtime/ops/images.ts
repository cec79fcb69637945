// Image operations beside pull and list: GET /images/json with the fields
// `docker images --format` shows, DELETE /images/{name} (docker rmi, with
// moby's conflict rules), POST /images/{name}/tag, GET /images/{name}/history.
// A tag is one more key in the daemon's image table pointing at the same id.
import { removeLayer } from '../overlay2.ts'
import { normalizeRef, REPOSITORIES, type Image } from '../images.ts'
import { rfc3339 } from '../format.ts'
import type { DaemonApi, Handler, Handlers } from './types.ts'

/** A name ("alpine", "alpine:latest") or an id prefix → the table keys it names. */
export function findImage(d: DaemonApi, ref: string): { key?: string; img: Image } | undefined {
  const key = normalizeRef(ref)
  const byName = key === undefined ? undefined : d.images.get(key)
  if (byName) return { key, img: byName }
  const hex = ref.replace(/^sha256:/, '')
  if (!/^[0-9a-f]+$/.test(hex)) return undefined
  const ids = new Set([...d.images.values()].filter((i) => i.id.startsWith(hex)).map((i) => i.id))
  if (ids.size !== 1) return undefined
  const img = [...d.images.values()].find((i) => i.id.startsWith(hex))!
  return { img }
}

const listImages: Handler<'images.json'> = function* (d, _m, reply) {
  const users = (id: string) => [...d.containers.values()].filter((c) => c.imageId === id).length
  const rows = [...d.images.values()].map((i) => ({ repo: i.repo, tag: i.tag, id: i.id, digest: i.digest, created: i.created, size: i.size, containers: users(i.id) }))
  yield* reply({ t: 'ok', images: rows })
}

const tagImage: Handler<'image.tag'> = function* (d, m, reply) {
  const src = findImage(d, m.ref)
  const target = normalizeRef(m.target)
  if (!src) yield* reply({ t: 'error', error: `No such image: ${normalizeRef(m.ref) ?? m.ref}` })
  else if (!target) yield* reply({ t: 'error', error: 'invalid reference format', client: true })
  else {
    const i = target.lastIndexOf(':')
    d.images.set(target, { ...src.img, repo: target.slice(0, i), tag: target.slice(i + 1) })
    yield* reply({ t: 'ok' })
  }
}

const removeImage: Handler<'image.remove'> = function* (d, m, reply) {
  const ref = m.ref
  const hit = findImage(d, ref)
  if (!hit) {
    yield* reply({ t: 'error', error: `No such image: ${/^[0-9a-f]+$/.test(ref) ? ref : normalizeRef(ref) ?? ref}` })
    return
  }
  const { img } = hit
  const keys = hit.key ? [hit.key] : [...d.images.entries()].filter(([, i]) => i.id === img.id).map(([k]) => k)
  const others = [...d.images.entries()].filter(([k, i]) => i.id === img.id && !keys.includes(k))
  const users = [...d.containers.values()].filter((c) => c.imageId === img.id)
  const short = img.id.slice(0, 12)
  if (users.length && others.length === 0 && !m.force) {
    const c = users[0]!
    // moby daemon/images/image_delete.go: a name is "must force"; an id with a running container "cannot be forced".
    const error = hit.key
      ? `conflict: unable to remove repository reference "${ref}" (must force) - container ${c.id.slice(0, 12)} is using its referenced image ${short}`
      : `conflict: unable to delete ${short} (${c.status === 'running' ? 'cannot' : 'must'} be forced) - image is being used by ${c.status === 'running' ? 'running' : 'stopped'} container ${c.id.slice(0, 12)}`
    yield* reply({ t: 'error', error })
    return
  }
  if (hit.key === undefined && keys.length > 1 && !m.force) {
    yield* reply({ t: 'error', error: `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories` })
    return
  }
  const lines: string[] = []
  for (const k of keys) {
    d.images.delete(k)
    lines.push(`Untagged: ${k}`)
  }
  if (others.length === 0) {
    lines.push(`Untagged: ${img.repo}@${img.digest}`, `Deleted: sha256:${img.id}`)
    // SIMPLIFICATION: layer directories go with their last image, but no "Deleted:" line per layer (no diff ids).
    const inUse = new Set([...d.images.values()].flatMap((i) => i.layers.map((l) => l.digest)))
    // The graph driver's Remove: the layer's l/<short> link goes with its directory.
    for (const l of img.layers) if (!inUse.has(l.digest)) yield* removeLayer(l.digest)
  }
  yield* reply({ t: 'ok', lines })
}

const history: Handler<'image.history'> = function* (d, m, reply) {
  const hit = findImage(d, m.ref)
  if (!hit) {
    yield* reply({ t: 'error', error: `No such image: ${normalizeRef(m.ref) ?? m.ref}` })
    return
  }
  const i = hit.img
  // SIMPLIFICATION: one ADD step per layer (sizes split evenly), then the image's config steps.
  const per = Math.round(i.size / i.layers.length)
  const rows = [
    `CMD ${JSON.stringify(i.cmd)}`,
    ...(i.exposedPorts.length ? [`EXPOSE map[${i.exposedPorts.join(' ')}:{}]`] : []),
    ...(i.entrypoint.length ? [`ENTRYPOINT ${JSON.stringify(i.entrypoint)}`] : []),
  ].map((by) => ({ by, size: 0 })).concat(i.layers.map((l) => ({ by: `ADD ${l.digest}.tar.gz / # buildkit`, size: per })).reverse())
  yield* reply({ t: 'ok', id: i.id, created: i.created, rows })
}

/** GET /images/{name}/json: the fields `docker image inspect` shows most. */
const inspectImage: Handler<'image.json'> = function* (d, m, reply) {
  const hit = findImage(d, m.ref)
  if (!hit) {
    yield* reply({ t: 'error', error: `No such image: ${normalizeRef(m.ref) ?? m.ref}` })
    return
  }
  const i = hit.img
  const tags = [...d.images.entries()].filter(([, x]) => x.id === i.id).map(([k]) => k)
  const json = {
    Id: `sha256:${i.id}`, RepoTags: tags, RepoDigests: [`${i.repo}@${i.digest}`], Parent: '', Comment: 'buildkit.dockerfile.v0',
    Created: rfc3339(i.created * 1e9), DockerVersion: '',
    Config: { Env: i.env, Cmd: i.cmd, Entrypoint: i.entrypoint.length ? i.entrypoint : null, ExposedPorts: i.exposedPorts.length ? Object.fromEntries(i.exposedPorts.map((p) => [p, {}])) : null, WorkingDir: '' },
    Architecture: 'amd64', Os: 'linux', Size: i.size,
    GraphDriver: { Name: 'overlay2', Data: { MergedDir: '', UpperDir: `/var/lib/docker/overlay2/${i.layers.at(-1)!.digest}/diff` } },
    RootFS: { Type: 'layers', Layers: i.layers.map((l) => `sha256:${l.digest}`) },
  }
  yield* reply({ t: 'ok', json })
}

/** GET /images/search: the registry's repositories whose name or description contains the term, most stars first. */
const searchImages: Handler<'images.search'> = function* (_d, m, reply) {
  const term = m.term.toLowerCase()
  const results = Object.entries(REPOSITORIES)
    .filter(([name, r]) => name.includes(term) || r.description.toLowerCase().includes(term))
    .map(([name, r]) => ({ name, description: r.description, stars: r.stars, official: r.official }))
    .sort((a, b) => b.stars - a.stars || a.name.localeCompare(b.name))
  yield* reply({ t: 'ok', results })
}

/** Whether the image is here (docker pull's "Image is up to date"; docker run's pull on demand). */
const haveImage: Handler<'image.inspect'> = function* (d, m, reply) {
  const key = normalizeRef(m.ref)
  const img = key === undefined ? undefined : d.images.get(key)
  yield* reply({ t: 'ok', found: img !== undefined, digest: img?.digest ?? '' })
}

export const IMAGE_OPS: Handlers<'image.inspect' | 'image.pull' | 'images.json' | 'image.tag' | 'image.remove' | 'image.history' | 'image.json' | 'images.search'> = {
  'image.inspect': haveImage,
  *'image.pull'(d, m, _reply, conn) {
    yield* d.pull(conn, m.ref)
  },
  'images.search': searchImages,
  'images.json': listImages, 'image.tag': tagImage, 'image.remove': removeImage, 'image.history': history, 'image.json': inspectImage,
}
