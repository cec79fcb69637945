// namei crosses a mount point wherever one is (path_resolution(7): "If the
// component is a mount point, ... the root of the mounted filesystem"). A walk
// skips the mount-point question below a directory with no mount under it
// (Linux's d_mountpoint flag): these tests hold that a mount made later, in
// another namespace's copy of the table, or reached through a dirfd, is still seen.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, O_DIRECTORY, O_RDONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

const ino = (st: unknown) => (st as { ino: number }).ino

describe('namei and mount points added after earlier walks', () => {
  it('a mount under a directory already walked through is crossed by the next walk', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/a', 0o755)
    h.call(p, 'mkdir', '/a/b', 0o755)
    h.call(p, 'mkdir', '/a/b/c', 0o755)
    const before = ino(h.call(p, 'stat', '/a/b/c'))
    expect(h.call(p, 'mount', 'tmpfs', '/a/b/c', 'tmpfs', 0, '')).toBe(0)
    expect(ino(h.call(p, 'stat', '/a/b/c'))).not.toBe(before)
    // And through a directory fd opened before the mount.
    const dir = h.open(p, '/a/b', O_RDONLY | O_DIRECTORY)
    expect(h.call(p, 'umount2', '/a/b/c', 0)).toBe(0)
    expect(ino(h.call(p, 'newfstatat', dir, 'c', 0))).toBe(before)
    expect(h.call(p, 'mount', 'tmpfs', '/a/b/c', 'tmpfs', 0, '')).toBe(0)
    expect(ino(h.call(p, 'newfstatat', dir, 'c', 0))).not.toBe(before)
  })

  it('a new mount namespace sees its own later mounts, and the parent does not', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/x', 0o755)
    h.call(p, 'mkdir', '/x/y', 0o755)
    const host = ino(h.call(p, 'stat', '/x/y'))
    const c = h.fork(p, CLONE_NEWNS)
    expect(ino(h.call(c, 'stat', '/x/y'))).toBe(host)
    expect(h.call(c, 'mount', 'tmpfs', '/x/y', 'tmpfs', 0, '')).toBe(0)
    expect(ino(h.call(c, 'stat', '/x/y'))).not.toBe(host)
    expect(ino(h.call(p, 'stat', '/x/y'))).toBe(host)
  })

  it("a copy's table answers from the parent's index as of the copy: the parent's later mounts, even on a path both had, stay the parent's", () => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/a', '/b', '/c']) h.call(p, 'mkdir', d, 0o755)
    expect(h.call(p, 'mount', 'tmpfs', '/a', 'tmpfs', 0, '')).toBe(0)
    const a1 = ino(h.call(p, 'stat', '/a'))
    const c = h.fork(p, CLONE_NEWNS)
    const g = h.fork(c, CLONE_NEWNS) // a copy of a copy: its lookups go through two layers
    expect(h.call(p, 'mount', 'tmpfs', '/a', 'tmpfs', 0, '')).toBe(0) // over the first: the copies keep seeing that one
    expect(h.call(p, 'mount', 'tmpfs', '/b', 'tmpfs', 0, '')).toBe(0)
    const b0 = ino(h.call(c, 'stat', '/b'))
    expect(h.call(c, 'mount', 'tmpfs', '/c', 'tmpfs', 0, '')).toBe(0)
    expect(ino(h.call(p, 'stat', '/a'))).not.toBe(a1)
    for (const x of [c, g]) {
      expect(ino(h.call(x, 'stat', '/a'))).toBe(a1)
      expect(ino(h.call(x, 'stat', '/b'))).toBe(b0)
      expect(h.call(x, 'umount2', '/b', 0)).toBeLessThan(0) // EINVAL: not a mount point here
    }
    expect(ino(h.call(p, 'stat', '/b'))).not.toBe(b0)
    expect(ino(h.call(g, 'stat', '/c'))).not.toBe(ino(h.call(c, 'stat', '/c')))
    expect(h.call(c, 'umount2', '/a', 0)).toBe(0) // a removal re-indexes the copy from its own rows
    expect(ino(h.call(c, 'stat', '/a'))).not.toBe(a1)
    expect(ino(h.call(g, 'stat', '/a'))).toBe(a1)
  })
})
