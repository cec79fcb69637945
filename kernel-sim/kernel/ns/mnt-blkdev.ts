// Mounting a block device (mount(2) with a device node as source): the host's
// root disk partition /dev/vda1 (virtio-blk, 254:1) holds the host's root
// filesystem, so mounting it anywhere shows the host's / — the reason Docker's
// --privileged (all host devices, CAP_SYS_ADMIN) is a container escape.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { getattr } from '../fs/vnode.ts'
import { namei } from '../fs/namei.ts'
import { makedev } from '../fs/devices.ts'

/** /dev/vda1: the first partition of the host's disk. */
export const VDA1 = makedev(254, 1)

/**
 * The root inode of the filesystem on a block-device `source`, or an errno:
 * ENOENT if the node is missing, ENOTBLK if it is not a block device, ENXIO
 * for a device with no filesystem behind it.
 */
// SIMPLIFICATION: the disk holds the host's in-memory root tree (shown as tmpfs), not an ext4 image.
export function blkdevRoot(k: Kernel, t: Task, source: string): number {
  const s = namei(k, t, source)
  if (typeof s === 'number') return s
  const a = getattr(k, s.node)
  if (a.type !== 'b') return -E.ENOTBLK
  if (a.rdev !== VDA1) return -E.ENXIO
  return k.coarse.mounts.find((m) => m.id === 1)?.rootIno ?? -E.ENXIO
}

/** Is `source` a path mount(2) should open as a device (not a pseudo-filesystem name)? */
export const isDevicePath = (source: unknown): source is string => typeof source === 'string' && source.startsWith('/dev/')
