// A task changes a regular file's contents (write(2), truncate(2), open(2)
// with O_TRUNC): the room is checked and new tmpfs pages are charged before
// the data change (shmem_write_begin → shmem_get_folio: the instance's blocks,
// then the page allocation and its memory cgroup charge).
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import type { GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { chargeShmem } from '../mm.ts'
import { fileRoom, shmemBytes, shmemCharged } from './shmem.ts'
import { setData } from './tmpfs.ts'

/**
 * Sets inode `ino`'s data for task `kpid`. Returns 0, -ENOSPC (its tmpfs
 * instance is full, or the machine's file-data budget: fs/shmem.ts), -ENOMEM
 * (no memory left after reclaim and the OOM killer), or GONE when the OOM
 * killer chose the caller.
 */
export function writeFileData(k: Kernel, kpid: Kpid, ino: number, data: string): number | typeof GONE {
  const i = k.inode(ino)!
  if (data.length > i.data.length && data.length > fileRoom(k, i)) return -E.ENOSPC
  const grow = i.disk ? 0 : shmemBytes(data.length) - shmemBytes(i.data.length)
  if (grow > 0) {
    // The first writer's cgroup pays for the file's pages for as long as they exist.
    const memcg = i.memcg ?? k.taskOrOops(kpid).cgroup
    const r = chargeShmem(k, kpid, memcg, grow)
    if (r !== 0) return r
    shmemCharged(k, ino, memcg, grow)
  }
  return setData(k, ino, data)
}
