// overlayfs (Documentation/filesystems/overlayfs.rst): a merged view of one
// writable upper directory over read-only lower directories, all on tmpfs.
//
// A node of an overlay mount is the real tmpfs inode that provides it (the
// topmost layer holding the name) plus an OvlRef: its path inside the overlay,
// the real directories of every layer that merge into it (directories only),
// and whether the real inode is in the upper layer. Reads go straight to the
// real inode; anything that changes a node first copies it up (ovlCopyUp), and
// removing a name that a lower layer provides leaves a whiteout in upper.
//
// Lookup: "a lookup is performed in each actual directory and the combined
// result is cached": the upper entry wins; a whiteout (a character device 0/0)
// hides the name; a non-directory hides everything below; directories merge
// until one is opaque (xattr "trusted.overlay.opaque" = "y").
// SIMPLIFICATION: a file opened read-only before it is copied up keeps reading
// the lower file (as Linux did before 4.19); permissions are checked for the
// caller only, not also with the mounter's credentials on the real inode; no
// redirect_dir, metacopy, index or xino (their options are accepted, not used).
// SIMPLIFICATION: copy-up happens in place in upper, without staging in workdir/work.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Inode, Mount, Task } from '../state.ts'
import { mountById } from '../ns/mnt-table.ts'
import { dirAdd, dirNames, dirRemove, dropLink, newInode } from './tmpfs.ts'
import { shmemBytes } from './shmem.ts'
import type { VNode } from './vnode.ts'
import { pageCacheView } from './pagecache.ts'

export interface OvlRef {
  /** Path inside the overlay ("/" for its root). */
  path: string
  /** Directories: the real directory of each layer that merges into it, top first. Others: [ino]. */
  layers: number[]
  /** The real inode (layers[0]) is in the upper layer. */
  upper: boolean
  /** The overlay's anonymous device minor (st_dev 0:N). */
  dev: number
}

/** An overlay mount's layers (Mount.ovl). `upper` is 0 for a lowerdir-only (read-only) overlay. */
export interface OvlMount {
  upper: number
  work: number
  lowers: number[]
  /** Bind mounts of a directory inside an overlay: that directory's path in it. */
  path: string
  /** Superblock options as given: "lowerdir=...,upperdir=...,workdir=...". */
  opts: string
  /** Anonymous device minor (st_dev 0:N, mountinfo field 3). */
  dev: number
}

export const OPAQUE_XATTR = 'trusted.overlay.opaque'

/** "A whiteout is created as a character device with 0/0 device number." */
export const isWhiteout = (i: Inode) => i.type === 'c' && i.rdev === 0
export const isOpaque = (i: Inode) => i.xattr?.[OPAQUE_XATTR] === 'y'

/** Is this a node of an overlay mount? */
/** A node of an overlay mount. */
export type OvlNode = { kind: 'tmpfs'; ino: number; mount: number; ovl: OvlRef }

export const isOvl = (v: VNode | undefined): v is OvlNode => v?.kind === 'tmpfs' && v.ovl !== undefined

const join = (dir: string, name: string) => (dir === '/' ? '/' + name : dir + '/' + name)

/** One path step in a merged directory; undefined if no layer has the name (or it is whited out). */
export function ovlStep(k: Kernel, dir: OvlRef, mount: number, name: string): VNode | undefined {
  const layers = dir.layers
  const found: number[] = []
  let upper = false
  let isDir = false
  for (let i = 0; i < layers.length; i++) {
    const ino = k.inode(layers[i]!)!.entries.get(name)
    if (ino === undefined) continue
    const n = k.inode(ino)!
    if (isWhiteout(n)) break
    if (found.length === 0) {
      upper = i === 0 && dir.upper
      isDir = n.type === 'd'
    } else if (n.type !== 'd') break // a non-directory below a directory ends the merge
    found.push(ino)
    if (!isDir || isOpaque(n)) break
  }
  if (found.length === 0) return undefined
  return { kind: 'tmpfs', ino: found[0]!, mount, ovl: { path: join(dir.path, name), layers: found, upper, dev: dir.dev } }
}

/** The overlay mount's root (or, for a bind mount of a subdirectory, that directory). */
export function ovlRoot(k: Kernel, m: Mount & { ovl: OvlMount }): VNode | undefined {
  const o = m.ovl
  if (o.path === '/') {
    // The root's node is the mount's layers and nothing else (no inode is read): one per row, not one
    // per walk that enters the mount (every absolute path a container's processes look up).
    let v = ROOTS.get(m)
    if (!v) ROOTS.set(m, (v = rootNode(m.id, o)))
    return v
  }
  let v: VNode | undefined = rootNode(m.id, o)
  for (const name of o.path.split('/').filter(Boolean)) {
    if (!isOvl(v)) return undefined
    v = ovlStep(k, v.ovl, m.id, name)
  }
  return v
}

/** Root nodes by mount row (rows are replaced, never edited; nodes are never edited either). */
const ROOTS = new WeakMap<Mount, OvlNode>()

function rootNode(mount: number, o: OvlMount): OvlNode {
  const layers = o.upper ? [o.upper, ...o.lowers] : o.lowers
  return { kind: 'tmpfs', ino: layers[0]!, mount, ovl: { path: '/', layers, upper: o.upper !== 0, dev: o.dev } }
}

/** The merged listing of a directory: names of every layer, minus whiteouts and below opaque layers. */
export function ovlList(k: Kernel, dir: OvlRef): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const d of dir.layers) {
    const layer = k.inode(d)!
    for (const name of dirNames(layer)) {
      const ino = layer.entries.get(name)!
      if (seen.has(name)) continue
      seen.add(name)
      if (!isWhiteout(k.inode(ino)!)) out.push(name)
    }
  }
  return out
}

function ovlMountOf(k: Kernel, t: Task, v: VNode): OvlMount {
  const m = mountById(k, t, v.mount)
  if (!m?.ovl) throw new Error(`kernel bug: overlay node on mount ${v.mount} without layers`)
  return m.ovl
}

/** A new upper inode with the lower one's type, mode, owner, times and contents (copy_up preserves them). */
function copyInode(k: Kernel, lower: Inode): number {
  const n = newInode(k, lower.type, lower.mode, lower.uid, lower.gid)
  n.atimeNs = lower.atimeNs
  n.mtimeNs = lower.mtimeNs
  n.ctimeNs = lower.ctimeNs
  n.rdev = lower.rdev
  if (lower.type !== 'd') {
    // copy_up reads the lower file through the page cache: a changed cached page is what gets copied.
    n.data = lower.type === 'f' ? pageCacheView(k, lower.ino) : lower.data
    if (lower.type === 'f') k.ctr().shmemBytes += shmemBytes(n.data.length) // dirAdd moves it to the disk's count in a disk-backed upper
  }
  return n.ino
}

/**
 * The upper directory for the overlay directory at `path`, copying up every
 * missing ancestor (the lower directory's mode and owner, no entries: they
 * still come from below).
 */
function upperDirFor(k: Kernel, t: Task, mountId: number, path: string): number {
  const o = ovlMountOf(k, t, { kind: 'tmpfs', ino: 0, mount: mountId })
  const root: VNode = { kind: 'tmpfs', ino: o.upper, mount: mountId, ovl: { path: '/', layers: [o.upper, ...o.lowers], upper: true, dev: o.dev } }
  let cur = root as OvlNode
  for (const name of path.split('/').filter(Boolean)) {
    const next = ovlStep(k, cur.ovl, mountId, name)
    if (!isOvl(next)) throw new Error(`kernel bug: overlay copy-up of missing ${path}`)
    cur = next.ovl.upper ? next : placeUp(k, cur.ino, name, next)
  }
  return cur.ino
}

/** Puts a copy of `lower` into the upper directory `upperDir` as `name`. */
function placeUp(k: Kernel, upperDir: number, name: string, lower: OvlNode): OvlNode {
  const ino = copyInode(k, k.inode(lower.ino)!)
  if (k.inode(upperDir)!.entries.get(name) !== undefined) dirRemove(k, upperDir, name) // cannot be (lookup found no upper entry)
  dirAdd(k, upperDir, name, ino)
  const layers = lower.ovl.layers.length > 1 || k.inode(ino)!.type === 'd' ? [ino, ...lower.ovl.layers] : [ino]
  return { ...lower, ino, ovl: { ...lower.ovl, layers, upper: true } }
}

/**
 * copy_up: makes `v` an upper object before it changes. Regular files take
 * their data along; directories come up empty (their entries keep merging
 * from below). Non-overlay nodes and upper nodes are returned as they are.
 */
export function ovlCopyUp(k: Kernel, t: Task, v: VNode): VNode {
  if (!isOvl(v) || v.ovl.upper) return v
  const slash = v.ovl.path.lastIndexOf('/')
  const parentPath = v.ovl.path.slice(0, slash) || '/'
  const dir = upperDirFor(k, t, v.mount, parentPath)
  return placeUp(k, dir, v.ovl.path.slice(slash + 1), v)
}

/** Does a layer below upper provide `name` in this merged directory? (Then removing it needs a whiteout.) */
export function lowerHas(k: Kernel, dir: OvlRef, name: string): boolean {
  for (let i = dir.upper ? 1 : 0; i < dir.layers.length; i++) {
    const ino = k.inode(dir.layers[i]!)!.entries.get(name)
    if (ino !== undefined) return !isWhiteout(k.inode(ino)!)
  }
  return false
}

/**
 * The upper directory to create `name` in (copied up if needed), with a
 * whiteout at that name removed. `overWhiteout`: a directory made there must
 * be opaque, or the lower directory's entries would show through.
 */
export function ovlCreateAt(k: Kernel, t: Task, dir: VNode, name: string): { dir: number; overWhiteout: boolean } {
  if (dir.kind !== 'tmpfs' || !dir.ovl) return { dir: dir.kind === 'tmpfs' ? dir.ino : 0, overWhiteout: false }
  const up = upperDirFor(k, t, dir.mount, dir.ovl.path)
  const cur = k.inode(up)!.entries.get(name)
  if (cur !== undefined && isWhiteout(k.inode(cur)!)) {
    dirRemove(k, up, name)
    dropLink(k, cur)
    return { dir: up, overWhiteout: true }
  }
  return { dir: up, overWhiteout: lowerHas(k, dir.ovl, name) }
}

/** Creates a whiteout for `name` in the upper directory `dir` (ovl_whiteout). */
export function makeWhiteout(k: Kernel, dir: number, name: string): void {
  const w = newInode(k, 'c', 0, 0, 0)
  w.rdev = 0
  dirAdd(k, dir, name, w.ino)
}

/**
 * Removes `name` (the node `node`) from the merged directory `dir`: the upper
 * entry goes, and if a lower layer has the name a whiteout takes its place.
 * For a directory, an upper copy holding only whiteouts is cleared first.
 */
export function ovlRemove(k: Kernel, t: Task, dir: VNode, name: string, node: VNode): number {
  if (dir.kind !== 'tmpfs' || !dir.ovl || node.kind !== 'tmpfs') return 0
  const up = upperDirFor(k, t, dir.mount, dir.ovl.path)
  const whiteout = lowerHas(k, dir.ovl, name)
  if (node.ovl?.upper) {
    const i = k.inode(node.ino)!
    if (i.type === 'd') {
      for (const [n, c] of [...i.entries]) {
        dirRemove(k, node.ino, n)
        dropLink(k, c)
      }
    }
    dirRemove(k, up, name)
    dropLink(k, node.ino)
  }
  if (whiteout) makeWhiteout(k, up, name)
  return 0
}

/** Is the directory empty as the overlay shows it (rmdir(2) ENOTEMPTY otherwise)? */
export function ovlEmpty(k: Kernel, v: VNode): boolean {
  return v.kind === 'tmpfs' && v.ovl ? ovlList(k, v.ovl).length === 0 : true
}

/**
 * rename(2) on an overlay, without redirect_dir: "rename(2) on a lower or
 * merged directory will fail with EXDEV"; a directory only in upper moves.
 */
export function ovlRenameDirBlocked(k: Kernel, v: VNode): boolean {
  if (v.kind !== 'tmpfs' || !v.ovl || k.inode(v.ino)!.type !== 'd') return false
  return !v.ovl.upper || v.ovl.layers.length > 1
}

/**
 * rename(2) inside an overlay: the source is copied up and moved in upper; a
 * whiteout is left where a lower layer still has the old name. Directories
 * that are lower or merged: EXDEV (no redirect_dir), as for a merged target.
 */
export function ovlRename(k: Kernel, t: Task, srcDir: VNode, srcName: string, srcNode: VNode, dstDir: VNode, dstName: string, dstNode: VNode | undefined): number {
  if (!isOvl(srcDir) || !isOvl(dstDir) || srcDir.mount !== dstDir.mount) return -E.EXDEV
  if (ovlRenameDirBlocked(k, srcNode) || (dstNode && ovlRenameDirBlocked(k, dstNode))) return -E.EXDEV
  const whiteout = lowerHas(k, srcDir.ovl, srcName)
  const moved = ovlCopyUp(k, t, srcNode) as { ino: number }
  const from = upperDirFor(k, t, srcDir.mount, srcDir.ovl.path)
  const to = ovlCreateAt(k, t, dstDir, dstName)
  if (dstNode && isOvl(dstNode) && dstNode.ovl.upper) {
    dirRemove(k, to.dir, dstName)
    dropLink(k, dstNode.ino)
  }
  dirRemove(k, from, srcName)
  dirAdd(k, to.dir, dstName, moved.ino)
  if (whiteout) makeWhiteout(k, from, srcName)
  return 0
}
