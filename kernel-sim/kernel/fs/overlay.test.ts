// overlayfs (Documentation/filesystems/overlayfs.rst): lookup order, copy-up,
// whiteouts, opaque directories, merged readdir, rename without redirect_dir,
// mount errors and the mountinfo line.
import { describe, expect, it } from 'vitest'
import { E, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, S_IFCHR, S_IFMT, type Kpid } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import type { Stat, Dirent } from '../../abi/index.ts'

const OPTS = 'lowerdir=/l1:/l2,upperdir=/u,workdir=/w'

function write(h: Harness, p: Kpid, path: string, data: string, mode = 0o644) {
  const fd = h.open(p, path, O_WRONLY | O_CREAT | O_TRUNC, mode)
  expect(fd).toBeGreaterThanOrEqual(0)
  h.call(p, 'write', fd, data)
  h.call(p, 'close', fd)
}

function read(h: Harness, p: Kpid, path: string): string | number {
  const fd = h.open(p, path, O_RDONLY)
  if (fd < 0) return fd
  const s = h.call(p, 'read', fd, 1 << 20) as string
  h.call(p, 'close', fd)
  return s
}

function ls(h: Harness, p: Kpid, path: string): string[] | number {
  const fd = h.open(p, path, O_RDONLY)
  if (fd < 0) return fd
  const d = h.call(p, 'getdents', fd) as Dirent[]
  h.call(p, 'close', fd)
  return d.map((x) => x.name).filter((n) => n !== '.' && n !== '..').sort()
}

/** /l1 over /l2, upper /u: l2 has a, b, dir/{x,y}, ldir/{z}; l1 has b (newer), dir/{x}; u has c. */
function setup() {
  const h = harness()
  const p = h.spawn()
  for (const d of ['/l1', '/l2', '/u', '/w', '/m', '/l2/dir', '/l1/dir', '/l2/ldir']) expect(h.call(p, 'mkdir', d, 0o755)).toBe(0)
  write(h, p, '/l2/a', 'a from l2', 0o640)
  write(h, p, '/l2/b', 'b from l2')
  write(h, p, '/l1/b', 'b from l1')
  write(h, p, '/l2/dir/x', 'x from l2')
  write(h, p, '/l2/dir/y', 'y from l2')
  write(h, p, '/l1/dir/x', 'x from l1')
  write(h, p, '/l2/ldir/z', 'z')
  write(h, p, '/u/c', 'c from upper')
  expect(h.call(p, 'chown', '/l2/a', 1000, 1000)).toBe(0)
  expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, OPTS)).toBe(0)
  return { h, p }
}

describe('overlayfs lookup and readdir (overlayfs.rst "Directories")', () => {
  it('the upper entry wins, then the first lowerdir, then the next', () => {
    const { h, p } = setup()
    expect(read(h, p, '/m/a')).toBe('a from l2')
    expect(read(h, p, '/m/b')).toBe('b from l1')
    expect(read(h, p, '/m/c')).toBe('c from upper')
    expect(read(h, p, '/m/dir/x')).toBe('x from l1')
    expect(read(h, p, '/m/dir/y')).toBe('y from l2')
  })

  it('readdir merges the layers, each name once', () => {
    const { h, p } = setup()
    expect(ls(h, p, '/m')).toEqual(['a', 'b', 'c', 'dir', 'ldir'])
    expect(ls(h, p, '/m/dir')).toEqual(['x', 'y'])
  })

  it('all objects report the overlay st_dev and the real st_ino (same underlying fs)', () => {
    const { h, p } = setup()
    const m = h.call(p, 'stat', '/m/a') as Stat
    const l = h.call(p, 'stat', '/l2/a') as Stat
    expect(m.ino).toBe(l.ino)
    expect(m.dev).not.toBe(l.dev)
    expect((h.call(p, 'stat', '/m/dir') as Stat).dev).toBe(m.dev)
  })
})

describe('overlayfs copy-up (overlayfs.rst "Non-directories")', () => {
  it('writing a lower file copies it up with its mode and owner; the lower file is unchanged', () => {
    const { h, p } = setup()
    const fd = h.open(p, '/m/a', O_WRONLY | O_TRUNC)
    h.call(p, 'write', fd, 'changed')
    h.call(p, 'close', fd)
    expect(read(h, p, '/m/a')).toBe('changed')
    expect(read(h, p, '/u/a')).toBe('changed')
    expect(read(h, p, '/l2/a')).toBe('a from l2')
    const st = h.call(p, 'stat', '/u/a') as Stat
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o640, 1000, 1000])
  })

  it('a file in a lower directory copies its parent directories up too', () => {
    const { h, p } = setup()
    write(h, p, '/m/ldir/new', 'new')
    expect(ls(h, p, '/u/ldir')).toEqual(['new'])
    expect(ls(h, p, '/m/ldir')).toEqual(['new', 'z'])
    expect(ls(h, p, '/l2/ldir')).toEqual(['z'])
  })

  it('chmod and chown copy up; opening read-only does not', () => {
    const { h, p } = setup()
    expect(read(h, p, '/m/b')).toBe('b from l1')
    expect(ls(h, p, '/u')).toEqual(['c'])
    expect(h.call(p, 'chmod', '/m/b', 0o600)).toBe(0)
    expect(((h.call(p, 'stat', '/u/b') as Stat).mode & 0o7777)).toBe(0o600)
    expect(((h.call(p, 'stat', '/l1/b') as Stat).mode & 0o7777)).toBe(0o644)
    expect(read(h, p, '/u/b')).toBe('b from l1')
  })
})

describe('overlayfs whiteouts and opaque directories (overlayfs.rst "whiteouts and opaque directories")', () => {
  it('unlinking a lower file leaves a character device 0/0 in upper', () => {
    const { h, p } = setup()
    expect(h.call(p, 'unlink', '/m/a')).toBe(0)
    expect(h.call(p, 'stat', '/m/a')).toBe(-E.ENOENT)
    expect(ls(h, p, '/m')).toEqual(['b', 'c', 'dir', 'ldir'])
    const w = h.call(p, 'lstat', '/u/a') as Stat
    expect(w.mode & S_IFMT).toBe(S_IFCHR)
    expect(w.rdev).toBe(0)
    expect(read(h, p, '/l2/a')).toBe('a from l2')
  })

  it('unlinking an upper-only file leaves no whiteout', () => {
    const { h, p } = setup()
    expect(h.call(p, 'unlink', '/m/c')).toBe(0)
    expect(ls(h, p, '/u')).toEqual([])
  })

  it('a file created over a whiteout shows again, without the lower contents', () => {
    const { h, p } = setup()
    h.call(p, 'unlink', '/m/a')
    write(h, p, '/m/a', 'again')
    expect(read(h, p, '/m/a')).toBe('again')
    expect((h.call(p, 'lstat', '/u/a') as Stat).mode & S_IFMT).not.toBe(S_IFCHR)
  })

  it('rmdir of a merged directory needs it empty as merged (ENOTEMPTY), then whites it out', () => {
    const { h, p } = setup()
    expect(h.call(p, 'rmdir', '/m/ldir')).toBe(-E.ENOTEMPTY)
    expect(h.call(p, 'unlink', '/m/ldir/z')).toBe(0)
    expect(ls(h, p, '/m/ldir')).toEqual([])
    expect(h.call(p, 'rmdir', '/m/ldir')).toBe(0)
    expect(h.call(p, 'stat', '/m/ldir')).toBe(-E.ENOENT)
    expect((h.call(p, 'lstat', '/u/ldir') as Stat).rdev).toBe(0)
  })

  it('a directory made where a lower one was removed is opaque: the lower entries stay hidden', () => {
    const { h, p } = setup()
    h.call(p, 'unlink', '/m/ldir/z')
    h.call(p, 'rmdir', '/m/ldir')
    expect(h.call(p, 'mkdir', '/m/ldir', 0o755)).toBe(0)
    expect(ls(h, p, '/m/ldir')).toEqual([])
    expect(h.call(p, 'stat', '/m/ldir/z')).toBe(-E.ENOENT)
    expect(h.k.inode((h.k.inode(h.k.s.coarse.mounts.find((m) => m.path === '/m')!.ovl!.upper)!.entries.get('ldir'))!)!.xattr).toEqual({ 'trusted.overlay.opaque': 'y' })
  })
})

describe('overlayfs rename without redirect_dir', () => {
  it('renaming a lower file copies it up and whites out the old name', () => {
    const { h, p } = setup()
    expect(h.call(p, 'rename', '/m/a', '/m/a2')).toBe(0)
    expect(read(h, p, '/m/a2')).toBe('a from l2')
    expect(h.call(p, 'stat', '/m/a')).toBe(-E.ENOENT)
    expect(read(h, p, '/l2/a')).toBe('a from l2')
  })

  it('"rename(2) on a lower or merged directory will fail with EXDEV"; an upper-only directory moves', () => {
    const { h, p } = setup()
    expect(h.call(p, 'rename', '/m/ldir', '/m/ldir2')).toBe(-E.EXDEV)
    expect(h.call(p, 'rename', '/m/dir', '/m/dir2')).toBe(-E.EXDEV)
    h.call(p, 'mkdir', '/m/fresh', 0o755)
    expect(h.call(p, 'rename', '/m/fresh', '/m/fresh2')).toBe(0)
    expect(ls(h, p, '/u')).toEqual(['c', 'fresh2'])
  })
})

describe('mount -t overlay: options, errors, mountinfo', () => {
  it('shows "overlay / overlay rw,relatime,lowerdir=...,upperdir=...,workdir=..." and makes workdir/work', () => {
    const { h, p } = setup()
    const fd = h.open(p, '/proc/self/mountinfo', O_RDONLY)
    const info = h.call(p, 'read', fd, 1 << 20) as string
    const line = info.split('\n').find((l) => l.includes(' /m '))!
    expect(line).toMatch(/^\d+ 1 0:\d+ \/ \/m rw,relatime - overlay overlay rw,lowerdir=\/l1:\/l2,upperdir=\/u,workdir=\/w$/)
    const mounts = read(h, p, '/proc/mounts') as string
    expect(mounts).toContain(`overlay /m overlay rw,relatime,${OPTS} 0 0\n`)
    expect(ls(h, p, '/w')).toEqual(['work'])
    expect(((h.call(p, 'stat', '/w/work') as Stat).mode & 0o7777)).toBe(0)
  })

  it('a missing lowerdir is ENOENT, logged as the kernel logs it', () => {
    const { h, p } = setup()
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'lowerdir=/nope,upperdir=/u,workdir=/w')).toBe(-E.ENOENT)
    expect(h.k.coarse.dmesg.at(-1)).toMatch(/overlayfs: failed to resolve '\/nope': -2$/)
  })

  it('no lowerdir, or upperdir without workdir, is EINVAL', () => {
    const { h, p } = setup()
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'upperdir=/u,workdir=/w')).toBe(-E.EINVAL)
    expect(h.k.coarse.dmesg.at(-1)).toMatch(/overlayfs: missing 'lowerdir'$/)
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'lowerdir=/l1,upperdir=/u')).toBe(-E.EINVAL)
    h.call(p, 'mkdir', '/u/w', 0o755)
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'lowerdir=/l1,upperdir=/u,workdir=/u/w')).toBe(-E.EINVAL) // "must be separate subtrees"
  })

  it('without upperdir the overlay is read-only (EROFS)', () => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/l1', '/l2', '/m']) h.call(p, 'mkdir', d, 0o755)
    write(h, p, '/l2/f', 'f')
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'lowerdir=/l1:/l2')).toBe(0)
    expect(read(h, p, '/m/f')).toBe('f')
    expect(h.open(p, '/m/f', O_WRONLY)).toBe(-E.EROFS)
    expect(h.call(p, 'unlink', '/m/f')).toBe(-E.EROFS)
  })

  it('a bind mount of the overlay is the overlay again (runc binds the rootfs onto itself)', () => {
    const { h, p } = setup()
    h.call(p, 'mkdir', '/b', 0o755)
    expect(h.call(p, 'mount', '/m', '/b', '', 4096, '')).toBe(0)
    expect(read(h, p, '/b/dir/y')).toBe('y from l2')
    write(h, p, '/b/dir/y', 'via bind')
    expect(read(h, p, '/m/dir/y')).toBe('via bind')
    expect(read(h, p, '/u/dir/y')).toBe('via bind')
  })
})
