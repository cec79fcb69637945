// POST /images/prune and /volumes/prune: images no container uses (with
// all=true; dangling ones otherwise, and a pulled image is never dangling) and
// volumes no container mounts (all=true; otherwise only anonymous ones, which
// isolab does not make). Each answers what it removed and the space freed.
import { removeTree } from '../fsutil.ts'
import { mountsOf } from './list.ts'
import { readTree, treeSize } from './tree.ts'
import { volumePath } from './volumes.ts'
import { ext, type Handler, type Handlers } from './types.ts'

const images: Handler<'images.prune'> = function* (d, m, reply) {
  const lines: string[] = []
  let space = 0
  if (m.all) {
    const used = new Set([...d.containers.values()].map((c) => c.imageId))
    const gone = new Map<string, string[]>()
    for (const [k, i] of d.images) if (!used.has(i.id)) gone.set(i.id, [...(gone.get(i.id) ?? []), k])
    for (const [id, keys] of gone) {
      const img = d.images.get(keys[0]!)!
      for (const k of keys) {
        d.images.delete(k)
        lines.push(`untagged: ${k}`)
      }
      lines.push(`untagged: ${img.repo}@${img.digest}`, `deleted: sha256:${id}`)
      space += img.size
      const inUse = new Set([...d.images.values()].flatMap((i) => i.layers.map((l) => l.digest)))
      for (const l of img.layers) if (!inUse.has(l.digest)) yield* removeTree(`/var/lib/docker/overlay2/${l.digest}`)
    }
  }
  yield* reply({ t: 'ok', lines, space })
}

const volumes: Handler<'volumes.prune'> = function* (d, m, reply) {
  const names: string[] = []
  let space = 0
  if (m.all) {
    const used = new Set([...d.containers.values()].flatMap((c) => mountsOf(c).map((x) => x.Name)))
    for (const name of [...ext(d).volumes.keys()].sort()) {
      if (used.has(name)) continue
      const t = yield* readTree(volumePath(name))
      space += typeof t === 'number' ? 0 : treeSize(t)
      yield* removeTree(`/var/lib/docker/volumes/${name}`)
      ext(d).volumes.delete(name)
      names.push(name)
    }
  }
  yield* reply({ t: 'ok', names, space })
}

export const PRUNE_OPS: Handlers<'images.prune' | 'volumes.prune'> = { 'images.prune': images, 'volumes.prune': volumes }
