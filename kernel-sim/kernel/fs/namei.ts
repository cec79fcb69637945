// Path resolution (path_resolution(7)): walk components from the root or cwd,
// cross mount points, follow symlinks (at most 40), check search permission on
// every directory. Returns the node and its canonical path.
import { E, SYMLOOP_MAX } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import type { GenFs, GenNode } from './genfs.ts'
import { MAY_EXEC, permitted } from './perm.ts'
import { meta, type VNode } from './vnode.ts'
import { mountAt, mountById, mountPathsOf, type MountPaths } from '../ns/mnt-table.ts'
import { ovlRoot, ovlStep, type OvlMount } from './overlay.ts'
import type { Mount } from '../state.ts'

export interface Resolved {
  node: VNode
  /** Canonical absolute path. */
  path: string
  /** Set when a magic link took the walk into another mount namespace or root: where `path` names the node. */
  in?: { mnt: number; root: string }
}

export interface ParentResolved {
  dir: VNode
  dirPath: string
  /** Last component ('' for "/"). */
  name: string
  /** The existing node at that name, if any (not followed if a symlink). */
  node: VNode | undefined
  /** As Resolved.in: the namespace and root `dirPath` is in, after a magic link. */
  in?: { mnt: number; root: string }
}

interface Frame {
  path: string
  node: VNode
  /** Nothing is mounted anywhere below this directory (known from its parent's walk step). */
  sealed?: boolean
}

/** The task as it reaches a node found through a magic link: its credentials, that node's mount namespace and root. */
export function inView(t: Task, where: { mnt: number; root: string } | undefined): Task {
  return !where || (where.mnt === t.ns.mnt && where.root === t.root) ? t : { ...t, ns: { ...t.ns, mnt: where.mnt }, root: where.root }
}

/** Resolves a full path. `follow`: follow a final symlink. */
export function namei(k: Kernel, t: Task, path: string, follow = true): Resolved | number {
  if (path === '') return -E.ENOENT
  const r = walk(k, t, path, follow, false)
  if (typeof r === 'number') return r
  if (!r.node) return -E.ENOENT
  return r.in ? { node: r.node, path: r.path, in: r.in } : (r as Resolved) // no second object for the common case
}

/**
 * Resolves `path` relative to the directory `at` (an open directory fd: the *at(2) calls,
 * openat(2) "dirfd"): lookup starts there, without walking the directory's own path again.
 * `at.sealed`: the caller knows nothing is mounted below it (in t's mount table as it is now).
 */
export function nameiAt(k: Kernel, t: Task, at: Resolved & { sealed?: boolean }, path: string, follow = true): Resolved | number {
  if (path === '') return -E.ENOENT
  const r = walk(k, t, path, follow, false, at)
  if (typeof r === 'number') return r
  if (!r.node) return -E.ENOENT
  return r.in ? { node: r.node, path: r.path, in: r.in } : (r as Resolved) // no second object for the common case
}

/** Resolves all but the last component, for create/unlink/rename. */
export function nameiParent(k: Kernel, t: Task, path: string): ParentResolved | number {
  if (path === '') return -E.ENOENT
  const r = walk(k, t, path, false, true)
  if (typeof r === 'number') return r
  return { dir: r.dir, dirPath: r.dirPath, name: r.name, node: r.node, ...(r.in ? { in: r.in } : {}) }
}

interface WalkResult {
  node: VNode | undefined
  path: string
  dir: VNode
  dirPath: string
  name: string
  in?: { mnt: number; root: string }
}

function walk(k: Kernel, t: Task, path: string, followLast: boolean, parentMode: boolean, at?: Frame): WalkResult | number {
  // The root's frame is looked up only when the walk needs it (an absolute path or link target):
  // a lookup through a dirfd (lsns's fstatat(dirfd, "ns/mnt")) never does.
  let root: Frame | undefined
  let jumped: { mnt: number; root: string } | undefined
  let stack: Frame[]
  if (path.charCodeAt(0) === 47 /* / */) stack = [(root = rootFrame(k, t))]
  else if (at) {
    stack = path.includes('..') ? framesFor(k, t, at.path) : [at] // frames above `at` only matter for ".."
    if (stack.length === 0) return -E.ENOENT
  } else {
    if (t.cwdIn) {
      // The cwd is outside the task's root or mount namespace: relative walks start there, and ".."
      // climbs to that namespace's root, not the task's (the task's root is never passed on the way).
      t = inView(t, t.cwdIn)
      jumped = t.cwdIn
    }
    stack = framesFor(k, t, t.cwd)
    if (stack.length === 0) return -E.ENOENT // cwd was removed
  }
  // Looked up when a step needs it (again whenever t changes: a magic link into another namespace);
  // a walk from a sealed directory (lsns's fstatat(dirfd of /proc/PID, "ns/mnt")) never does.
  let mounts: MountPaths | undefined
  // Components are consumed from the end of a reversed list (push/pop, no shifting).
  const queue = components(path)
  const trailingSlash = path.endsWith('/') && queue.length > 0
  let links = 0
  while (queue.length > 0) {
    const name = queue.pop()!
    const cur = stack[stack.length - 1]!
    const a = meta(k, cur.node)
    if (a.type !== 'd') return -E.ENOTDIR
    if (!permitted(t.cred, a, MAY_EXEC)) return -E.EACCES
    if (name === '..') {
      if (stack.length > 1 && cur.path !== t.root) stack.pop()
      if (queue.length === 0 && parentMode) return -E.EINVAL
      continue
    }
    const last = queue.length === 0
    const childPath = cur.path === '/' ? '/' + name : cur.path + '/' + name
    const mountsBelow = cur.sealed !== true && (mounts ??= mountPathsOf(k, t)).below(cur.path)
    const child = lookup(k, t, cur.node, childPath, name, mountsBelow ? mounts : undefined)
    if (typeof child === 'number') return child
    if (last && parentMode) {
      return { node: child, path: childPath, dir: cur.node, dirPath: cur.path, name, in: jumped }
    }
    if (!child) return -E.ENOENT
    const ca = meta(k, child)
    if (ca.type === 'l' && (!last || followLast || trailingSlash)) {
      if (++links > SYMLOOP_MAX) return -E.ELOOP
      const magic = child.kind === 'gen' ? child.node.magic : undefined
      if (child.kind === 'gen' && child.node.nsIno !== undefined && last) {
        // /proc/PID/ns/* are magic links to the namespace's nsfs inode: a regular file, -r--r--r--,
        // owned by root, size 0 (fs/nsfs.c __ns_get_path: S_IFREG | S_IRUGO; namespaces(7)).
        const nsfs: GenNode = { type: 'f', mode: 0o444, uid: 0, gid: 0, nsIno: child.node.nsIno }
        stack.push({ path: childPath, node: { kind: 'gen', fs: child.fs, path: child.path, node: nsfs, mount: child.mount } })
        continue
      }
      if (magic?.access && !magic.access(t)) return -E.EACCES
      if (magic?.ino !== undefined) {
        // A file with no name (a memfd): the link is the inode itself. SIMPLIFICATION: on no mount
        // (-1; Linux's internal shm mount), so never on a read-only one.
        if (!last) return -E.ENOTDIR
        if (!k.inode(magic.ino)) return -E.ENOENT
        stack.push({ path: magic.path ?? childPath, node: { kind: 'tmpfs', ino: magic.ino, mount: -1 } })
        continue
      }
      if (magic?.path !== undefined && magic.in) {
        // /proc/PID/root, cwd, fd/N: the walk goes on in the mount namespace and under the root the
        // object lives in (another container's), with the walker's credentials: nd_jump_link().
        t = inView(t, magic.in)
        jumped = magic.in
        root = undefined
        mounts = undefined
        stack = framesFor(k, t, magic.path)
        if (stack.length === 0) return -E.ENOENT
        continue
      }
      if (magic?.path !== undefined && last) {
        // Magic links resolve to the object itself (proc(5) /proc/[pid]/fd).
        const m = namei(k, t, magic.path, true)
        if (typeof m === 'number') return -E.ENXIO
        stack.push({ path: m.path, node: m.node })
        continue
      }
      const target = readlinkNode(k, child)
      if (target.startsWith('/')) stack = [(root ??= rootFrame(k, t))]
      for (const c of components(target)) queue.push(c) // reversed: target's first component pops next
      continue
    }
    stack.push(mountsBelow ? { path: childPath, node: child } : { path: childPath, node: child, sealed: true })
  }
  const top = stack[stack.length - 1]!
  if (parentMode) {
    // "/" or a path ending in "..": no last component to create.
    return { node: top.node, path: top.path, dir: top.node, dirPath: top.path, name: '', in: jumped }
  }
  if (trailingSlash && meta(k, top.node).type !== 'd') return -E.ENOTDIR
  return { node: top.node, path: top.path, dir: top.node, dirPath: top.path, name: '', in: jumped }
}

/** Path components without '' and '.', in reverse order (the next one is last). */
function components(path: string): string[] {
  const out: string[] = []
  let end = path.length
  for (let i = path.length - 1; i >= -1; i--) {
    if (i === -1 || path.charCodeAt(i) === 47 /* / */) {
      if (end - i > 1) {
        const c = path.slice(i + 1, end)
        if (c !== '.') out.push(c)
      }
      end = i
    }
  }
  return out
}

/** The stack of frames for an absolute canonical path (used for cwd). */
function framesFor(k: Kernel, t: Task, abs: string): Frame[] {
  const frames: Frame[] = [{ path: t.root, node: rootNode(k, t) }]
  const rel = t.root === '/' ? abs : abs.slice(t.root.length)
  const mounts = mountPathsOf(k, t)
  for (const name of rel.split('/').filter(Boolean)) {
    const cur = frames[frames.length - 1]!
    const p = cur.path === '/' ? '/' + name : cur.path + '/' + name
    const child = lookup(k, t, cur.node, p, name, mounts)
    if (typeof child === 'number' || !child) return []
    frames.push({ path: p, node: child })
  }
  return frames
}

const rootFrame = (k: Kernel, t: Task): Frame => ({ path: t.root, node: rootNode(k, t) })

function rootNode(k: Kernel, t: Task): VNode {
  if (t.root === '/') return mountRoot(k, t, '/')!
  const frames = framesFor(k, { ...t, root: '/' }, t.root)
  return frames[frames.length - 1]?.node ?? mountRoot(k, t, '/')!
}

/** Root node of the filesystem mounted at `path`, if any (the last mount wins). */
export function mountRoot(k: Kernel, t: Task, path: string): VNode | undefined {
  // The last mount at `path` (an index derived once per table: tables hold a thousand mounts with a thousand containers).
  const m = mountAt(k, t, path)
  if (m) {
    if (m.ovl) return ovlRoot(k, m as Mount & { ovl: OvlMount })
    if (m.rootIno > 0) return { kind: 'tmpfs', ino: m.rootIno, mount: m.id }
    const fs = k.genfs[m.fstype]
    if (!fs) return undefined
    const root = m.genRoot ?? '/'
    const node = fs(k, t, root, m)
    if (!node) return undefined
    return { kind: 'gen', fs: m.fstype, path: root, node, mount: m.id }
  }
  return undefined
}

/** `mounts`: the table's mount points, when one may be at `childPath` (see MountPaths.below). */
function lookup(k: Kernel, t: Task, dir: VNode, childPath: string, name: string, mounts: MountPaths | undefined): VNode | undefined | number {
  const mounted = mounts?.has(childPath) ? mountRoot(k, t, childPath) : undefined
  if (mounted) return mounted
  if (dir.kind === 'tmpfs') {
    if (dir.ovl) return ovlStep(k, dir.ovl, dir.mount, name)
    const d = k.inode(dir.ino)!
    const ino = d.entries.get(name)
    return ino === undefined ? undefined : { kind: 'tmpfs', ino, mount: dir.mount }
  }
  const fs = k.genfs[dir.fs] as GenFs
  const p = dir.path === '/' ? '/' + name : dir.path + '/' + name
  const node = dir.node.child ? dir.node.child(k, t, name) : fs(k, t, p, mountById(k, t, dir.mount)) // a directory that looks up its own children
  return node ? { kind: 'gen', fs: dir.fs, path: p, node, mount: dir.mount } : undefined
}

export function readlinkNode(k: Kernel, v: VNode): string {
  if (v.kind === 'tmpfs') return k.inode(v.ino)!.data
  return v.node.target?.() ?? ''
}
