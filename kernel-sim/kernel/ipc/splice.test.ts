// splice(2) file → pipe and the pipe_buffer flags (fs/splice.c, fs/pipe.c): the
// merge into a page-cache page happens only with a stale PIPE_BUF_FLAG_CAN_MERGE
// on an affected kernel (CVE-2022-0847), and never on a fresh pipe.
import { describe, expect, it } from 'vitest'
import { harness } from '../../testing/harness.ts'
import { E } from '../../abi/index.ts'

function setup(kernel: string) {
  const h = harness({ kernel })
  const root = h.spawn()
  const w = h.open(root, '/target', 0o101, 0o644)
  h.call(root, 'write', w, 'hello world')
  h.call(root, 'close', w)
  // Only disk-backed files are page-cached (the root filesystem stands for the disk).
  h.k.mutInode((h.call(root, 'stat', '/target') as { ino: number }).ino).disk = true
  h.k.commit()
  const user = h.spawn({ uid: 1000 })
  return { h, user, fd: h.open(user, '/target') }
}

describe('splice(2) from a file into a pipe', () => {
  it('moves the bytes and advances the file offset; EINVAL for directions not modelled, EBADF for bad fds', () => {
    const { h, user, fd } = setup('6.8.0')
    const [r, w] = h.call(user, 'pipe2', 0) as [number, number]
    expect(h.call(user, 'splice', fd, null, w, null, 5, 0)).toBe(5)
    expect(h.call(user, 'read', r, 100)).toBe('hello')
    expect(h.call(user, 'splice', fd, null, w, null, 100, 0)).toBe(6)
    expect(h.call(user, 'read', r, 100)).toBe(' world')
    expect(h.call(user, 'splice', r, null, fd, null, 1, 0)).toBe(-E.EBADF) // fd is read-only
    expect(h.call(user, 'splice', 99, null, w, null, 1, 0)).toBe(-E.EBADF)
  })
  it('a fresh pipe: splice then write never touches the file, even on an affected kernel', () => {
    const { h, user, fd } = setup('5.16.10')
    const [r, w] = h.call(user, 'pipe2', 0) as [number, number]
    expect(h.call(user, 'splice', fd, 0, w, null, 1, 0)).toBe(1)
    expect(h.call(user, 'write', w, 'EY')).toBe(2)
    expect(h.call(user, 'read', r, 100)).toBe('hEY')
    expect(h.call(user, 'read', h.open(user, '/target'), 100)).toBe('hello world')
  })
  it('affected kernel, stale CAN_MERGE (pipe filled and drained first): the write lands in the page cache', () => {
    const { h, user, fd } = setup('5.16.10')
    const [r, w] = h.call(user, 'pipe2', 0) as [number, number]
    h.call(user, 'write', w, 'P'.repeat(65536))
    h.call(user, 'read', r, 65536)
    expect(h.call(user, 'splice', fd, 0, w, null, 1, 0)).toBe(1)
    expect(h.call(user, 'write', w, 'EY')).toBe(2)
    expect(h.call(user, 'read', h.open(user, '/target'), 100)).toBe('hEYlo world')
  })
  it('fixed kernel, same sequence: splice clears the flags, the file is unchanged', () => {
    const { h, user, fd } = setup('5.16.11')
    const [r, w] = h.call(user, 'pipe2', 0) as [number, number]
    h.call(user, 'write', w, 'P'.repeat(65536))
    h.call(user, 'read', r, 65536)
    h.call(user, 'splice', fd, 0, w, null, 1, 0)
    h.call(user, 'write', w, 'EY')
    expect(h.call(user, 'read', h.open(user, '/target'), 100)).toBe('hello world')
    expect(h.call(user, 'read', r, 100)).toBe('hEY')
  })
})
