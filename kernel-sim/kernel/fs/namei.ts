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
  sealed: boolean
  /**
   * The directory the walk came from, where ".." goes back to (a dentry's d_parent). Absent at
   * the root, and at a directory a walk started from through a dirfd until a ".." asks for it.
   */
  up: Frame | undefined
  /**
   * The last child the walk entered from here, and its name (the directory's own small dcache).
   * A walk that comes back to this frame (a directory fd's: lsns's fstatat(dirfd, "ns/<type>")
   * eight times per /proc/PID) takes it again when the directory hands back the same node for
   * the name, as lookup_fast() takes a dentry that d_revalidate() keeps.
   */
  d: Frame | undefined
  dname: string
}

/**
 * Every frame is made here, with all its fields: one object shape, so the walk's reads of
 * cur.path, cur.node, cur.sealed and cur.up stay monomorphic (frames of three shapes and the
 * dirfd's record as a fourth made them polymorphic in the walk every lookup goes through).
 */
function frame(path: string, node: VNode, sealed: boolean, up: Frame | undefined): Frame {
  return { path, node, sealed, up, d: undefined, dname: '' }
}

/** An open directory as a walk starts from it (openat(2) "dirfd"): kept by the caller, so its frame's dcache lasts. */
export type DirRef = Readonly<Pick<Frame, 'path' | 'node'>>

/** The start of walks through a directory fd. `sealed`: nothing is mounted below it (in the opener's mount table as it is now). */
export function dirRef(found: Resolved, sealed: boolean): DirRef {
  return frame(found.path, found.node, sealed, undefined)
}

/** Resolves `path` relative to an open directory's DirRef (the *at(2) calls on a kept directory fd). */
export function nameiFrom(k: Kernel, t: Task, at: DirRef, path: string, follow: boolean): Resolved | number {
  if (path === '') return -E.ENOENT
  return walk(k, t, path, follow, false, at as Frame) as Resolved | number
}

/** The task as it reaches a node found through a magic link: its credentials, that node's mount namespace and root. */
export function inView(t: Task, where: { mnt: number; root: string } | undefined): Task {
  return !where || (where.mnt === t.ns.mnt && where.root === t.root) ? t : { ...t, ns: { ...t.ns, mnt: where.mnt }, root: where.root }
}

/** Resolves a full path. `follow`: follow a final symlink. */
export function namei(k: Kernel, t: Task, path: string, follow = true): Resolved | number {
  if (path === '') return -E.ENOENT
  return walk(k, t, path, follow, false) as Resolved | number
}

/**
 * Resolves `path` relative to the directory `at` (an open directory fd: the *at(2) calls,
 * openat(2) "dirfd"): lookup starts there, without walking the directory's own path again.
 * `at.sealed`: the caller knows nothing is mounted below it (in t's mount table as it is now).
 */
export function nameiAt(k: Kernel, t: Task, at: Resolved & { sealed?: boolean }, path: string, follow = true): Resolved | number {
  if (path === '') return -E.ENOENT
  return walk(k, t, path, follow, false, frame(at.path, at.node, at.sealed === true, undefined)) as Resolved | number
}

/** Resolves all but the last component, for create/unlink/rename. */
export function nameiParent(k: Kernel, t: Task, path: string): ParentResolved | number {
  if (path === '') return -E.ENOENT
  return walk(k, t, path, false, true) as ParentResolved | number
}

/**
 * The walk (link_path_walk): one component at a time, read in place from the path (no array of
 * components; a symlink's target is put in front of what is left). The directories passed are a
 * chain of frames, each pointing up to the one it was entered from, for "..".
 * Returns a Resolved, or in `parentMode` a ParentResolved, or -errno.
 */
function walk(k: Kernel, t: Task, path: string, followLast: boolean, parentMode: boolean, at?: Frame): Resolved | ParentResolved | number {
  // The root's frame is looked up only when the walk needs it (an absolute path or link target):
  // a lookup through a dirfd (lsns's fstatat(dirfd, "ns/mnt")) never does.
  let root: Frame | undefined
  let jumped: { mnt: number; root: string } | undefined
  let cur: Frame
  if (path.charCodeAt(0) === 47 /* / */) cur = root = rootFrame(k, t)
  else if (at) cur = at
  else {
    if (t.cwdIn) {
      // The cwd is outside the task's root or mount namespace: relative walks start there, and ".."
      // climbs to that namespace's root, not the task's (the task's root is never passed on the way).
      t = inView(t, t.cwdIn)
      jumped = t.cwdIn
    }
    const cwd = framesFor(k, t, t.cwd)
    if (!cwd) return -E.ENOENT // cwd was removed
    cur = cwd
  }
  // Looked up when a step needs it (again whenever t changes: a magic link into another namespace);
  // a walk from a sealed directory (lsns's fstatat(dirfd of /proc/PID, "ns/mnt")) never does.
  let mounts: MountPaths | undefined
  let rest = path // what is left to walk, from `i`
  let i = skip(rest, 0)
  const trailingSlash = path.charCodeAt(path.length - 1) === 47 && i < path.length
  let links = 0
  while (i < rest.length) {
    let end = rest.indexOf('/', i)
    if (end < 0) end = rest.length
    const start = i
    i = skip(rest, end)
    const last = i === rest.length
    const a = meta(k, cur.node)
    if (a.type !== 'd') return -E.ENOTDIR
    if (!permitted(t.cred, a, MAY_EXEC)) return -E.EACCES
    if (end - start === 2 && rest.charCodeAt(start) === 46 && rest.charCodeAt(start + 1) === 46 /* .. */) {
      if (cur.path !== t.root) {
        if (!cur.up) {
          // A walk that started at a dirfd learns the directories above it only now.
          const chain = framesFor(k, t, cur.path)
          if (!chain) return -E.ENOENT
          cur = chain
        }
        cur = cur.up ?? cur
      }
      if (last && parentMode) return -E.EINVAL
      continue
    }
    const d = cur.d
    if (d !== undefined && cur.sealed && !(last && parentMode) && end - start === cur.dname.length && rest.startsWith(cur.dname, start) &&
      cur.node.kind === 'gen' && d.node.kind === 'gen' && cur.node.node.child?.(k, t, cur.dname) === d.node.node) {
      cur = d // the same node: the same frame, path and vnode
      continue
    }
    const name = rest.slice(start, end)
    const childPath = cur.path === '/' ? '/' + name : cur.path + '/' + name
    if (last && followLast && !parentMode && !trailingSlash && cur.sealed && links < SYMLOOP_MAX && cur.node.kind === 'gen' && cur.node.node.nsfsIno) {
      // A /proc/PID/ns link followed as the last component, nothing mounted below: its nsfs inode,
      // asked of the directory without making the link's node on the way (the answer below gives).
      const nsIno = cur.node.node.nsfsIno(k, name)
      if (nsIno !== undefined) return nsfsFound(cur.node, name, nsIno, childPath, jumped)
    }
    const mountsBelow = cur.sealed !== true && (mounts ??= mountPathsOf(k, t)).below(cur.path)
    const child = lookup(k, t, cur.node, childPath, name, mountsBelow ? mounts : undefined)
    if (typeof child === 'number') return child
    if (last && parentMode) {
      const found: ParentResolved = { dir: cur.node, dirPath: cur.path, name, node: child, in: jumped }
      return found
    }
    if (!child) return -E.ENOENT
    const ca = meta(k, child)
    if (ca.type === 'l' && (!last || followLast || trailingSlash)) {
      if (++links > SYMLOOP_MAX) return -E.ELOOP
      const magic = child.kind === 'gen' ? child.node.magic : undefined
      if (child.kind === 'gen' && child.node.nsIno !== undefined && last) {
        // /proc/PID/ns/* are magic links to the namespace's nsfs inode: a regular file, -r--r--r--,
        // owned by root, size 0 (fs/nsfs.c __ns_get_path: S_IFREG | S_IRUGO; namespaces(7)).
        // It is the last component: the walk ends here (no frame to go on from).
        if (trailingSlash) return -E.ENOTDIR
        return nsfsFound(child, undefined, child.node.nsIno, childPath, jumped)
      }
      if (magic?.access && !magic.access(t)) return -E.EACCES
      if (magic?.ino !== undefined) {
        // A file with no name (a memfd): the link is the inode itself. SIMPLIFICATION: on no mount
        // (-1; Linux's internal shm mount), so never on a read-only one.
        if (!last) return -E.ENOTDIR
        if (!k.inode(magic.ino)) return -E.ENOENT
        cur = frame(magic.path ?? childPath, { kind: 'tmpfs', ino: magic.ino, mount: -1 }, false, undefined)
        continue
      }
      if (magic?.path !== undefined && magic.in) {
        // /proc/PID/root, cwd, fd/N: the walk goes on in the mount namespace and under the root the
        // object lives in (another container's), with the walker's credentials: nd_jump_link().
        t = inView(t, magic.in)
        jumped = magic.in
        root = undefined
        mounts = undefined
        const there = framesFor(k, t, magic.path)
        if (!there) return -E.ENOENT
        cur = there
        continue
      }
      if (magic?.path !== undefined && last) {
        // Magic links resolve to the object itself (proc(5) /proc/[pid]/fd).
        const m = namei(k, t, magic.path, true)
        if (typeof m === 'number') return -E.ENXIO
        cur = frame(m.path, m.node, false, undefined)
        continue
      }
      const target = readlinkNode(k, child)
      if (target.charCodeAt(0) === 47 /* / */) cur = root ??= rootFrame(k, t)
      rest = last ? target : target + '/' + rest.slice(i) // the target's components come next
      i = skip(rest, 0)
      continue
    }
    const next = frame(childPath, child, !mountsBelow, cur)
    cur.d = next
    cur.dname = name
    cur = next
  }
  if (parentMode) {
    // "/" or a path ending in "..": no last component to create.
    const found: ParentResolved = { dir: cur.node, dirPath: cur.path, name: '', node: cur.node, in: jumped }
    return found
  }
  if (trailingSlash && meta(k, cur.node).type !== 'd') return -E.ENOTDIR
  const found: Resolved = { node: cur.node, path: cur.path, in: jumped }
  return found
}

/**
 * The nsfs inode a /proc/PID/ns/* link leads to: a regular file, -r--r--r--, owned by root, size 0
 * (fs/nsfs.c __ns_get_path: S_IFREG | S_IRUGO; namespaces(7)), found at the link's own path: the
 * link's node itself, or (`name` given) the one `name` names in the directory `at`.
 */
function nsfsFound(at: VNode & { kind: 'gen' }, name: string | undefined, nsIno: number, childPath: string, jumped: Resolved['in']): Resolved {
  const nsfs: GenNode = { type: 'f', mode: 0o444, uid: 0, gid: 0, nsIno }
  const path = name === undefined ? at.path : at.path === '/' ? '/' + name : at.path + '/' + name
  return { node: { kind: 'gen', fs: at.fs, path, node: nsfs, mount: at.mount }, path: childPath, in: jumped }
}

/** Where the next component of `p` starts at or after `i`, past slashes and "." components (p.length: none left). */
function skip(p: string, i: number): number {
  for (;;) {
    while (i < p.length && p.charCodeAt(i) === 47 /* / */) i++
    if (i < p.length && p.charCodeAt(i) === 46 /* . */ && (i + 1 === p.length || p.charCodeAt(i + 1) === 47)) i++
    else return i
  }
}

/** The frames of an absolute canonical path (a cwd, a link's object), linked up to the task's root: the last one, or undefined if gone. */
function framesFor(k: Kernel, t: Task, abs: string): Frame | undefined {
  let cur = rootFrame(k, t)
  const rel = t.root === '/' ? abs : abs.slice(t.root.length)
  const mounts = mountPathsOf(k, t)
  for (let i = 0; i < rel.length;) {
    let end = rel.indexOf('/', i)
    if (end < 0) end = rel.length
    if (end > i) {
      const name = rel.slice(i, end)
      const p = cur.path === '/' ? '/' + name : cur.path + '/' + name
      const child = lookup(k, t, cur.node, p, name, mounts)
      if (typeof child === 'number' || !child) return undefined
      cur = frame(p, child, false, cur)
    }
    i = end + 1
  }
  return cur
}

const rootFrame = (k: Kernel, t: Task): Frame => frame(t.root, rootNode(k, t), false, undefined)

function rootNode(k: Kernel, t: Task): VNode {
  if (t.root === '/') return mountRoot(k, t, '/')!
  return framesFor(k, { ...t, root: '/' }, t.root)?.node ?? mountRoot(k, t, '/')!
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
  const p = dir.path === '/' ? '/' + name : dir.path + '/' + name
  // A directory that looks up its own children, else the filesystem, asked for the whole path.
  const node = dir.node.child ? dir.node.child(k, t, name) : (k.genfs[dir.fs] as GenFs)(k, t, p, mountById(k, t, dir.mount))
  return node ? { kind: 'gen', fs: dir.fs, path: p, node, mount: dir.mount } : undefined
}

export function readlinkNode(k: Kernel, v: VNode): string {
  if (v.kind === 'tmpfs') return k.inode(v.ino)!.data
  return v.node.target?.() ?? ''
}
