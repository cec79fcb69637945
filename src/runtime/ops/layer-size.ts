// The size of a container's writable layer (`docker ps -s` SIZE, SizeRw), as
// moby's overlay2 driver measures it: DiffSize → pkg/directory.Size over the
// upperdir, the sum of lstat sizes of everything but directories, each inode
// once (hard links), so whiteouts (0,0 devices, size 0) add nothing.
// SIMPLIFICATION: isolab's dockerd writes hostname, hosts and resolv.conf into
// the upperdir (no <id>-init layer, no bind mounts from containers/<id>/); they
// are left out, as on Docker, where writes to them never reach the layer.
import { S_IFDIR, S_IFMT } from '../../../kernel-sim/abi/index.ts'
import { lstat, type Sys } from '../../libc/index.ts'
import { readDir } from '../../programs/lib/fs.ts'

const BIND_MOUNTED = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']

/** Bytes of the container's changes in upperdir `diff` (0 if it is gone). */
export function* layerSize(diff: string): Sys<number> {
  return yield* treeSize(diff, new Set(BIND_MOUNTED.map((p) => diff + p)), new Set())
}

function* treeSize(path: string, skip: Set<string>, seen: Set<number>): Sys<number> {
  if (skip.has(path)) return 0
  const st = yield* lstat(path)
  if (typeof st === 'number') return 0
  if ((st.mode & S_IFMT) !== S_IFDIR) {
    if (st.size === 0 || seen.has(st.ino)) return 0
    seen.add(st.ino)
    return st.size
  }
  const ents = yield* readDir(path)
  if (typeof ents === 'number') return 0
  const names = ents.map((e) => e.name)
  let total = 0
  for (const n of names) total += yield* treeSize(`${path}/${n}`, skip, seen)
  return total
}
