// pivot_root(2): the old root's mounts are reachable under put_old until it is
// detached (the table index keeps finding them under their new names), and the
// mounts under the new root keep theirs.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, O_CREAT, O_RDONLY, O_WRONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import type { Kpid } from '../../abi/pid.ts'

describe('pivot_root(2) and the mount table index', () => {
  // A process with a file on a tmpfs at /a, and its child pivoted into a tmpfs at /new (put_old /new/old),
  // as runc does. The old root's rows get their put_old paths only when read (runc's immediate detach
  // drops them unread): each way of reading them must see what an eager rewrite would have shown.
  const pivoted = () => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/a', '/new']) h.call(p, 'mkdir', d, 0o755)
    expect(h.call(p, 'mount', 'tmpfs', '/a', 'tmpfs', 0, '')).toBe(0)
    const fd = h.open(p, '/a/f', O_WRONLY | O_CREAT, 0o644)
    h.call(p, 'write', fd, 'in a')
    h.call(p, 'close', fd)
    const c = h.fork(p, CLONE_NEWNS)
    expect(h.call(c, 'mount', 'tmpfs', '/new', 'tmpfs', 0, '')).toBe(0)
    h.call(c, 'mkdir', '/new/old', 0o755)
    h.call(c, 'mkdir', '/new/proc', 0o755)
    expect(h.call(c, 'mount', 'proc', '/new/proc', 'proc', 0, '')).toBe(0)
    expect(h.call(c, 'pivot_root', '/new', '/new/old')).toBe(0)
    return { h, c }
  }

  it('old mounts under put_old, new ones under /, then MNT_DETACH leaves the new root alone', () => {
    const { h, c } = pivoted()
    const g = h.open(c, '/old/a/f', O_RDONLY)
    expect(h.call(c, 'read', g, 100)).toBe('in a')
    expect(h.open(c, '/proc/self/mountinfo', O_RDONLY)).toBeGreaterThanOrEqual(0)
    expect(h.call(c, 'mkdir', '/old/a/d', 0o755)).toBe(0) // a write on the moved /a mount (mnt_want_write finds it by id)
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    const i = h.open(c, '/proc/self/mountinfo', O_RDONLY)
    const info = h.call(c, 'read', i, 1 << 16) as string
    expect(info.split('\n').filter(Boolean).map((l) => l.split(' ')[4])).toEqual(['/', '/proc'])
    expect(h.open(c, '/old/a/f', O_RDONLY)).toBeLessThan(0)
  })

  const points = (h: ReturnType<typeof harness>, c: Kpid) => {
    const i = h.open(c, '/proc/self/mountinfo', O_RDONLY)
    return (h.call(c, 'read', i, 1 << 16) as string).split('\n').filter(Boolean).map((l) => l.split(' ')[4])
  }

  it('mountinfo right after pivot_root shows the old root and its mounts under put_old (pivot_root(2))', () => {
    const { h, c } = pivoted()
    const ps = points(h, c)
    expect(ps).toContain('/')
    expect(ps).toContain('/old')
    expect(ps).toContain('/old/a')
    expect(ps.filter((x) => x !== '/' && x !== '/proc' && !x.startsWith('/old'))).toEqual([])
  })

  it('umount2 of put_old without MNT_DETACH is EBUSY (mounts below it, umount(2)); with it, only the new root is left', () => {
    const { h, c } = pivoted()
    expect(h.call(c, 'umount2', '/old', 0)).toBe(-16)
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    expect(points(h, c)).toEqual(['/', '/proc'])
  })

  it('a moved mount is umounted by its put_old path before put_old is detached', () => {
    const { h, c } = pivoted()
    expect(h.call(c, 'umount2', '/old/a', 0)).toBe(0)
    expect(points(h, c)).not.toContain('/old/a')
    expect(points(h, c)).toContain('/old')
  })

  // A new namespace's table shares its parent's rows (the host's thousand in a container's pivot_root):
  // their depths come from the parent's index. The order must be the one the paths give.
  const nested = (extra: string[]) => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/a', '/b', '/b/c', '/d', '/d/e', '/d/e/f', '/new']) h.call(p, 'mkdir', d, 0o755)
    for (const d of ['/a', '/b/c', '/d/e/f', '/new']) expect(h.call(p, 'mount', 'tmpfs', d, 'tmpfs', 0, '')).toBe(0)
    for (const d of ['/new/old', '/new/proc', ...extra]) h.call(p, 'mkdir', d, 0o755)
    for (const d of extra) expect(h.call(p, 'mount', 'tmpfs', d, 'tmpfs', 0, '')).toBe(0)
    const c = h.fork(p, CLONE_NEWNS)
    return { h, p, c }
  }

  it('in a new namespace: the parent\'s rows go under put_old, shallower mount points first, in table order at one depth', () => {
    const { h, p, c } = nested([])
    expect(h.call(c, 'mount', 'proc', '/new/proc', 'proc', 0, '')).toBe(0)
    const parentBefore = points(h, p)
    expect(h.call(c, 'pivot_root', '/new', '/new/old')).toBe(0)
    expect(points(h, c)).toEqual([
      '/old', '/', '/proc', // depth 1: the old "/", the new root (the parent's /new), the child's own /proc
      '/old/dev', '/old/proc', '/old/sys', '/old/a', '/old/dev/pts', '/old/b/c', '/old/sys/fs/cgroup', '/old/d/e/f',
    ])
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    expect(points(h, c)).toEqual(['/', '/proc'])
    // Nothing of the child's pivot_root and detach shows in the parent.
    expect(points(h, p)).toEqual(parentBefore)
    expect(parentBefore).toContain('/new')
    expect(parentBefore).not.toContain('/new/proc')
  })

  it('in a new namespace: a parent\'s mount below the new root moves inside it', () => {
    const { h, c } = nested(['/new/x'])
    expect(h.call(c, 'mount', 'proc', '/new/proc', 'proc', 0, '')).toBe(0)
    expect(h.call(c, 'pivot_root', '/new', '/new/old')).toBe(0)
    expect(points(h, c).slice(0, 4)).toEqual(['/old', '/', '/x', '/proc'])
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    expect(points(h, c)).toEqual(['/', '/x', '/proc'])
  })

  it('a mount the parent makes below the new root after the copy is not the child\'s', () => {
    const { h, p, c } = nested(['/new/y'])
    h.call(p, 'mkdir', '/new/z', 0o755)
    expect(h.call(p, 'mount', 'tmpfs', '/new/z', 'tmpfs', 0, '')).toBe(0)
    expect(h.call(c, 'mount', 'proc', '/new/proc', 'proc', 0, '')).toBe(0)
    expect(h.call(c, 'pivot_root', '/new', '/new/old')).toBe(0)
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    expect(points(h, c)).toEqual(['/', '/y', '/proc'])
    expect(points(h, p)).toContain('/new/z')
  })
})
