// The page cache (mm/filemap.c; proc_meminfo(5) "Cached"; cgroup-v2.rst
// "memory.stat file" and "Memory Ownership"; vm.rst "drop_caches").
import { describe, expect, it } from 'vitest'
import { O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, PAGE_SIZE, type Kpid } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import { memInfo } from '../mm.ts'
import { cachedFile, pageCacheBytes, pageCachePoke, pageCacheRead1 } from './pagecache.ts'

function writeFile(h: Harness, p: Kpid, path: string, data: string): void {
  const fd = h.open(p, path, O_WRONLY | O_CREAT, 0o644)
  expect(h.call(p, 'write', fd, data)).toBe(data.length)
  h.call(p, 'close', fd)
}
function readAll(h: Harness, p: Kpid, path: string): string {
  const fd = h.open(p, path, O_RDONLY)
  let out = ''
  for (;;) {
    const r = h.call(p, 'read', fd, 65536) as string
    if (!r) break
    out += r
  }
  h.call(p, 'close', fd)
  return out
}
const inoOf = (h: Harness, p: Kpid, path: string) => (h.call(p, 'stat', path) as { ino: number }).ino
const meminfoKb = (h: Harness, p: Kpid, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readAll(h, p, '/proc/meminfo'))![1])

describe('page cache', () => {
  it('a read caches the pages it touched, once per kernel, however many readers (Cached, buff/cache)', () => {
    const h = harness()
    const p = h.spawn()
    const q = h.spawn()
    writeFile(h, p, '/big', 'x'.repeat(3 * PAGE_SIZE))
    expect(h.call(p, 'write', h.open(p, '/proc/sys/vm/drop_caches', O_WRONLY), '1')).toBe(1)
    expect(pageCacheBytes(h.k)).toBe(0)
    const fd = h.open(p, '/big', O_RDONLY)
    expect((h.call(p, 'read', fd, 10) as string).length).toBe(10)
    expect(pageCacheBytes(h.k)).toBe(PAGE_SIZE) // only page 0
    expect(readAll(h, q, '/big').length).toBe(3 * PAGE_SIZE)
    expect(readAll(h, p, '/big').length).toBe(3 * PAGE_SIZE)
    expect(pageCacheBytes(h.k)).toBe(3 * PAGE_SIZE)
    const m = memInfo(h.k)
    expect(m.cached).toBe(m.shmem + 3 * PAGE_SIZE)
    expect(m.available).toBe(m.free + m.pageCache)
  })

  it('disk-backed files are not Shmem; a tmpfs mount\'s files are, and are never in the page cache', () => {
    const h = harness()
    const p = h.spawn()
    const shmem0 = memInfo(h.k).shmem
    writeFile(h, p, '/ondisk', 'y'.repeat(10000))
    expect(memInfo(h.k).shmem).toBe(shmem0)
    expect(h.call(p, 'mkdir', '/mnt', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'tmpfs', '/mnt', 'tmpfs', 0, '')).toBe(0)
    writeFile(h, p, '/mnt/inram', 'z'.repeat(10000))
    expect(memInfo(h.k).shmem).toBe(shmem0 + 3 * 4096) // Shmem holds whole pages: 10,000 bytes take three
    const before = pageCacheBytes(h.k)
    readAll(h, p, '/mnt/inram')
    expect(pageCacheBytes(h.k)).toBe(before)
  })

  it('echo 3 > /proc/sys/vm/drop_caches empties it and logs "comm (pid): drop_caches: 3"; 0 and 5 are EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    writeFile(h, p, '/f', 'a'.repeat(5000))
    readAll(h, p, '/f')
    expect(meminfoKb(h, p, 'Cached')).toBeGreaterThanOrEqual(8)
    const fd = h.open(p, '/proc/sys/vm/drop_caches', O_WRONLY)
    expect(h.call(p, 'write', fd, '0')).toBe(-22)
    expect(h.call(p, 'write', fd, '5')).toBe(-22)
    expect(h.call(p, 'write', fd, '3\n')).toBe(2)
    expect(pageCacheBytes(h.k)).toBe(0)
    expect(h.k.coarse.dmesg.at(-1)).toMatch(/remote \(\d+\): drop_caches: 3$/)
  })

  it('charges memory.stat file to the first toucher\'s cgroup; a later reader elsewhere pays nothing', () => {
    const h = harness()
    const p = h.spawn()
    writeFile(h, p, '/shared', 's'.repeat(2 * PAGE_SIZE))
    h.call(p, 'write', h.open(p, '/proc/sys/vm/drop_caches', O_WRONLY), '1')
    for (const d of ['a', 'b']) expect(h.call(p, 'mkdir', `/sys/fs/cgroup/${d}`, 0o755)).toBe(0)
    const a = h.spawn()
    const b = h.spawn()
    const join = (pid: Kpid, d: string) => h.call(p, 'write', h.open(p, `/sys/fs/cgroup/${d}/cgroup.procs`, O_WRONLY), String(pid))
    join(a, 'a')
    join(b, 'b')
    const fileOf = (d: string) => Number(/^file (\d+)$/m.exec(readAll(h, p, `/sys/fs/cgroup/${d}/memory.stat`))![1])
    const a0 = fileOf('a')
    readAll(h, a, '/shared')
    readAll(h, b, '/shared')
    expect(fileOf('a') - a0).toBe(2 * PAGE_SIZE)
    expect(fileOf('b')).toBe(0)
  })

  it('a cached page changed without being dirtied (the pipe-buffer API) is what readers see, until dropped', () => {
    const h = harness()
    const p = h.spawn()
    writeFile(h, p, '/etc/secret', 'root:x:0:0\n')
    const ino = inoOf(h, p, '/etc/secret')
    h.call(p, 'write', h.open(p, '/proc/sys/vm/drop_caches', O_WRONLY), '1')
    expect(pageCachePoke(h.k, ino, 0, 5, 'y')).toBe(false) // not cached yet
    readAll(h, p, '/etc/secret')
    expect(pageCachePoke(h.k, ino, 0, 5, 'y')).toBe(true)
    expect(pageCachePoke(h.k, ino, 0, 10, 'ab')).toBe(false) // would grow the file
    expect(pageCacheRead1(h.k, ino, 0)).toBe('root:y:0:0\n')
    expect(readAll(h, p, '/etc/secret')).toBe('root:y:0:0\n')
    expect(h.k.inode(ino)!.data).toBe('root:x:0:0\n') // the disk is unchanged
    h.call(p, 'write', h.open(p, '/proc/sys/vm/drop_caches', O_WRONLY), '1')
    expect(readAll(h, p, '/etc/secret')).toBe('root:x:0:0\n')
  })

  it('a write(2) into a changed page dirties it: the change reaches the disk with the write', () => {
    const h = harness()
    const p = h.spawn()
    writeFile(h, p, '/f', 'aaaaaaaa')
    const ino = inoOf(h, p, '/f')
    readAll(h, p, '/f')
    expect(pageCachePoke(h.k, ino, 0, 0, 'B')).toBe(true)
    const fd = h.open(p, '/f', O_RDWR)
    h.call(p, 'lseek', fd, 7, 0)
    h.call(p, 'write', fd, 'C')
    expect(h.k.inode(ino)!.data).toBe('BaaaaaaC')
    expect(cachedFile(h.k, ino)!.modified).toBeUndefined()
  })

  it('memory pressure evicts clean cache before the OOM killer runs', () => {
    const h = harness({ memoryBytes: 512 * 2 ** 20 })
    const p = h.spawn()
    writeFile(h, p, '/f', 'q'.repeat(64 * PAGE_SIZE))
    readAll(h, p, '/f')
    expect(pageCacheBytes(h.k)).toBeGreaterThanOrEqual(64 * PAGE_SIZE)
    const free = memInfo(h.k).free
    expect(h.call(p, 'mmap', free + PAGE_SIZE)).toBeGreaterThanOrEqual(0)
    expect(pageCacheBytes(h.k)).toBe(0)
    expect(h.k.task(p)!.state).not.toBe('Z')
  })
})
