// pivot_root(2): make `newRoot` the root of the caller's mount namespace and
// move the old root to `putOld` (under newRoot). Needs CAP_SYS_ADMIN over the
// mount namespace's owner. EINVAL if newRoot is not a mount point or putOld is
// not under it; EBUSY if newRoot is the current root.
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { namei } from '../fs/namei.ts'
import { INIT_INO, isInit, mutNs, nsRec } from './core.ts'
import { OUTER, OUTER_ROOT, depthOf, lastMountIndex, parentRows, pivotIndex, taskMounts } from './mnt-table.ts'
import { nsCapable } from './user.ts'
import type { Mount } from '../state.ts'

export function sysPivotRoot(k: Kernel, kpid: Kpid, newRoot: string, putOld: string): number {
  const t = k.taskOrOops(kpid)
  const owner = isInit(t.ns.mnt) ? INIT_INO.user : nsRec(k, t.ns.mnt)!.owner
  if (!nsCapable(k, t, CAP.SYS_ADMIN, owner)) return -E.EPERM
  const nr = namei(k, t, newRoot)
  if (typeof nr === 'number') return nr
  const po = namei(k, t, putOld)
  if (typeof po === 'number') return po
  if (nr.path === '/') return -E.EBUSY
  const ms = taskMounts(k, t)
  // Only the top mount at newRoot becomes "/"; one it covers (runc binds the rootfs onto itself) stays in the old tree.
  const top = lastMountIndex(ms, nr.path)
  if (top === undefined) return -E.EINVAL
  if (po.path !== nr.path && !po.path.startsWith(nr.path + '/')) return -E.EINVAL
  // SIMPLIFICATION: the old root's mounts move under putOld; paths are rewritten, not re-parented trees.
  const oldAt = po.path.slice(nr.path.length) || '/'
  const under = nr.path + '/'
  const cut = nr.path.length
  const n = ms.length
  // Each row's depth (components of its new path) is counted on the old path: an inner row loses
  // newRoot's components, an outer one gains putOld's. A new namespace's rows that are still its
  // parent's (the host's thousand, in a container's pivot_root) are outer unless a mount lies below
  // newRoot there, and their depths are the parent's index's: no string is looked at for them.
  const base = parentRows(ms, nr.path)
  const shared = base.below ? 0 : base.rows
  const depth = new Int32Array(n)
  const outer0 = new Uint8Array(n)
  const rootDepth = depthOf(nr.path)
  const oldDepth = oldAt === '/' ? 1 : depthOf(oldAt) // the old "/" goes to put_old: its depth
  let deepest = 0
  let outers = 0
  for (let i = 0; i < n; i++) {
    let d: number
    if (i < shared && i !== top) {
      const b = base.depths[i]!
      outer0[i] = b === 0 ? OUTER_ROOT : OUTER // depth 0: the old "/"
      d = oldDepth + b
    } else if (i === top) d = 1
    else {
      const p = ms[i]!.path
      if (p.startsWith(under)) d = depthOf(p) - rootDepth
      else {
        outer0[i] = p === '/' ? OUTER_ROOT : OUTER
        d = oldDepth + depthOf(p)
      }
    }
    if (outer0[i]) outers++
    depth[i] = d
    if (d > deepest) deepest = d
  }
  // Shallower mount points first: a stable counting sort by the number of components (O(n) at a thousand mounts).
  const start = new Int32Array(deepest + 2)
  for (let i = 0; i < n; i++) start[depth[i]! + 1]!++
  for (let d = 1; d < start.length; d++) start[d]! += start[d - 1]!
  const moved: Mount[] = new Array(n)
  const pos = new Int32Array(n)
  const outer = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const j = start[depth[i]!]!++
    const m = ms[i]!
    // The old root's rows keep their old paths until read (mnt-table.ts rowAt): runc detaches put_old at once.
    // The others are copies with their new paths (rows are shared with the old table).
    moved[j] = outer0[i] ? m : { ...m, path: i === top ? '/' : m.path.slice(cut) }
    pos[i] = j
    outer[j] = outer0[i]!
  }
  k.adopt(moved) // this tick's: mounts made next (runc's, after pivot_root) edit it in place
  if (t.ns.mnt === INIT_INO.mnt) k.mutCoarse().mounts = moved
  else mutNs(k, t.ns.mnt).mounts = moved
  pivotIndex(ms, moved, oldAt, pos, outer, outers)
  const w = k.mutTask(kpid)
  w.root = '/'
  w.cwd = '/'
  return 0
}
