// mount -t overlay overlay -o lowerdir=A:B,upperdir=U,workdir=W merged
// (Documentation/filesystems/overlayfs.rst "Multiple lower layers", "Upper and
// Lower"): resolves the layers, checks them as ovl_fill_super does (errors are
// logged as "overlayfs: ..." in dmesg) and creates workdir/work.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { printk } from '../log.ts'
import type { Task } from '../state.ts'
import { namei } from './namei.ts'
import type { OvlMount } from './overlay.ts'
import { dirAdd, newInode } from './tmpfs.ts'
import type { VNode } from './vnode.ts'

export interface OvlMountResult {
  ovl: OvlMount
  /** No upperdir: the overlay is read-only. */
  readOnly: boolean
}

function fail(k: Kernel, msg: string, err: number): number {
  printk(k, `overlayfs: ${msg}`)
  return err
}

/** A layer directory: a real (tmpfs) directory, not itself inside an overlay. */
function layerDir(k: Kernel, t: Task, path: string): VNode | number {
  const r = namei(k, t, path)
  if (typeof r === 'number') return fail(k, `failed to resolve '${path}': ${r}`, r)
  if (r.node.kind !== 'tmpfs' || k.inode(r.node.ino)!.type !== 'd') return fail(k, `not a directory: ${path}`, -E.EINVAL)
  // SIMPLIFICATION: layers must be plain tmpfs directories (no overlay stacked on an overlay).
  if (r.node.ovl) return fail(k, `maximum fs stacking depth exceeded`, -E.EINVAL)
  return { ...r.node }
}

/** Parses and checks the options; the layers or -errno (EINVAL for bad options, ENOENT for a missing layer). */
export function overlayMount(k: Kernel, t: Task, data: string, dev: number): OvlMountResult | number {
  let lowerdir = ''
  let upperdir = ''
  let workdir = ''
  const rest: string[] = []
  for (const o of (data ?? '').split(',').filter(Boolean)) {
    const eq = o.indexOf('=')
    const key = eq < 0 ? o : o.slice(0, eq)
    const val = eq < 0 ? '' : o.slice(eq + 1)
    if (key === 'lowerdir') lowerdir = val
    else if (key === 'upperdir') upperdir = val
    else if (key === 'workdir') workdir = val
    else if (['index', 'redirect_dir', 'metacopy', 'xino', 'nfs_export', 'volatile', 'userxattr'].includes(key)) rest.push(o)
    else return fail(k, `unrecognized mount option "${o}" or missing value`, -E.EINVAL)
  }
  if (!lowerdir) return fail(k, `missing 'lowerdir'`, -E.EINVAL)
  const lowers: number[] = []
  for (const p of lowerdir.split(':')) {
    if (!p) return fail(k, `empty lowerdir`, -E.EINVAL)
    const v = layerDir(k, t, p)
    if (typeof v === 'number') return v
    lowers.push((v as { ino: number }).ino)
  }
  let upper = 0
  let work = 0
  if (upperdir) {
    if (!workdir) return fail(k, `missing 'workdir'`, -E.EINVAL)
    const u = layerDir(k, t, upperdir)
    if (typeof u === 'number') return u
    const w = layerDir(k, t, workdir)
    if (typeof w === 'number') return w
    const up = namei(k, t, upperdir) as { path: string }
    const wp = namei(k, t, workdir) as { path: string }
    if (u.mount !== w.mount) return fail(k, `workdir and upperdir must reside under the same mount`, -E.EINVAL)
    const under = (a: string, b: string) => a === b || a.startsWith(b === '/' ? '/' : b + '/')
    if (under(up.path, wp.path) || under(wp.path, up.path)) return fail(k, `workdir and upperdir must be separate subtrees`, -E.EINVAL)
    upper = (u as { ino: number }).ino
    work = (w as { ino: number }).ino
    // ovl_workdir_create(): "work" inside workdir, mode 0, for copy-up and whiteout staging.
    if (k.inode(work)!.entries.get('work') === undefined) dirAdd(k, work, 'work', newInode(k, 'd', 0, 0, 0).ino)
  }
  const opts = [`lowerdir=${lowerdir}`, ...(upperdir ? [`upperdir=${upperdir}`, `workdir=${workdir}`] : []), ...rest].join(',')
  return { ovl: { upper, work, lowers, path: '/', opts, dev }, readOnly: !upperdir }
}
