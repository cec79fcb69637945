// Unpacking files into the root filesystem before or between runs (what an
// initramfs or an image's layers do): used by the machine's owner to install
// the userland, never by programs (they use syscalls).
import { INIT_KPID } from '../../abi/index.ts'
import { namei } from './namei.ts'
import type { Kernel } from '../kernel.ts'
import { dirAdd, newInode } from './tmpfs.ts'
import { shmemBytes } from './shmem.ts'

function rootTask(k: Kernel) {
  const t = k.task(INIT_KPID)
  if (!t) throw new Error('isolab: install before init exists')
  return t
}

/**
 * One unpacking, as a cpio archive is unpacked: each directory is looked up
 * (or made) once, then remembered by its path, so a hundred programs in
 * /usr/bin cost one walk of /usr/bin, not a hundred (a guest's boot installs
 * its whole userland). Valid while nothing but this installer changes the
 * tree: use one per batch, not across runs.
 */
export class Installer {
  private readonly dirs = new Map<string, number>()

  constructor(private readonly k: Kernel) {}

  /** mkdir -p; returns the directory's inode. */
  dir(path: string, mode = 0o755, uid = 0, gid = 0): number {
    const known = this.dirs.get(path)
    if (known !== undefined) return known
    const k = this.k
    const found = namei(k, rootTask(k), path)
    let ino: number
    if (typeof found !== 'number' && found.node.kind === 'tmpfs') ino = found.node.ino
    else {
      const slash = path.lastIndexOf('/')
      const parent = this.dir(slash <= 0 ? '/' : path.slice(0, slash))
      ino = newInode(k, 'd', mode, uid, gid).ino
      dirAdd(k, parent, path.slice(slash + 1), ino)
    }
    this.dirs.set(path, ino)
    return ino
  }

  /** Creates a file if it does not exist yet (existing files are kept). */
  file(path: string, data: string, mode = 0o644, uid = 0, gid = 0): void {
    const k = this.k
    const slash = path.lastIndexOf('/')
    const dir = this.dir(path.slice(0, slash) || '/')
    const name = path.slice(slash + 1)
    if (k.inode(dir)!.entries.get(name) !== undefined) return
    const f = newInode(k, 'f', mode, uid, gid)
    f.data = data
    k.ctr().shmemBytes += shmemBytes(data.length) // dirAdd moves it to the disk's count on the disk-backed root
    dirAdd(k, dir, name, f.ino)
  }

  symlink(path: string, target: string): void {
    const k = this.k
    const slash = path.lastIndexOf('/')
    const dir = this.dir(path.slice(0, slash) || '/')
    const name = path.slice(slash + 1)
    if (k.inode(dir)!.entries.get(name) !== undefined) return
    const l = newInode(k, 'l', 0o777, 0, 0)
    l.data = target
    dirAdd(k, dir, name, l.ino)
  }
}

/** mkdir -p; returns the directory's inode. */
export function installDir(k: Kernel, path: string, mode = 0o755, uid = 0, gid = 0): number {
  return new Installer(k).dir(path, mode, uid, gid)
}

/** Creates a file if it does not exist yet (existing files are kept). */
export function installFile(k: Kernel, path: string, data: string, mode = 0o644, uid = 0, gid = 0): void {
  new Installer(k).file(path, data, mode, uid, gid)
}

export function installSymlink(k: Kernel, path: string, target: string): void {
  new Installer(k).symlink(path, target)
}
