// What a path resolves to: a tmpfs inode, or a node of a generated filesystem.
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG, S_IFSOCK, type Stat } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { genIno, type GenNode } from './genfs.ts'
import type { OvlRef } from './overlay.ts'

export type VNode =
  | { kind: 'tmpfs'; ino: number; mount: number; ovl?: OvlRef }
  | { kind: 'gen'; fs: string; path: string; node: GenNode; mount: number }

export interface Attr {
  type: 'f' | 'd' | 'l' | 'c' | 'p' | 's' | 'b'
  mode: number
  uid: number
  gid: number
  ino: number
  dev: number
  nlink: number
  size: number
  rdev: number
  mtimeNs: number
  ctimeNs: number
  atimeNs: number
}

/** Device numbers of the simulated filesystems (st_dev). */
const FS_DEV: Record<string, number> = { tmpfs: 0x1e, proc: 0x15, sysfs: 0x16, cgroup2: 0x1b }

export function getattr(k: Kernel, v: VNode): Attr {
  return attrs(k, v, toAttr)
}

/** stat(2)'s struct stat of a node (st_mode holds the file type too), built directly: no Attr on the way. */
export function statOf(k: Kernel, v: VNode): Stat {
  return attrs(k, v, toStat)
}

/** What getattr and statOf build from a node's attributes, passed one by one (one object, not two). */
type Build<R> = (type: Attr['type'], mode: number, uid: number, gid: number, ino: number, dev: number, nlink: number,
  size: number, rdev: number, mtimeNs: number, ctimeNs: number, atimeNs: number) => R

const toAttr: Build<Attr> = (type, mode, uid, gid, ino, dev, nlink, size, rdev, mtimeNs, ctimeNs, atimeNs) => (
  { type, mode, uid, gid, ino, dev, nlink, size, rdev, mtimeNs, ctimeNs, atimeNs })

const TYPE_BITS: Record<Attr['type'], number> = {
  f: S_IFREG, d: S_IFDIR, l: S_IFLNK, c: S_IFCHR, p: S_IFIFO, s: S_IFSOCK, b: S_IFBLK,
}
const toStat: Build<Stat> = (type, mode, uid, gid, ino, dev, nlink, size, rdev, mtimeNs, ctimeNs, atimeNs) => (
  { dev, ino, mode: TYPE_BITS[type] | mode, nlink, uid, gid, rdev, size, atimeNs, mtimeNs, ctimeNs })

function attrs<R>(k: Kernel, v: VNode, build: Build<R>): R {
  if (v.kind === 'tmpfs') {
    const i = k.inode(v.ino)!
    // overlayfs.rst: with every layer on one filesystem, all objects report the overlay's st_dev.
    return build(i.type, i.mode, i.uid, i.gid, i.ino, v.ovl ? v.ovl.dev : FS_DEV.tmpfs!, i.nlink,
      i.type === 'd' ? 4096 : i.data.length, i.rdev, i.mtimeNs, i.ctimeNs, i.atimeNs)
  }
  const n = v.node
  // Generated files carry the time they are looked at; links report size 0, but /proc/PID/fd/N 64 (the i_size proc_fd_instantiate() sets).
  const now = k.coarse.bootEpochNs + k.s.nowNs
  // A followed /proc/PID/ns/* link is the namespace's nsfs inode: st_ino is the namespace id, st_dev nsfs's 0:4.
  const nsfs = n.nsIno !== undefined && n.type === 'f'
  return build(n.type, n.mode, n.uid, n.gid, nsfs ? n.nsIno! : genIno(v.fs, v.path), nsfs ? 4 : FS_DEV[v.fs] ?? 0x17,
    n.type === 'd' ? 2 : 1, n.size ?? 0, 0, now, now, now)
}

/** Type, mode and owner of a node without allocating (for permission checks on the hot path). */
export interface Meta {
  type: string
  mode: number
  uid: number
  gid: number
}
export function meta(k: Kernel, v: VNode): Meta {
  return v.kind === 'tmpfs' ? k.inode(v.ino)! : v.node
}

