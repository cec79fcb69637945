// mount(2) of a block device: /dev/vda1 (254:1) holds the host's root filesystem.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, E } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

const S_IFCHR = 0o020000

describe('mount(2) of the root disk /dev/vda1', () => {
  it('shows the host\'s / at the mount point, in another mount namespace too', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWNS)
    h.call(c, 'mkdir', '/mnt', 0o755)
    expect(h.call(c, 'stat', '/dev/vda1')).toMatchObject({ rdev: (254 << 8) | 1 })
    expect(h.call(c, 'mount', '/dev/vda1', '/mnt', 'none', 0, '')).toBe(0)
    expect(h.call(c, 'stat', '/mnt/etc/hostname')).toMatchObject({ size: 5 })
    expect(h.call(c, 'mkdir', '/mnt/fromdisk', 0o755)).toBe(0)
    expect(h.call(p, 'stat', '/fromdisk')).toMatchObject({ nlink: 2 }) // the same files as the host's /
  })
  it('mount(2) errors: ENOENT for a missing device, ENOTBLK for a character device (mount(2) ERRORS)', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWNS)
    h.call(c, 'mkdir', '/mnt', 0o755)
    expect(h.call(c, 'mount', '/dev/vdb1', '/mnt', 'none', 0, '')).toBe(-E.ENOENT)
    expect(h.call(c, 'mknod', '/dev/cdev', S_IFCHR | 0o600, (1 << 8) | 3)).toBe(0)
    expect(h.call(c, 'mount', '/dev/cdev', '/mnt', 'none', 0, '')).toBe(-E.ENOTBLK)
  })
  it('needs CAP_SYS_ADMIN: EPERM for an unprivileged user', () => {
    const h = harness()
    const u = h.spawn({ uid: 1000 })
    expect(h.call(u, 'mount', '/dev/vda1', '/tmp', 'none', 0, '')).toBe(-E.EPERM)
  })
})
