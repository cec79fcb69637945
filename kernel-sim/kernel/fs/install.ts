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

/** mkdir -p; returns the directory's inode. */
export function installDir(k: Kernel, path: string, mode = 0o755, uid = 0, gid = 0): number {
  const t = rootTask(k)
  const found = namei(k, t, path)
  if (typeof found !== 'number' && found.node.kind === 'tmpfs') return found.node.ino
  const slash = path.lastIndexOf('/')
  const parent = installDir(k, slash <= 0 ? '/' : path.slice(0, slash))
  const d = newInode(k, 'd', mode, uid, gid)
  dirAdd(k, parent, path.slice(slash + 1), d.ino)
  return d.ino
}

/** Creates a file if it does not exist yet (existing files are kept). */
export function installFile(k: Kernel, path: string, data: string, mode = 0o644, uid = 0, gid = 0): void {
  const slash = path.lastIndexOf('/')
  const dir = installDir(k, path.slice(0, slash) || '/')
  const name = path.slice(slash + 1)
  if (k.inode(dir)!.entries.get(name) !== undefined) return
  const f = newInode(k, 'f', mode, uid, gid)
  f.data = data
  k.ctr().shmemBytes += shmemBytes(data.length) // dirAdd moves it to the disk's count on the disk-backed root
  dirAdd(k, dir, name, f.ino)
}

export function installSymlink(k: Kernel, path: string, target: string): void {
  const slash = path.lastIndexOf('/')
  const dir = installDir(k, path.slice(0, slash) || '/')
  const name = path.slice(slash + 1)
  if (k.inode(dir)!.entries.get(name) !== undefined) return
  const l = newInode(k, 'l', 0o777, 0, 0)
  l.data = target
  dirAdd(k, dir, name, l.ino)
}
