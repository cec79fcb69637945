// cgroupfs: the cgroup2 filesystem (mounted at /sys/fs/cgroup by boot). A
// directory per cgroup, its interface files (files.ts) rendered from the tree
// when read; mkdir and rmdir create and remove cgroups (cgroup_mkdir,
// cgroup_rmdir). Paths are relative to the mount: "/", "/a/b/cgroup.procs".
import { E } from '../../abi/index.ts'
import { objectKeyOrder } from '../../base/key-order.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import type { GenFs, GenNode } from '../fs/genfs.ts'
import { cgroupFiles } from './files.ts'
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
 * A cgroup's directory node depends on its id alone (its methods read the tree when called), so it is
 * kept with the cgroup's record (immutable; a changed cgroup gets a new one): walking through
 * /sys/fs/cgroup/a/b builds no closures for a and b each time.
 */
const DIRS = new WeakMap<Cgroup, { k: Kernel; node: GenNode }>()

function dirNode(k: Kernel, c: Cgroup): GenNode {
  const hit = DIRS.get(c)
  if (hit?.k === k) return hit.node
  const id = c.id
  const node: GenNode = {
    type: 'd', mode: 0o755, uid: 0, gid: 0,
    list: () => {
      const now = cg(k, id)
      return now ? [...Object.keys(cgroupFiles(k, now)).sort(), ...objectKeyOrder(now.children.keys())] : []
    },
    mkdir: (name) => cgroupMkdir(k, id, name),
    rmdir: (name) => cgroupRmdir(k, id, name),
  }
  DIRS.set(c, { k, node })
  return node
}

function fileNode(k: Kernel, viewer: Task, c: Cgroup, name: string): GenNode | undefined {
  const f = cgroupFiles(k, c)[name]
  if (!f) return undefined
  const id = c.id
  const { read, write } = f
  return {
    type: 'f', mode: f.mode, uid: 0, gid: 0,
    read: () => {
      const now = cg(k, id)
      return now && read ? read(k, now, viewer) : ''
    },
    ...(write ? { write: (data: string) => { const now = cg(k, id); return now ? write(k, viewer.kpid, now, data) : -E.ENOENT } } : {}),
  }
}
