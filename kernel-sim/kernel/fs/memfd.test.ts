// memfd_create(2), file seals (fcntl(2) "File seals") and ETXTBSY (open(2),
// truncate(2): "an executable image which is currently being executed").
// runc's fix for CVE-2019-5736 rests on them: it runs from a sealed memfd, so
// the file a container reaches through /proc/PID/exe cannot be rewritten.
import { describe, expect, it } from 'vitest'
import { harness } from '../../testing/harness.ts'
import { E, F_ADD_SEALS, F_GET_SEALS, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_WRITE, MFD_ALLOW_SEALING, MFD_CLOEXEC, O_RDONLY, O_TRUNC, O_WRONLY } from '../../abi/index.ts'

const ALL = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE

describe('memfd_create(2)', () => {
  it('an anonymous file: /proc/self/fd/N reads "/memfd:NAME (deleted)" and reopens the same inode', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.call(p, 'memfd_create', 'runc_cloned:/proc/self/exe', MFD_CLOEXEC | MFD_ALLOW_SEALING) as number
    expect(fd).toBe(3)
    expect(h.call(p, 'readlink', '/proc/self/fd/3')).toBe('/memfd:runc_cloned:/proc/self/exe (deleted)')
    expect(h.call(p, 'write', fd, 'payload')).toBe(7)
    const again = h.open(p, '/proc/self/fd/3', O_RDONLY)
    expect(h.call(p, 'read', again, 100)).toBe('payload')
    expect(h.call(p, 'fcntl', fd, 1 /* F_GETFD */, 0)).toBe(1) // MFD_CLOEXEC
  })
  it('refuses unknown flags and names over 249 bytes (EINVAL)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'memfd_create', 'x', 0x4 /* MFD_HUGETLB */)).toBe(-E.EINVAL)
    expect(h.call(p, 'memfd_create', 'n'.repeat(250), 0)).toBe(-E.EINVAL)
  })
  it('seals: F_SEAL_WRITE refuses write (EPERM), F_SEAL_SHRINK refuses O_TRUNC, F_SEAL_SEAL freezes the set', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.call(p, 'memfd_create', 'sealed', MFD_ALLOW_SEALING) as number
    h.call(p, 'write', fd, 'runc')
    expect(h.call(p, 'fcntl', fd, F_GET_SEALS, 0)).toBe(0)
    expect(h.call(p, 'fcntl', fd, F_ADD_SEALS, ALL)).toBe(0)
    expect(h.call(p, 'fcntl', fd, F_GET_SEALS, 0)).toBe(ALL)
    expect(h.call(p, 'write', fd, 'x')).toBe(-E.EPERM)
    expect(h.open(p, '/proc/self/fd/3', O_WRONLY | O_TRUNC)).toBe(-E.EPERM)
    expect(h.call(p, 'fcntl', fd, F_ADD_SEALS, 0)).toBe(-E.EPERM) // F_SEAL_SEAL
    const r = h.open(p, '/proc/self/fd/3', O_RDONLY)
    expect(h.call(p, 'read', r, 100)).toBe('runc')
  })
  it('without MFD_ALLOW_SEALING the file starts with F_SEAL_SEAL; a regular file has no seals (EINVAL)', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.call(p, 'memfd_create', 'plain', 0) as number
    expect(h.call(p, 'fcntl', fd, F_GET_SEALS, 0)).toBe(F_SEAL_SEAL)
    expect(h.call(p, 'fcntl', fd, F_ADD_SEALS, F_SEAL_WRITE)).toBe(-E.EPERM)
    const f = h.open(p, '/etc/hostname', O_RDONLY)
    expect(h.call(p, 'fcntl', f, F_GET_SEALS, 0)).toBe(-E.EINVAL)
  })
  it('the inode goes with its last fd', () => {
    const h = harness()
    const p = h.spawn()
    const before = h.k.s.inodes.size
    const fd = h.call(p, 'memfd_create', 'tmp', 0) as number
    expect(h.k.s.inodes.size).toBe(before + 1)
    h.call(p, 'close', fd)
    expect(h.k.s.inodes.size).toBe(before)
  })
})

describe('ETXTBSY: a running executable cannot be written', () => {
  it('open(O_WRONLY) and truncate(2) fail while any process runs the file; reading works; a file that is not executable is never looked for', () => {
    const h = harness()
    const runner = h.spawn() // runs /remote
    const other = h.spawn()
    expect(h.open(other, '/remote', O_WRONLY)).toBe(-E.ETXTBSY)
    expect(h.call(other, 'truncate', '/remote', 0)).toBe(-E.ETXTBSY)
    expect(h.open(other, '/remote', O_RDONLY)).toBeGreaterThanOrEqual(0)
    h.call(runner, 'exit', 0)
    h.call(other, 'exit', 0)
    const last = h.spawn()
    expect(h.open(last, '/etc/hostname', O_WRONLY)).toBeGreaterThanOrEqual(0) // not an executable: never looked for
    expect(h.open(last, '/remote', O_WRONLY)).toBe(-E.ETXTBSY) // `last` runs it too
  })
})
