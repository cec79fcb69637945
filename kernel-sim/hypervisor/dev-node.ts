// A device node under /dev, as udev creates one when a driver registers.
import type { Kernel } from '../kernel/kernel.ts'
import { installDir } from '../kernel/fs/install.ts'
import { dirAdd, newInode } from '../kernel/fs/tmpfs.ts'

export function makeDeviceNode(k: Kernel, name: string, rdev: number, mode: number, gid: number): void {
  const dev = installDir(k, '/dev')
  if (k.inode(dev)!.entries.get(name) !== undefined) return
  const n = newInode(k, 'c', mode, 0, gid)
  n.rdev = rdev
  dirAdd(k, dev, name, n.ino)
}
