// statfs(2) and fstatfs(2): what a filesystem holds and has left.
//  - a tmpfs instance (shmem_statfs): size= in pages, its free pages, nr_inodes=
//    and its free inodes; f_type TMPFS_MAGIC;
//  - the disk-backed root: the machine's disk, less the file data on it;
//  - overlayfs (ovl_statfs): its upper filesystem's numbers, OVERLAYFS_SUPER_MAGIC;
//  - devtmpfs /dev: a tmpfs of the default size that holds no data;
//  - proc, sysfs, cgroup2, devpts, nsfs and the rest (simple_statfs): the magic,
//    a 4096-byte block and NAME_MAX, the counts 0.
// SIMPLIFICATION: the available blocks (f_bavail) never exceed what is left of
// the machine's file-data budget (fs/shmem.ts SIM_MAX_FILE_BYTES), so df's
// Avail shows the space a write can really use; f_bfree is the filesystem's own.
import type { Kpid } from '../../abi/pid.ts'
import {
  E, FS_MAGIC, PAGE_SIZE, ST_NODEV, ST_NOEXEC, ST_NOSUID, ST_RDONLY, ST_RELATIME, ST_NOATIME, ST_VALID, type Statfs,
} from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Mount, OpenFile } from '../state.ts'
import { fdGet } from '../fd/fd-table.ts'
import { inView, namei } from './namei.ts'
import type { VNode } from './vnode.ts'
import { mountById } from '../ns/mnt-table.ts'
import { perMountShown } from '../ns/mnt.ts'
import { SIM_MAX_FILE_BYTES, defaultMaxBlocks, defaultMaxInodes, fileDataBytes, sbOf } from './shmem.ts'

/** NAME_MAX (limits.h): every filesystem here takes 255-byte names. */
const NAME_MAX = 255
/** mke2fs's default inode ratio (bytes per inode) for the disk's inode count. */
const BYTES_PER_INODE = 16384

const pagesLeft = (k: Kernel) => Math.max(0, Math.floor((SIM_MAX_FILE_BYTES - fileDataBytes(k)) / PAGE_SIZE))

function base(type: number, flags: number): Statfs {
  return { type, bsize: PAGE_SIZE, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, fsid: 0, namelen: NAME_MAX, frsize: PAGE_SIZE, flags }
}

/** ST_* flags from a mount's per-mount options. */
function stFlags(m: Mount | undefined): number {
  let f = ST_VALID
  for (const o of (m ? perMountShown(m) : 'rw,relatime').split(',')) {
    f |= o === 'ro' ? ST_RDONLY : o === 'nosuid' ? ST_NOSUID : o === 'nodev' ? ST_NODEV : o === 'noexec' ? ST_NOEXEC : o === 'relatime' ? ST_RELATIME : o === 'noatime' ? ST_NOATIME : 0
  }
  return f
}

/** The disk-backed root filesystem: the machine's disk. */
function diskStatfs(k: Kernel, type: number, flags: number): Statfs {
  const s = base(type, flags)
  s.blocks = Math.floor(k.s.machine.diskBytes / PAGE_SIZE)
  s.bfree = Math.max(0, s.blocks - Math.ceil((k.s.counters.diskBytes ?? 0) / PAGE_SIZE))
  s.bavail = Math.min(s.bfree, pagesLeft(k))
  s.files = Math.floor(k.s.machine.diskBytes / BYTES_PER_INODE)
  s.ffree = Math.max(0, s.files - k.s.inodes.size)
  return s
}

/** A tmpfs instance, or (id undefined) a tmpfs of the default size holding no data: devtmpfs. */
function tmpfsStatfs(k: Kernel, id: number | undefined, flags: number, inodes = 1): Statfs {
  const s = base(FS_MAGIC.tmpfs, flags)
  const sb = sbOf(k, id) ?? { maxBlocks: defaultMaxBlocks(k), maxInodes: defaultMaxInodes(k), blocks: 0, inodes }
  if (sb.maxBlocks) {
    s.blocks = sb.maxBlocks
    s.bfree = sb.maxBlocks - sb.blocks
    s.bavail = Math.min(s.bfree, pagesLeft(k))
  }
  if (sb.maxInodes) {
    s.files = sb.maxInodes
    s.ffree = Math.max(0, sb.maxInodes - sb.inodes)
  }
  return s
}

/** Inodes under directory `ino` (itself included), for devtmpfs's inode count. */
function treeSize(k: Kernel, ino: number): number {
  let n = 0
  const todo = [ino]
  while (todo.length) {
    const i = k.inode(todo.pop()!)
    if (!i) continue
    n++
    if (i.type === 'd') for (const c of i.entries.values()) todo.push(c)
  }
  return n
}

function mountStatfs(k: Kernel, m: Mount | undefined, v: VNode | undefined): Statfs {
  const flags = stFlags(m)
  const fstype = m?.fstype ?? 'tmpfs'
  if (fstype === 'overlay') return diskStatfs(k, FS_MAGIC.overlay, flags)
  if (fstype === 'devtmpfs') return tmpfsStatfs(k, undefined, flags, m?.rootIno ? treeSize(k, m.rootIno) : 1)
  if (fstype === 'tmpfs') {
    const ino = v?.kind === 'tmpfs' ? v.ino : m?.rootIno ?? 0
    const i = k.inode(ino)
    if (i?.sb !== undefined) return tmpfsStatfs(k, i.sb, flags)
    if (i?.disk) return diskStatfs(k, FS_MAGIC.tmpfs, flags)
    return tmpfsStatfs(k, undefined, flags, m?.rootIno ? treeSize(k, m.rootIno) : 1)
  }
  const magic = (FS_MAGIC as Record<string, number>)[fstype] ?? FS_MAGIC.tmpfs
  return base(magic, flags)
}

/** statfs(2): ENOENT, EACCES, ENOTDIR, ELOOP as path lookup gives them. */
export function sysStatfs(k: Kernel, kpid: Kpid, path: string): Statfs | number {
  if (typeof path !== 'string') return -E.EFAULT
  const t = k.taskOrOops(kpid)
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  return mountStatfs(k, mountById(k, inView(t, r.in), r.node.mount), r.node)
}

/** fstatfs(2): EBADF for a closed fd. Pipes and sockets live on their kernel-internal filesystems. */
export function sysFstatfs(k: Kernel, kpid: Kpid, fd: number): Statfs | number {
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  const f = id === undefined ? undefined : k.file(id)
  if (!f) return -E.EBADF
  return fileStatfs(k, f)
}

function fileStatfs(k: Kernel, f: OpenFile): Statfs {
  switch (f.kind) {
    case 'pipe': return base(FS_MAGIC.pipefs, ST_VALID)
    case 'socket': return base(FS_MAGIC.sockfs, ST_VALID)
    case 'fsctx': return base(FS_MAGIC.anon_inodefs, ST_VALID)
    case 'tty': case 'ptm': return base(FS_MAGIC.devpts, ST_VALID | ST_NOSUID | ST_NOEXEC | ST_RELATIME)
    case 'proc': {
      const fs = f.path.startsWith('/sys/fs/cgroup') ? FS_MAGIC.cgroup2 : f.path.startsWith('/sys') ? FS_MAGIC.sysfs : FS_MAGIC.proc
      return base(fs, ST_VALID | ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RELATIME)
    }
    case 'dev': return tmpfsStatfs(k, undefined, ST_VALID | ST_NOSUID | ST_RELATIME)
    case 'inode': {
      const i = k.inode(f.obj)
      if (i?.sb !== undefined) return tmpfsStatfs(k, i.sb, ST_VALID | ST_RELATIME)
      return i?.disk ? diskStatfs(k, FS_MAGIC.tmpfs, ST_VALID | ST_RELATIME) : tmpfsStatfs(k, undefined, ST_VALID | ST_RELATIME)
    }
  }
}
