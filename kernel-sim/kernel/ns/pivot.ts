// pivot_root(2): make `newRoot` the root of the caller's mount namespace and
// move the old root to `putOld` (under newRoot). Needs CAP_SYS_ADMIN over the
// mount namespace's owner. EINVAL if newRoot is not a mount point or putOld is
// not under it; EBUSY if newRoot is the current root.
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { namei } from '../fs/namei.ts'
import { INIT_INO, isInit, mutNs, nsRec } from './core.ts'
import { pivotIndex, taskMounts } from './mnt-table.ts'
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
  if (!ms.some((m) => m.path === nr.path)) return -E.EINVAL
  if (po.path !== nr.path && !po.path.startsWith(nr.path + '/')) return -E.EINVAL
  // SIMPLIFICATION: the old root's mounts move under putOld; paths are rewritten, not re-parented trees.
  const rel = (p: string) => (p === nr.path ? '/' : p.startsWith(nr.path + '/') ? p.slice(nr.path.length) : undefined)
  const oldAt = po.path.slice(nr.path.length) || '/'
  // Only the top mount at newRoot becomes "/"; one it covers (runc binds the rootfs onto itself) stays in the old tree.
  let top = -1
  for (let i = 0; i < ms.length; i++) if (ms[i]!.path === nr.path) top = i
  const isOuter: boolean[] = []
  // Each row's depth (components of its new path) is counted on the old path's parts, never on a fresh concatenation.
  const depth = new Int32Array(ms.length)
  const oldDepth = slashes(oldAt)
  let deepest = 0
  const rows: Mount[] = ms.map((m, i) => {
    const r = m.path === nr.path && i !== top ? undefined : rel(m.path)
    isOuter.push(r === undefined)
    const d = (depth[i] = r !== undefined ? slashes(r) : m.path === '/' ? oldDepth : oldDepth + slashes(m.path))
    if (d > deepest) deepest = d
    if (r !== undefined) return { ...m, path: r }
    return { ...m, path: m.path === '/' ? oldAt : oldAt + m.path }
  })
  // Shallower mount points first: a stable counting sort by the number of components (O(n) at a thousand mounts).
  const start = new Int32Array(deepest + 2)
  for (let i = 0; i < rows.length; i++) start[depth[i]! + 1]!++
  for (let d = 1; d < start.length; d++) start[d]! += start[d - 1]!
  const moved: Mount[] = new Array(rows.length)
  const pos = new Int32Array(rows.length)
  const outer = new Uint8Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const n = start[depth[i]!]!++
    moved[n] = rows[i]!
    pos[i] = n
    outer[n] = isOuter[i] ? 1 : 0
  }
  if (t.ns.mnt === INIT_INO.mnt) k.mutCoarse().mounts = moved
  else mutNs(k, t.ns.mnt).mounts = moved
  pivotIndex(ms, moved, oldAt, pos, outer)
  const w = k.mutTask(kpid)
  w.root = '/'
  w.cwd = '/'
  return 0
}

/** Components of a mount point ('/' and '/a' count 1, '/a/b' 2): indexOf, not charCodeAt over freshly concatenated paths. */
function slashes(p: string): number {
  let n = 0
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) n++
  return n
}
