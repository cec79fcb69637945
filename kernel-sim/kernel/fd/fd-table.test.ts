// The per-process fd table: getrlimit(2), open(2), dup(2), fcntl(2), fork(2), clone(2).
import { describe, expect, it } from 'vitest'
import { CLONE_FILES, E, FD_CLOEXEC, F_DUPFD, F_GETFD, O_CLOEXEC, O_RDONLY } from '../../abi/index.ts'
import { harness, setNofile } from '../../testing/harness.ts'

describe('fd table', () => {
  it('open(2): "the file descriptor returned ... will be the lowest-numbered file descriptor not currently open"', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.open(p, '/dev/null')).toBe(3)
    expect(h.open(p, '/dev/null')).toBe(4)
    expect(h.call(p, 'close', 3)).toBe(0)
    expect(h.open(p, '/dev/null')).toBe(3)
    expect(h.open(p, '/dev/null')).toBe(5)
  })

  it('getrlimit(2): RLIMIT_NOFILE is one greater than the highest fd; beyond it EMFILE', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 8)
    const fds = [3, 4, 5, 6, 7].map(() => h.open(p, '/dev/null'))
    expect(fds).toEqual([3, 4, 5, 6, 7])
    expect(h.open(p, '/dev/null')).toBe(-E.EMFILE)
    expect(h.call(p, 'dup', 0)).toBe(-E.EMFILE)
    expect(h.call(p, 'pipe2', 0)).toBe(-E.EMFILE)
    expect(h.call(p, 'socket', 2, 1, 0)).toBe(-E.EMFILE)
  })

  it('EMFILE is checked before the path (open(2) reserves the fd first)', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 3)
    expect(h.open(p, '/nonexistent')).toBe(-E.EMFILE)
  })

  it('dup2(2): closes newfd silently; EBADF when newfd is beyond RLIMIT_NOFILE', () => {
    const h = harness()
    const p = h.spawn()
    const a = h.open(p, '/dev/null')
    const b = h.open(p, '/etc/hostname')
    expect(h.call(p, 'dup2', a, b)).toBe(b)
    expect(h.call(p, 'read', b, 10)).toBe('') // now /dev/null
    expect(h.call(p, 'dup2', a, 1024)).toBe(-E.EBADF)
    expect(h.call(p, 'dup2', 99, 5)).toBe(-E.EBADF)
    expect(h.call(p, 'dup2', a, a)).toBe(a)
    expect(h.call(p, 'dup3', a, a, 0)).toBe(-E.EINVAL)
  })

  it('dup shares the open file description: one offset', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/etc/hostname', O_RDONLY)
    const d = h.call(p, 'dup', fd) as number
    expect(h.call(p, 'read', fd, 2)).toBe('te')
    expect(h.call(p, 'read', d, 2)).toBe('st')
  })

  it('fcntl(2): F_DUPFD picks the lowest fd >= arg; close-on-exec flag per fd', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/dev/null', O_CLOEXEC)
    expect(h.call(p, 'fcntl', fd, F_GETFD, 0)).toBe(FD_CLOEXEC)
    const d = h.call(p, 'fcntl', fd, F_DUPFD, 10) as number
    expect(d).toBe(10)
    expect(h.call(p, 'fcntl', d, F_GETFD, 0)).toBe(0)
  })

  it('fork(2): the child gets a copy of the table; closing in the child leaves the parent\'s open', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/dev/null')
    const c = h.fork(p)
    expect(h.call(c, 'close', fd)).toBe(0)
    expect(h.call(p, 'fstat', fd)).toMatchObject({ rdev: (1 << 8) | 3 })
    expect(h.open(c, '/dev/null')).toBe(fd)
  })

  it('clone(2) CLONE_FILES: the table is shared', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_FILES)
    const fd = h.open(c, '/dev/null')
    expect(h.call(p, 'fstat', fd)).toMatchObject({ rdev: (1 << 8) | 3 })
    expect(h.call(p, 'close', fd)).toBe(0)
    expect(h.call(c, 'close', fd)).toBe(-E.EBADF)
  })

  it('exit closes every fd and the open-file table shrinks (file-nr)', () => {
    const h = harness()
    const p = h.spawn()
    const before = h.k.s.files.size
    for (let i = 0; i < 10; i++) h.open(p, '/dev/null')
    expect(h.k.s.files.size).toBe(before + 10)
    h.call(p, 'exit', 0)
    expect(h.k.s.files.size).toBe(before - 3) // its stdio pipes are gone too
  })
})
