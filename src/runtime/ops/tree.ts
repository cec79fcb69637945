// A file tree as data, for docker cp: read a file or directory recursively,
// write it back under another name. Used by dockerd on the container's side
// and by the CLI on the host's.
// SIMPLIFICATION: the entries go as JSON, not the Engine's tar stream; no
// owners, times or device nodes.
import { E, S_IFDIR, S_IFLNK, S_IFMT } from '../../../kernel-sim/abi/index.ts'
import { chmod, lstat, mkdir, readlink, symlink, type Sys } from '../../libc/index.ts'
import { readDir } from '../../programs/lib/fs.ts'
import { readFile } from '../../programs/lib/io.ts'
import { writeFile } from '../fsutil.ts'

export interface TreeEntry {
  /** Path relative to the copied item ('' is the item itself). */
  rel: string
  type: 'f' | 'd' | 'l'
  mode: number
  data: string
}

/** Reads `path` and everything under it; -errno of lstat on the item itself. */
export function* readTree(path: string): Sys<TreeEntry[] | number> {
  const st = yield* lstat(path)
  if (typeof st === 'number') return st
  const out: TreeEntry[] = []
  const walk = function* (p: string, rel: string, mode: number): Sys<void> {
    const fmt = mode & S_IFMT
    if (fmt === S_IFDIR) {
      out.push({ rel, type: 'd', mode: mode & 0o7777, data: '' })
      const ents = yield* readDir(p)
      if (typeof ents === 'number') return
      for (const n of ents.map((e) => e.name).sort()) {
        const s = yield* lstat(`${p}/${n}`)
        if (typeof s !== 'number') yield* walk(`${p}/${n}`, `${rel}/${n}`, s.mode)
      }
    } else if (fmt === S_IFLNK) {
      const t = yield* readlink(p)
      out.push({ rel, type: 'l', mode: 0o777, data: typeof t === 'string' ? t : '' })
    } else {
      const t = yield* readFile(p)
      out.push({ rel, type: 'f', mode: mode & 0o7777, data: typeof t === 'string' ? t : '' })
    }
  }
  yield* walk(path, '', st.mode)
  return out
}

/** Writes entries with the item at `dest`; 0 or the first -errno. */
export function* writeTree(dest: string, entries: readonly TreeEntry[]): Sys<number> {
  for (const e of entries) {
    const p = dest + e.rel
    let r = 0
    if (e.type === 'd') {
      r = yield* mkdir(p, e.mode)
      if (r === -E.EEXIST) r = 0
    } else if (e.type === 'l') r = yield* symlink(e.data, p)
    else {
      r = yield* writeFile(p, e.data, e.mode)
      if (r >= 0) r = yield* chmod(p, e.mode)
    }
    if (r < 0) return r
  }
  return 0
}

/** Total bytes of file data (what `docker cp` reports). */
export const treeSize = (entries: readonly TreeEntry[]) => entries.reduce((n, e) => n + e.data.length, 0)
