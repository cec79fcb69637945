// Read-only mounts: mount(2) MS_RDONLY and MS_REMOUNT|MS_BIND|MS_RDONLY; every
// write under such a mount fails with EROFS ("Read-only file system", errno(3)).
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, E, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, MS_RDONLY, MS_REMOUNT, MS_BIND } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

const S_IFIFO = 0o010000

function roSetup() {
  const h = harness()
  const p = h.spawn()
  const c = h.fork(p, CLONE_NEWNS)
  h.call(c, 'mkdir', '/data', 0o755)
  expect(h.call(c, 'mount', 'tmpfs', '/data', 'tmpfs', 0, '')).toBe(0)
  h.call(c, 'mkdir', '/data/dir', 0o755)
  h.call(c, 'mkdir', '/data/full', 0o755)
  h.call(c, 'mkdir', '/data/full/x', 0o755)
  const fd = h.open(c, '/data/file', O_WRONLY | O_CREAT, 0o644)
  h.call(c, 'write', fd, 'hello')
  h.call(c, 'close', fd)
  // mount(8) -o remount,bind,ro: only this mount becomes read-only.
  expect(h.call(c, 'mount', '', '/data', '', MS_REMOUNT | MS_BIND | MS_RDONLY, '')).toBe(0)
  return { h, p, c }
}

describe('read-only mounts (mount(2) MS_RDONLY, EROFS)', () => {
  it('open(2) EROFS: write access, O_CREAT of a new file and O_TRUNC fail; reading still works', () => {
    const { h, c } = roSetup()
    expect(h.open(c, '/data/file', O_WRONLY)).toBe(-E.EROFS)
    expect(h.open(c, '/data/file', O_RDWR)).toBe(-E.EROFS)
    expect(h.open(c, '/data/file', O_RDONLY | O_TRUNC)).toBe(-E.EROFS)
    expect(h.open(c, '/data/new', O_WRONLY | O_CREAT, 0o644)).toBe(-E.EROFS)
    const fd = h.open(c, '/data/file', O_RDONLY)
    expect(h.call(c, 'read', fd, 100)).toBe('hello')
  })

  it('mkdir, mknod, symlink, link, unlink, rmdir, rename, chmod, chown, truncate and unix bind fail with EROFS', () => {
    const { h, c } = roSetup()
    expect(h.call(c, 'mkdir', '/data/d2', 0o755)).toBe(-E.EROFS)
    expect(h.call(c, 'mkdir', '/data/dir', 0o755)).toBe(-E.EEXIST) // mkdir(2): EEXIST is checked first
    expect(h.call(c, 'mknod', '/data/fifo', S_IFIFO | 0o644, 0)).toBe(-E.EROFS)
    expect(h.call(c, 'symlink', 'file', '/data/sl')).toBe(-E.EROFS)
    expect(h.call(c, 'link', '/data/file', '/data/hard')).toBe(-E.EROFS)
    expect(h.call(c, 'unlink', '/data/file')).toBe(-E.EROFS)
    expect(h.call(c, 'rmdir', '/data/dir')).toBe(-E.EROFS)
    expect(h.call(c, 'rename', '/data/file', '/data/moved')).toBe(-E.EROFS)
    expect(h.call(c, 'chmod', '/data/file', 0o600)).toBe(-E.EROFS)
    expect(h.call(c, 'chown', '/data/file', 1, 1)).toBe(-E.EROFS)
    expect(h.call(c, 'truncate', '/data/file', 0)).toBe(-E.EROFS)
    const s = h.call(c, 'socket', 1, 1, 0) as number
    expect(h.call(c, 'bind', s, { family: 'unix', path: '/data/sock' })).toBe(-E.EROFS)
    expect(h.call(c, 'stat', '/data/file')).toMatchObject({ size: 5, mode: 0o100644 })
  })

  it('the flag is per mount: other mounts, and another namespace sharing the files, stay writable; rw remount clears it', () => {
    const { h, c } = roSetup()
    const fd = h.open(c, '/root-ok', O_WRONLY | O_CREAT, 0o644)
    expect(fd).toBeGreaterThanOrEqual(0)
    expect(h.call(c, 'mkdir', '/data/full/x/y', 0o755)).toBe(-E.EROFS)
    expect(h.call(c, 'mount', '', '/data', '', MS_REMOUNT | MS_BIND, '')).toBe(0)
    expect(h.call(c, 'mkdir', '/data/d2', 0o755)).toBe(0)
  })

  it('remount of a path that is not a mount point is EINVAL (mount(2))', () => {
    const { h, c } = roSetup()
    expect(h.call(c, 'mount', '', '/data/dir', '', MS_REMOUNT | MS_BIND | MS_RDONLY, '')).toBe(-E.EINVAL)
  })

  it('a new mount with MS_RDONLY is read-only from the start', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWNS)
    h.call(c, 'mkdir', '/ro', 0o755)
    expect(h.call(c, 'mount', 'tmpfs', '/ro', 'tmpfs', MS_RDONLY, 'size=1m')).toBe(0)
    expect(h.call(c, 'mkdir', '/ro/x', 0o755)).toBe(-E.EROFS)
  })

  it('/proc/self/mounts and mountinfo show "ro" for the read-only mount (proc_pid_mountinfo(5))', () => {
    const { h, c } = roSetup()
    const read = (path: string) => {
      const fd = h.open(c, path)
      return h.call(c, 'read', fd, 65536) as string
    }
    expect(read('/proc/self/mounts')).toContain('tmpfs /data tmpfs ro,relatime 0 0\n')
    const line = read('/proc/self/mountinfo').split('\n').find((l) => l.split(' ')[4] === '/data')!
    expect(line.split(' ')[5]).toBe('ro,relatime')
    expect(read('/proc/self/mounts')).toMatch(/^rootfs \/ tmpfs rw,relatime 0 0$/m)
  })
})
