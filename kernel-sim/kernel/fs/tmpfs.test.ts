// tmpfs directories (tmpfs(5)): any name but "/" and NUL is a directory entry,
// including names a JavaScript object would confuse with its own properties;
// open(2) of a missing one is ENOENT. A directory of a thousand entries (as
// /var/lib/docker/overlay2 on a busy host) is copied on write as a Map.
import { describe, expect, it } from 'vitest'
import { E, O_CREAT, O_RDONLY, O_WRONLY, type Kpid } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

interface Dirent { name: string }

function names(h: ReturnType<typeof harness>, p: Kpid, dir: string): string[] {
  const fd = h.open(p, dir, O_RDONLY)
  const d = h.call(p, 'getdents', fd) as Dirent[]
  h.call(p, 'close', fd)
  return d.map((e) => e.name).filter((n) => n !== '.' && n !== '..')
}

describe('tmpfs directory entries', () => {
  it('names such as toString, constructor and __proto__ are ordinary: ENOENT until created, then files', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'mkdir', '/t', 0o755)).toBe(0)
    for (const n of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(h.open(p, `/t/${n}`, O_RDONLY)).toBe(-E.ENOENT)
      expect(h.call(p, 'stat', `/t/${n}`)).toBe(-E.ENOENT)
    }
    expect(h.call(p, 'mkdir', '/t/__proto__', 0o755)).toBe(0)
    expect(h.open(p, '/t/constructor', O_WRONLY | O_CREAT, 0o644)).toBeGreaterThanOrEqual(0)
    expect(names(h, p, '/t')).toEqual(['__proto__', 'constructor'])
    expect(h.call(p, 'rmdir', '/t/__proto__')).toBe(0)
    expect(h.call(p, 'unlink', '/t/constructor')).toBe(0)
    expect(names(h, p, '/t')).toEqual([])
  })

  it('getdents lists numeric names first in ascending order, then the others as they were created (the order this kernel has always used)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'mkdir', '/t', 0o755)).toBe(0)
    for (const n of ['b', '10', 'a', '2']) expect(h.call(p, 'mkdir', `/t/${n}`, 0o755)).toBe(0)
    expect(names(h, p, '/t')).toEqual(['2', '10', 'b', 'a'])
  })

  it('a directory of 3,000 entries: each lookup finds its own inode, removal leaves the others', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'mkdir', '/t', 0o755)).toBe(0)
    for (let i = 0; i < 3000; i++) expect(h.call(p, 'mkdir', `/t/d${i}`, 0o700)).toBe(0)
    expect(names(h, p, '/t').length).toBe(3000)
    expect(h.call(p, 'rmdir', '/t/d1500')).toBe(0)
    expect(h.call(p, 'stat', '/t/d1500')).toBe(-E.ENOENT)
    expect((h.call(p, 'stat', '/t/d2999') as { mode: number }).mode & 0o777).toBe(0o700)
    expect(names(h, p, '/t').length).toBe(2999)
  })
})
