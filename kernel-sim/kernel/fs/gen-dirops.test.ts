// mkdir(2)/rmdir(2) in a generated filesystem (cgroupfs) on a read-only mount:
// mkdir(2) and rmdir(2) list EROFS ("pathname refers to a directory on a
// read-only filesystem"); fs/namei.c filename_create() reports EEXIST before
// mnt_want_write()'s EROFS, do_rmdir() calls mnt_want_write() before the
// lookup (so EROFS before ENOENT). Docker mounts a container's /sys/fs/cgroup
// read-only, so `mkdir /sys/fs/cgroup/x` there is "Read-only file system".
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, E, MS_RDONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

describe('cgroupfs directories on a read-only mount', () => {
  it('mkdir and rmdir fail with EROFS; an existing name is still EEXIST; the writable mount still works', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'mkdir', '/sys/fs/cgroup/kept', 0o755)).toBe(0)
    expect(h.call(p, 'unshare', CLONE_NEWNS)).toBe(0)
    expect(h.call(p, 'mkdir', '/cg', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'cgroup', '/cg', 'cgroup2', MS_RDONLY, '')).toBe(0)
    expect(h.call(p, 'mkdir', '/cg/x', 0o755)).toBe(-E.EROFS)
    expect(h.call(p, 'mkdir', '/cg/kept', 0o755)).toBe(-E.EEXIST)
    expect(h.call(p, 'rmdir', '/cg/kept')).toBe(-E.EROFS)
    expect(h.call(p, 'rmdir', '/cg/missing')).toBe(-E.EROFS)
    expect(h.call(p, 'stat', '/sys/fs/cgroup/x')).toBe(-E.ENOENT) // no cgroup was made behind the refusal
    expect(h.call(p, 'rmdir', '/sys/fs/cgroup/kept')).toBe(0)
  })
})
