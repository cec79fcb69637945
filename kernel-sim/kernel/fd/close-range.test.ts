// close_range(2) (man close_range(2); fs/file.c): Linux 5.9, CLOSE_RANGE_CLOEXEC since 5.11.
import { describe, expect, it } from 'vitest'
import { CLONE_FILES, CLOSE_RANGE_CLOEXEC, CLOSE_RANGE_UNSHARE, E, F_GETFD, FD_CLOEXEC } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { X86_64_NR } from '../security/syscall-nr.ts'

describe('close_range(2)', () => {
  it('"closes all open file descriptors from first to last (included)", leaving the others open', () => {
    const h = harness()
    const p = h.spawn()
    const fds = [3, 4, 5, 6, 7].map(() => h.open(p, '/dev/null'))
    expect(fds).toEqual([3, 4, 5, 6, 7])
    expect(h.call(p, 'close_range', 4, 6, 0)).toBe(0)
    expect(h.call(p, 'fcntl', 3, F_GETFD, 0)).toBe(0)
    for (const fd of [4, 5, 6]) expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(-E.EBADF)
    expect(h.call(p, 'fcntl', 7, F_GETFD, 0)).toBe(0)
    expect(h.open(p, '/dev/null')).toBe(4) // the lowest free fd again
  })

  it('~0U as last closes every fd from first; a range with no open fd is not an error', () => {
    const h = harness()
    const p = h.spawn()
    for (let i = 0; i < 4; i++) h.open(p, '/dev/null')
    expect(h.call(p, 'close_range', 3, -1, 0)).toBe(0) // (unsigned int)-1
    for (const fd of [3, 4, 5, 6]) expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(-E.EBADF)
    expect(h.call(p, 'close_range', 100, 200, 0)).toBe(0)
  })

  it('CLOSE_RANGE_CLOEXEC: "set the close-on-exec flag ... rather than immediately closing them"', () => {
    const h = harness()
    const p = h.spawn()
    const a = h.open(p, '/dev/null')
    const b = h.open(p, '/dev/null')
    expect(h.call(p, 'close_range', a, 0x7fffffff, CLOSE_RANGE_CLOEXEC)).toBe(0)
    expect(h.call(p, 'fcntl', a, F_GETFD, 0)).toBe(FD_CLOEXEC)
    expect(h.call(p, 'fcntl', b, F_GETFD, 0)).toBe(FD_CLOEXEC)
    expect(h.call(p, 'fcntl', 0, F_GETFD, 0)).toBe(0) // below first: untouched
  })

  it('CLOSE_RANGE_UNSHARE: a table shared by CLONE_FILES is copied first, so only the caller loses the fds', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_FILES)
    const fd = h.open(p, '/dev/null')
    expect(h.call(c, 'close_range', fd, fd, CLOSE_RANGE_UNSHARE)).toBe(0)
    expect(h.call(c, 'fcntl', fd, F_GETFD, 0)).toBe(-E.EBADF)
    expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(0)
    // No longer shared: a new fd in the parent does not appear in the child.
    const g = h.open(p, '/dev/null')
    expect(h.call(c, 'fcntl', g, F_GETFD, 0)).toBe(-E.EBADF)
  })

  it('without CLOSE_RANGE_UNSHARE a shared table loses the fds for every task sharing it', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_FILES)
    const fd = h.open(p, '/dev/null')
    expect(h.call(c, 'close_range', fd, fd, 0)).toBe(0)
    expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(-E.EBADF)
  })

  it('EINVAL: "flags is not valid, or first is greater than last"', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/dev/null')
    expect(h.call(p, 'close_range', 5, 4, 0)).toBe(-E.EINVAL)
    expect(h.call(p, 'close_range', fd, fd, 1)).toBe(-E.EINVAL)
    expect(h.call(p, 'close_range', fd, fd, 8)).toBe(-E.EINVAL)
    expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(0) // nothing was closed
  })

  it('kernel versions: ENOSYS before 5.9; CLOSE_RANGE_CLOEXEC is an unknown flag (EINVAL) before 5.11', () => {
    const old = harness({ kernel: '5.4.0' })
    const p = old.spawn()
    expect(old.call(p, 'close_range', 3, -1, 0)).toBe(-E.ENOSYS)
    const mid = harness({ kernel: '5.10.0' })
    const q = mid.spawn()
    const fd = mid.open(q, '/dev/null')
    expect(mid.call(q, 'close_range', fd, -1, CLOSE_RANGE_CLOEXEC)).toBe(-E.EINVAL)
    expect(mid.call(q, 'close_range', fd, -1, CLOSE_RANGE_UNSHARE)).toBe(0)
    expect(mid.call(q, 'fcntl', fd, F_GETFD, 0)).toBe(-E.EBADF)
  })

  it('is x86-64 syscall 436 (arch/x86/entry/syscalls/syscall_64.tbl)', () => {
    expect(X86_64_NR.close_range).toBe(436)
  })
})
