// cgroupfs: the cgroup2 filesystem (mounted at /sys/fs/cgroup by boot). A
// directory per cgroup, its interface files (files.ts) rendered from the tree
// when read; mkdir and rmdir create and remove cgroups (cgroup_mkdir,
// cgroup_rmdir). Paths are relative to the mount: "/", "/a/b/cgroup.procs".
import { E } from '../../abi/index.ts'
import { objectKeyOrder } from '../../base/key-order.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import type { GenFs, GenNode } from '../fs/genfs.ts'
import { cgroupFiles, type CgFile } from './files.ts'
import { cgroupMkdir, cgroupRmdir } from './hierarchy.ts'
import { cg, ROOT } from './table.ts'
import type { Cgroup } from './types.ts'

export const cgroupfs: GenFs = (k, viewer, path, mount) => {
  const root = cg(k, mount?.cgroupRoot ?? ROOT)
  if (!root) return undefined // the namespace's root cgroup was removed
  let c: Cgroup = root
  const parts = path.split('/').filter(Boolean)
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!
    const child = c.children.get(name)
    if (child !== undefined) {
      c = cg(k, child)!
      continue
    }
    if (i !== parts.length - 1) return undefined
    return fileNode(k, viewer, c, name)
  }
  return dirNode(k, c)
}

/**
 * A cgroup's directory. It keeps the cgroup's id alone (its methods read the tree when called), so
 * it is kept with the cgroup's record (immutable; a changed cgroup gets a new one): walking through
 * /sys/fs/cgroup/a/b builds nothing for a and b each time. It looks up its own children (namei asks
 * it for one name, not cgroupfs for the whole path from the mount's root, and meets the same node
 * again when the cgroup has not changed). Methods on a class, not closures made per node: under the
 * project's TypeScript loader each named closure also costs an Object.defineProperty.
 */
class CgDir implements GenNode {
  readonly type = 'd'
  readonly mode = 0o755
  readonly uid = 0
  readonly gid = 0
  constructor(private readonly k: Kernel, private readonly id: number) {}

  list(): string[] {
    const now = cg(this.k, this.id)
    return now ? [...Object.keys(cgroupFiles(this.k, now)).sort(), ...objectKeyOrder(now.children.keys())] : []
  }

  mkdir(name: string): number { return cgroupMkdir(this.k, this.id, name) }
  rmdir(name: string): number { return cgroupRmdir(this.k, this.id, name) }

  child(k: Kernel, viewer: Task, name: string): GenNode | undefined {
    const now = cg(k, this.id)
    if (!now) return undefined
    const sub = now.children.get(name)
    if (sub === undefined) return fileNode(k, viewer, now, name)
    const c = cg(k, sub)
    return c && dirNode(k, c)
  }
}

const DIRS = new WeakMap<Cgroup, { k: Kernel; node: CgDir }>()

function dirNode(k: Kernel, c: Cgroup): GenNode {
  const hit = DIRS.get(c)
  if (hit?.k === k) return hit.node
  const node = new CgDir(k, c.id)
  DIRS.set(c, { k, node })
  return node
}

/** An interface file as `viewer` (its opener) sees it; rendered from the tree when read. */
class CgFileNode implements GenNode {
  readonly type = 'f'
  readonly uid = 0
  readonly gid = 0
  readonly mode: number
  constructor(protected readonly k: Kernel, protected readonly viewer: Task, protected readonly id: number, protected readonly file: CgFile) {
    this.mode = file.mode
  }

  read(): string {
    const now = cg(this.k, this.id)
    return now && this.file.read ? this.file.read(this.k, now, this.viewer) : ''
  }
}

/** A file that takes writes (a node without `write` is read-only to open(2)). */
class CgWritableNode extends CgFileNode {
  write(data: string): number {
    const now = cg(this.k, this.id)
    return now ? this.file.write!(this.k, this.viewer.kpid, now, data) : -E.ENOENT
  }
}

function fileNode(k: Kernel, viewer: Task, c: Cgroup, name: string): GenNode | undefined {
  const files = cgroupFiles(k, c)
  const f = Object.hasOwn(files, name) ? files[name] : undefined // not "constructor" of Object.prototype
  if (!f) return undefined
  return f.write ? new CgWritableNode(k, viewer, c.id, f) : new CgFileNode(k, viewer, c.id, f)
}
