// Docker's overlay2 graph driver (moby daemon/graphdriver/overlay2): each
// layer is /var/lib/docker/overlay2/<id>/ with `diff/` (its files), `link`
// (a 26-character short name; /var/lib/docker/overlay2/l/<short> → ../<id>/diff
// keeps the mount options short) and, above the first layer, `lower` (the short
// names below it, nearest first). A container gets a layer of its own
// (diff = the overlay's upperdir, work, merged) and its root filesystem is
//   mount -t overlay overlay -o lowerdir=<image layers>,upperdir=<id>/diff,workdir=<id>/work <id>/merged
// so starting one costs the same whatever the image's size, and what it
// changes is in its diff directory on the host.
// SIMPLIFICATION: no "<id>-init" layer (Docker's placeholders for /etc/hosts
// and friends); dockerd writes those files through the merged view instead.
import { E, MNT_DETACH, O_RDONLY } from '../../kernel-sim/abi/index.ts'
import { close, mkdir, open, readAll, symlink, unlink, type Sys } from '../libc/index.ts'
import { removeTree, writeFile } from './fsutil.ts'
import { mount, umount2 } from '../libc/index.ts'

export const OVERLAY2 = '/var/lib/docker/overlay2'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * The layer's short name: 26 characters of base32 as moby's generateID(26)
 * makes them. SIMPLIFICATION: derived from the layer id (FNV-1a) instead of
 * random bytes, so that pulling does not shift the seeded ids of containers.
 */
function shortId(id: string): string {
  let s = ''
  for (let i = 0; i < 26; i++) {
    let h = 0x811c9dc5 ^ i
    for (let j = 0; j < id.length; j++) h = Math.imul(h ^ id.charCodeAt(j), 0x01000193)
    s += BASE32[(h >>> 7) & 31]
  }
  return s
}

function* readSmall(path: string): Sys<string | number> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return fd
  const s = yield* readAll(fd)
  yield* close(fd)
  return s
}

/** Creates layer `id` (diff/, link, l/<short>, lower) on top of `parent` ('' for a base layer); 0 or -errno. */
export function* createLayer(id: string, parent: string, withWork: boolean): Sys<number> {
  const dir = `${OVERLAY2}/${id}`
  let r = yield* mkdir(dir, 0o710)
  if (r < 0 && r !== -E.EEXIST) return r
  r = yield* mkdir(`${dir}/diff`, 0o755)
  if (r < 0 && r !== -E.EEXIST) return r
  yield* mkdir(`${OVERLAY2}/l`, 0o700)
  const short = shortId(id)
  r = yield* symlink(`../${id}/diff`, `${OVERLAY2}/l/${short}`)
  if (r < 0) return r
  yield* writeFile(`${dir}/link`, short)
  if (parent) {
    const plink = yield* readSmall(`${OVERLAY2}/${parent}/link`)
    if (typeof plink === 'number') return plink
    const plower = yield* readSmall(`${OVERLAY2}/${parent}/lower`)
    yield* writeFile(`${dir}/lower`, `l/${plink}` + (typeof plower === 'string' && plower ? ':' + plower : ''))
  }
  if (withWork) {
    r = yield* mkdir(`${dir}/work`, 0o700)
    if (r < 0 && r !== -E.EEXIST) return r
  }
  return 0
}

/**
 * The container's layer over the image's top layer, mounted at <id>/merged
 * (the driver's Get): 0 or -errno from mkdir/mount.
 */
export function* mountContainerLayer(id: string, topLayer: string): Sys<number> {
  const r = yield* createLayer(id, topLayer, true)
  if (r < 0) return r
  const dir = `${OVERLAY2}/${id}`
  const m = yield* mkdir(`${dir}/merged`, 0o755)
  if (m < 0 && m !== -E.EEXIST) return m
  const lower = yield* readSmall(`${dir}/lower`)
  if (typeof lower === 'number') return lower
  const lowerdir = lower.split(':').map((l) => `${OVERLAY2}/${l}`).join(':')
  return yield* mount('overlay', `${dir}/merged`, 'overlay', 0, `lowerdir=${lowerdir},upperdir=${dir}/diff,workdir=${dir}/work`)
}

/** The driver's Put: unmount merged (lazily, as moby does). */
export function* unmountContainerLayer(id: string): Sys<void> {
  yield* umount2(`${OVERLAY2}/${id}/merged`, MNT_DETACH)
}

/** The driver's Remove: unmount, drop the l/ link, remove the layer directory. */
export function* removeLayer(id: string): Sys<void> {
  yield* unmountContainerLayer(id)
  const link = yield* readSmall(`${OVERLAY2}/${id}/link`)
  if (typeof link === 'string' && link) yield* unlink(`${OVERLAY2}/l/${link}`)
  yield* removeTree(`${OVERLAY2}/${id}`)
}
