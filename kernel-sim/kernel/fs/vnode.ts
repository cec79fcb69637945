// What a path resolves to: a tmpfs inode, or a node of a generated filesystem.
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
  if (v.kind === 'tmpfs') {
    const i = k.inode(v.ino)!
    const size = i.type === 'd' ? 4096 : i.data.length
    return {
      // overlayfs.rst: with every layer on one filesystem, all objects report the overlay's st_dev.
      type: i.type, mode: i.mode, uid: i.uid, gid: i.gid, ino: i.ino, dev: v.ovl ? v.ovl.dev : FS_DEV.tmpfs!, nlink: i.nlink,
      size, rdev: i.rdev, mtimeNs: i.mtimeNs, ctimeNs: i.ctimeNs, atimeNs: i.atimeNs,
    }
  }
  const n = v.node
  // Generated files carry the time they are looked at; links report size 0, but /proc/PID/fd/N 64 (the i_size proc_fd_instantiate() sets).
  const now = k.coarse.bootEpochNs + k.s.nowNs
  return {
    type: n.type, mode: n.mode, uid: n.uid, gid: n.gid,
    // A followed /proc/PID/ns/* link is the namespace's nsfs inode: st_ino is the namespace id, st_dev nsfs's 0:4.
    ino: n.nsIno !== undefined && n.type === 'f' ? n.nsIno : genIno(v.fs, v.path),
    dev: n.nsIno !== undefined && n.type === 'f' ? 4 : FS_DEV[v.fs] ?? 0x17,
    nlink: n.type === 'd' ? 2 : 1, size: n.size ?? 0, rdev: 0, mtimeNs: now, ctimeNs: now, atimeNs: now,
  }
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

