// tmpfs: the in-memory filesystem behind / (files, directories, symlinks,
// device nodes, unix socket nodes), with modes and owners.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { simulationLimit } from '../sim-limit.ts'
import type { Inode, InodeType } from '../state.ts'
import { objectKeyOrder } from '../../base/key-order.ts'
import { pageCacheEvict, pageCacheTruncate } from './pagecache.ts'
import { shmemAdopt, shmemBytes, shmemEvict, shmemResized } from './shmem.ts'

/** Past this many inodes the simulation refuses to make more (JS heap guard). */
export const SIM_MAX_INODES = 2_000_000

export function newInode(k: Kernel, type: InodeType, mode: number, uid: number, gid: number): Inode {
  const c = k.ctr()
  const now = realtimeNs(k)
  const ino: Inode = {
    ino: c.nextIno++, type, mode: mode & 0o7777, uid, gid, nlink: type === 'd' ? 2 : 1,
    atimeNs: now, mtimeNs: now, ctimeNs: now, data: '', entries: new Map(), rdev: 0, sock: -1,
  }
  return k.put('inodes', ino.ino, ino)
}

/**
 * Checked before creating a file: past SIM_MAX_INODES the creating task is
 * stopped with a "simulation limit" message (a real tmpfs would run out of
 * inodes with ENOSPC; the JS heap would run out first).
 */
export function inodeRoom(k: Kernel, kpid: Kpid): number {
  if (k.s.inodes.size < SIM_MAX_INODES) return 0
  simulationLimit(k, kpid, `more than ${SIM_MAX_INODES} files`)
  return -E.ENOSPC
}

/** File times are wall-clock (CLOCK_REALTIME), as stat(2) reports them. */
export function realtimeNs(k: Kernel): number {
  return k.coarse.bootEpochNs + k.s.nowNs
}

/** Links `ino` into directory `dir` as `name`. */
export function dirAdd(k: Kernel, dir: number, name: string, ino: number): void {
  const d = k.mutInode(dir)
  d.entries = k.ownMap(d.entries)
  d.entries.set(name, ino)
  d.mtimeNs = d.ctimeNs = realtimeNs(k)
  const child = k.inode(ino)!
  if (child.type === 'd') d.nlink++
  shmemAdopt(k, d, child) // a tmpfs instance's directory: the inode joins the instance (fs/shmem.ts)
  // A name made in a directory of the disk-backed filesystem belongs to it: its data moves from Shmem to the disk.
  if (d.disk && !child.disk) {
    const w = k.mutInode(ino)
    w.disk = true
    if (w.type === 'f') {
      const c = k.ctr()
      c.shmemBytes -= shmemBytes(w.data.length)
      c.diskBytes = (c.diskBytes ?? 0) + w.data.length
    }
  }
}

export function dirRemove(k: Kernel, dir: number, name: string): void {
  const d = k.mutInode(dir)
  const ino = d.entries.get(name)
  d.entries = k.ownMap(d.entries)
  d.entries.delete(name)
  d.mtimeNs = d.ctimeNs = realtimeNs(k)
  if (ino !== undefined && k.inode(ino)?.type === 'd') d.nlink--
}

/**
 * A directory's names in the order getdents(2) has always listed them here
 * (a JS object's key order: array-index names ascending, then the others as
 * created), so that listings stay the same bytes.
 */
export function dirNames(i: Inode): string[] {
  return objectKeyOrder(i.entries.keys())
}

/** Drops one link; the inode (and its data) goes with the last one. */
export function dropLink(k: Kernel, ino: number): void {
  const i = k.mutInode(ino)
  i.nlink -= i.type === 'd' ? 2 : 1
  i.ctimeNs = realtimeNs(k)
  if (i.nlink <= 0) {
    // SIMPLIFICATION: an unlinked file that is still open loses its data at once.
    if (i.disk) {
      k.ctr().diskBytes! -= i.data.length
      pageCacheEvict(k, ino)
    } else shmemEvict(k, i)
    k.remove('inodes', ino)
  }
}

/**
 * Replaces a regular file's data, keeping the disk's or Shmem's accounting.
 * A task's write checks for room and charges first (fs/file-data.ts).
 */
export function setData(k: Kernel, ino: number, data: string): number {
  const i = k.inode(ino)!
  const delta = data.length - i.data.length
  if (i.disk) {
    const c = k.ctr()
    c.diskBytes = (c.diskBytes ?? 0) + delta
    if (delta < 0) pageCacheTruncate(k, ino, data.length)
  } else shmemResized(k, i, i.data.length, data.length)
  const w = k.mutInode(ino)
  w.data = data
  w.mtimeNs = w.ctimeNs = realtimeNs(k)
  return 0
}
