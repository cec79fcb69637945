// mkdir(2)/rmdir(2) inside a generated filesystem that supports them
// (cgroupfs: a directory is a cgroup). The usual VFS checks come first:
// search and write permission on the parent, EEXIST, ENOENT, ENOTDIR, and
// mnt_want_write()'s EROFS on a read-only mount (a container's /sys/fs/cgroup).
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { mntWantWrite } from '../ns/mnt-ro.ts'
import { inView, nameiParent } from './namei.ts'
import { MAY_EXEC, MAY_WRITE, permitted } from './perm.ts'
import { getattr } from './vnode.ts'

/** undefined: not a generated directory with mkdir; the caller goes on as usual. */
export function genMkdir(k: Kernel, t: Task, path: string): number | undefined {
  const p = nameiParent(k, t, path)
  if (typeof p === 'number' || p.dir.kind !== 'gen' || !p.dir.node.mkdir) return undefined
  if (!p.name || p.node) return -E.EEXIST
  const ro = mntWantWrite(k, inView(t, p.in), p.dir) // filename_create(): EEXIST first, then EROFS
  if (ro) return ro
  if (!permitted(t.cred, getattr(k, p.dir), MAY_WRITE | MAY_EXEC)) return -E.EACCES
  return p.dir.node.mkdir(p.name)
}

export function genRmdir(k: Kernel, t: Task, path: string): number | undefined {
  const p = nameiParent(k, t, path)
  if (typeof p === 'number' || p.dir.kind !== 'gen' || !p.dir.node.rmdir) return undefined
  if (!p.name) return -E.EBUSY
  const ro = mntWantWrite(k, inView(t, p.in), p.dir) // do_rmdir(): mnt_want_write() before the lookup
  if (ro) return ro
  if (!p.node) return -E.ENOENT
  if (getattr(k, p.node).type !== 'd') return -E.ENOTDIR
  if (!permitted(t.cred, getattr(k, p.dir), MAY_WRITE | MAY_EXEC)) return -E.EACCES
  return p.dir.node.rmdir(p.name)
}
