// Filesystem helpers on top of syscalls: list a directory, resolve a path the
// way realpath(3) does, split device numbers.
import { E, O_DIRECTORY, O_RDONLY, S_IFDIR, S_IFLNK, S_IFMT, SYMLOOP_MAX, type Dirent } from '../../../kernel-sim/abi/index.ts'
import { close, getcwd, getdents, lstat, open, readlink, type Sys } from '../../libc/index.ts'

export const isDir = (mode: number) => (mode & S_IFMT) === S_IFDIR
export const isLink = (mode: number) => (mode & S_IFMT) === S_IFLNK

/** Directory entries except "." and "..", in the kernel's order; -errno on failure. */
export function* readDir(path: string): Sys<Dirent[] | number> {
  const d = yield* openDir(path)
  if (typeof d === 'number') return d
  yield* close(d.fd)
  return d.entries
}

/** Like readDir, but the directory stays open (ls stats entries before closedir, so /proc/self/fd shows it). */
export function* openDir(path: string): Sys<{ fd: number; entries: Dirent[] } | number> {
  const fd = yield* open(path, O_RDONLY | O_DIRECTORY)
  if (fd < 0) return fd
  const all: Dirent[] = []
  const seen = new Set<string>()
  // getdents(2) hands out batches until an empty one; stop too if a batch
  // repeats itself (a kernel that returns everything on every call)
  for (let i = 0; i < 1_000_000; i++) {
    const batch = yield* getdents(fd)
    if (typeof batch === 'number') {
      yield* close(fd)
      return batch
    }
    const fresh = batch.filter((d) => !seen.has(d.name))
    if (fresh.length === 0) break
    for (const d of fresh) {
      seen.add(d.name)
      if (d.name !== '.' && d.name !== '..') all.push(d)
    }
  }
  return { fd, entries: all }
}

/** Joins a directory and a name without doubling the slash. */
export const joinPath = (dir: string, name: string) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`)
export const baseName = (p: string) => {
  const t = p.replace(/\/+$/, '')
  return t === '' ? '/' : t.slice(t.lastIndexOf('/') + 1)
}
export const dirName = (p: string) => {
  const t = p.replace(/\/+$/, '')
  const i = t.lastIndexOf('/')
  return i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i)
}

export type Canon = 'existing' | 'all-but-last' | 'missing'

/**
 * readlink -e / -f / -m (canonicalize_filename_mode): an absolute path with
 * no ".", ".." or symlinks. -errno when a required component is missing.
 */
export function* canonicalize(path: string, mode: Canon): Sys<string | number> {
  let pending = path.split('/')
  let resolved: string[] = []
  if (!path.startsWith('/')) {
    const cwd = yield* getcwd()
    if (typeof cwd === 'number') return cwd
    resolved = cwd.split('/').filter(Boolean)
  }
  let links = 0
  while (pending.length) {
    const part = pending.shift()!
    if (part === '' || part === '.') continue
    if (part === '..') {
      resolved.pop()
      continue
    }
    const cur = '/' + [...resolved, part].join('/')
    const st = yield* lstat(cur)
    const last = pending.every((p) => p === '' || p === '.')
    if (typeof st === 'number') {
      if (mode === 'missing' || (mode === 'all-but-last' && last && st === -E.ENOENT)) {
        resolved.push(part)
        continue
      }
      return st
    }
    if (isLink(st.mode)) {
      if (++links > SYMLOOP_MAX) return -E.ELOOP
      const target = yield* readlink(cur)
      if (typeof target === 'number') return target
      if (target.startsWith('/')) resolved = []
      pending = [...target.split('/'), ...pending]
      continue
    }
    if (!last && !isDir(st.mode) && mode !== 'missing') return -E.ENOTDIR
    resolved.push(part)
  }
  return '/' + resolved.join('/')
}

/** Linux dev_t encoding (MAJOR/MINOR in sysmacros.h). */
export const major = (dev: number) => ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff)
export const minor = (dev: number) => (dev & 0xff) | ((dev >>> 12) & 0xfff00)

/** st_blocks in 512-byte units. SIMPLIFICATION: Stat has no st_blocks; sizes round to 4 KiB pages. */
export const blocks512 = (size: number) => Math.ceil(size / 4096) * 8
