// File helpers the daemon and the shim share: write a whole file, mkdir -p,
// unpack an image layer into its directory, remove a tree or a cgroup.
import { ELF_PREFIX } from '../../kernel-sim/index.ts'
import { E, O_APPEND, O_CREAT, O_TRUNC, O_WRONLY, S_IFDIR, S_IFMT } from '../../kernel-sim/abi/index.ts'
import { chmod, close, lstat, mkdir, open, rmdir, stat, symlink, unlink, writeAll, type Sys } from '../libc/index.ts'
import { readDir } from '../programs/lib/fs.ts'
import type { Layer } from './images.ts'

export function* writeFile(path: string, data: string, mode = 0o644, append = false): Sys<number> {
  const fd = yield* open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), mode)
  if (fd < 0) return fd
  const r = yield* writeAll(fd, data)
  yield* close(fd)
  return r
}

/**
 * mkdir -p as Go's os.MkdirAll does it (dockerd, containerd and runc are Go): one
 * stat when the directory exists, else the parent first, then mkdir; 0 or -errno.
 */
export function* mkdirP(path: string, mode = 0o755): Sys<number> {
  const st = yield* stat(path)
  if (typeof st !== 'number') return (st.mode & S_IFMT) === S_IFDIR ? 0 : -E.ENOTDIR
  const parent = path.slice(0, path.lastIndexOf('/'))
  if (parent) {
    const r = yield* mkdirP(parent, mode)
    if (r < 0) return r
  }
  const r = yield* mkdir(path, mode)
  // Another process may have made it meanwhile (MkdirAll checks again with Lstat).
  return r === -E.EEXIST ? 0 : r
}

/**
 * Unpacks layers under `root` (lowest first; later layers win): a pulled
 * layer into its overlay2 diff directory. As moby's archive.Unpack, missing
 * parent directories are created (0755).
 */
export function* unpackLayers(root: string, layers: readonly Layer[]): Sys<number> {
  for (const layer of layers) {
    for (const e of layer.entries) {
      const path = root + e.path
      const parent = path.slice(0, path.lastIndexOf('/'))
      if (parent.length > root.length && typeof (yield* lstat(parent)) === 'number') yield* mkdirP(parent, 0o755)
      let r: number
      if (e.type === 'd') {
        r = yield* mkdir(path, e.mode)
        if (r === -E.EEXIST) r = 0
      } else if (e.type === 'l') r = yield* symlink(e.data, path)
      else r = yield* writeFile(path, e.elf ? `${ELF_PREFIX}${e.data}\n` : e.data, e.mode)
      if (r < 0 && r !== -E.EEXIST) return r
      // The umask took group/other write bits (/tmp 1777 → 1755): archive.Unpack chmods to the header's mode.
      if (e.type !== 'l' && (e.mode & 0o022) !== 0) yield* chmod(path, e.mode)
    }
  }
  return 0
}

/** rm -rf (without following symlinks); 0 or -errno of the first failure. */
export function* removeTree(path: string): Sys<number> {
  const st = yield* lstat(path)
  if (typeof st === 'number') return st === -E.ENOENT ? 0 : st
  if ((st.mode & S_IFMT) !== S_IFDIR) return yield* unlink(path)
  const ents = yield* readDir(path)
  if (typeof ents === 'number') return ents
  const names = ents.map((e) => e.name)
  for (const n of names) yield* removeTree(`${path}/${n}`)
  return yield* rmdir(path)
}

/**
 * Removes a cgroup and every cgroup below it, the deepest first (runc's
 * cgroups.RemovePath: sub-cgroups a privileged container made would otherwise
 * keep the container's cgroup, rmdir(2) EBUSY). 0 or rmdir's -errno.
 */
export function* removeCgroup(path: string): Sys<number> {
  const ents = yield* readDir(path)
  if (typeof ents === 'number') return ents === -E.ENOENT ? 0 : ents
  for (const e of ents) {
    const st = yield* lstat(`${path}/${e.name}`)
    if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) yield* removeCgroup(`${path}/${e.name}`)
  }
  return yield* rmdir(path)
}
