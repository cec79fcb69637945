// Inodes with no name (a memfd, fs/memfd.ts): what holds them, and when they go.
import type { Kernel } from '../kernel.ts'
import { shmemEvict } from './shmem.ts'

/**
 * An inode with no name goes when nothing holds it: no open file, no process
 * executing it (a memfd runc re-executed from, once runc has exited).
 */
export function releaseUnlinked(k: Kernel, ino: number | undefined): void {
  const i = ino === undefined ? undefined : k.inode(ino)
  if (!i || i.nlink > 0 || i.type !== 'f') return
  for (const t of k.s.tasks.values()) if (t.exeIno === ino && t.state !== 'Z') return
  for (const f of k.s.files.values()) if (typeof f !== 'number' && f.kind === 'inode' && f.obj === ino) return // a number is a socket
  shmemEvict(k, i)
  k.remove('inodes', i.ino)
}
