// tmpfs instances (tmpfs(5); mm/shmem.c shmem_parse_one, shmem_show_options,
// shmem_reconfigure, shmem_statfs) and statfs(2): size=, nr_inodes=, mode=,
// ENOSPC for blocks and for inodes, the writer's memory cgroup paying for the
// pages (cgroup-v2.rst "Memory Ownership"), and what /proc shows.
import { describe, expect, it } from 'vitest'
import { E, FS_MAGIC, MS_REMOUNT, MS_RDONLY, O_CREAT, O_WRONLY, PAGE_SIZE, ST_RDONLY, ST_VALID, type Kpid, type Statfs } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import { memInfo } from '../mm.ts'
import { mkdir as cgMkdir, move, rd, rmdir as cgRmdir, wr } from '../cgroup/testutil.ts'
import { SIM_MAX_FILE_BYTES } from './shmem.ts'

const MiB = 2 ** 20

function mountAt(h: Harness, p: Kpid, dir: string, data: string, flags = 0): number {
  h.call(p, 'mkdir', dir, 0o755)
  return h.call(p, 'mount', 'tmpfs', dir, 'tmpfs', flags, data) as number
}

/** Writes `n` bytes in 1 MiB write(2) calls; returns the bytes written and the last result. */
function fill(h: Harness, p: Kpid, path: string, n: number): [number, number] {
  const fd = h.open(p, path, O_WRONLY | O_CREAT, 0o644)
  let done = 0
  let r = 0
  while (done < n) {
    const w = h.call(p, 'write', fd, 'x'.repeat(Math.min(MiB, n - done)))
    if (typeof w !== 'number') return [done, 0] // the writer was killed
    r = w
    if (r <= 0) break
    done += r
  }
  h.call(p, 'close', fd)
  return [done, r]
}

const statfs = (h: Harness, p: Kpid, path: string) => h.call(p, 'statfs', path) as Statfs
const mounts = (h: Harness, p: Kpid) => rd(h, p, '/proc/self/mounts') as string

describe('tmpfs size= and nr_inodes= (tmpfs(5))', () => {
  it('size=1m: writes past 256 pages are cut short, then ENOSPC (write(2)); the file keeps exactly 1 MiB', () => {
    const h = harness()
    const p = h.spawn()
    expect(mountAt(h, p, '/t', 'size=1m')).toBe(0)
    const [done, last] = fill(h, p, '/t/z', 3 * MiB)
    expect(done).toBe(MiB)
    expect(last).toBe(-E.ENOSPC)
    expect((h.call(p, 'stat', '/t/z') as { size: number }).size).toBe(MiB)
  })

  it('statfs(2): f_type TMPFS_MAGIC, 4096-byte blocks, f_blocks = size in pages, f_bfree falls by whole pages, inodes counted with the root', () => {
    const h = harness()
    const p = h.spawn()
    expect(mountAt(h, p, '/t', 'size=10m,nr_inodes=100')).toBe(0)
    const s0 = statfs(h, p, '/t')
    expect(s0).toMatchObject({ type: FS_MAGIC.tmpfs, bsize: PAGE_SIZE, frsize: PAGE_SIZE, blocks: 2560, bfree: 2560, bavail: 2560, files: 100, ffree: 99, namelen: 255 })
    expect(s0.flags & ST_VALID).toBe(ST_VALID)
    fill(h, p, '/t/a', 5000) // two pages
    expect(statfs(h, p, '/t/a')).toMatchObject({ bfree: 2558, ffree: 98 })
    expect(h.call(p, 'unlink', '/t/a')).toBe(0)
    expect(statfs(h, p, '/t')).toMatchObject({ bfree: 2560, ffree: 99 })
  })

  it('nr_inodes=3: the root and two files, then creating a file or a directory is ENOSPC', () => {
    const h = harness()
    const p = h.spawn()
    expect(mountAt(h, p, '/t', 'nr_inodes=3')).toBe(0)
    expect(h.open(p, '/t/a', O_WRONLY | O_CREAT, 0o644)).toBeGreaterThanOrEqual(0)
    expect(h.call(p, 'mkdir', '/t/d', 0o755)).toBe(0)
    expect(h.open(p, '/t/b', O_WRONLY | O_CREAT, 0o644)).toBe(-E.ENOSPC)
    expect(h.call(p, 'mkdir', '/t/e', 0o755)).toBe(-E.ENOSPC)
    expect(statfs(h, p, '/t')).toMatchObject({ files: 3, ffree: 0 })
  })

  it('the default size is half of RAM (shmem_default_max_blocks), bounded by the simulator\'s file-data budget; mounts do not show it', () => {
    const h = harness({ memoryBytes: 256 * MiB })
    const p = h.spawn()
    expect(mountAt(h, p, '/t', '')).toBe(0)
    expect(statfs(h, p, '/t')).toMatchObject({ blocks: 128 * MiB / PAGE_SIZE, files: 256 * MiB / PAGE_SIZE / 2 })
    expect(mounts(h, p)).toContain('tmpfs /t tmpfs rw,relatime 0 0\n')
    const big = harness({ memoryBytes: 8 * 1024 * MiB })
    const q = big.spawn()
    expect(mountAt(big, q, '/t', '')).toBe(0)
    expect(statfs(big, q, '/t').blocks * PAGE_SIZE).toBe(Math.min(4096 * MiB, SIM_MAX_FILE_BYTES))
  })

  it('size= takes k/m/g suffixes and % of RAM, rounded up to pages; /proc/mounts and mountinfo show size=NNNk, nr_inodes, mode (shmem_show_options)', () => {
    const h = harness({ memoryBytes: 1024 * MiB })
    const p = h.spawn()
    expect(mountAt(h, p, '/a', 'size=10%,mode=755')).toBe(0)
    expect(mountAt(h, p, '/b', 'size=5000,nr_inodes=1k,uid=1000')).toBe(0)
    expect(statfs(h, p, '/a').blocks).toBe(Math.ceil(1024 * MiB * 0.1 / PAGE_SIZE))
    expect(statfs(h, p, '/b')).toMatchObject({ blocks: 2, files: 1024 })
    const m = mounts(h, p)
    expect(m).toContain(`tmpfs /a tmpfs rw,relatime,size=${Math.ceil(1024 * MiB * 0.1 / PAGE_SIZE) * 4}k,mode=755 0 0\n`)
    expect(m).toContain('tmpfs /b tmpfs rw,relatime,size=8k,nr_inodes=1024,uid=1000 0 0\n')
    expect(rd(h, p, '/proc/self/mountinfo') as string).toMatch(/ \/b rw,relatime - tmpfs tmpfs rw,size=8k,nr_inodes=1024,uid=1000\n/)
    expect((h.call(p, 'stat', '/a') as { mode: number }).mode & 0o7777).toBe(0o755)
  })

  it('a bad value or an unknown option is EINVAL, and the kernel says which', () => {
    const h = harness()
    const p = h.spawn()
    expect(mountAt(h, p, '/t', 'size=10q')).toBe(-E.EINVAL)
    expect(mountAt(h, p, '/t', 'colour=blue')).toBe(-E.EINVAL)
    expect(h.k.coarse.dmesg.some((l) => l.endsWith("tmpfs: Bad value for 'size'"))).toBe(true)
    expect(h.k.coarse.dmesg.some((l) => l.endsWith("tmpfs: Unknown parameter 'colour'"))).toBe(true)
  })

  it('remount,size= grows or shrinks the instance, but not below what is used (shmem_reconfigure: EINVAL)', () => {
    const h = harness()
    const p = h.spawn()
    expect(mountAt(h, p, '/t', 'size=1m')).toBe(0)
    fill(h, p, '/t/z', MiB)
    expect(h.call(p, 'mount', 'none', '/t', '', MS_REMOUNT, 'size=2m')).toBe(0)
    expect(mounts(h, p)).toContain('tmpfs /t tmpfs rw,relatime,size=2048k 0 0\n')
    expect(fill(h, p, '/t/y', MiB)[0]).toBe(MiB)
    expect(h.call(p, 'mount', 'none', '/t', '', MS_REMOUNT, 'size=1m')).toBe(-E.EINVAL)
    expect(h.call(p, 'mount', 'none', '/t', '', MS_REMOUNT | MS_RDONLY, '')).toBe(0)
    expect(statfs(h, p, '/t').flags & ST_RDONLY).toBe(ST_RDONLY)
  })

  it('rename(2) between two tmpfs instances is EXDEV', () => {
    const h = harness()
    const p = h.spawn()
    mountAt(h, p, '/a', '')
    mountAt(h, p, '/b', '')
    fill(h, p, '/a/f', 10)
    expect(h.call(p, 'rename', '/a/f', '/b/f')).toBe(-E.EXDEV)
    expect(h.call(p, 'rename', '/a/f', '/a/g')).toBe(0)
  })
})

describe('tmpfs data are Shmem, charged to the writer\'s memory cgroup', () => {
  it('Shmem and Cached grow by whole pages; memory.current, memory.stat file and shmem of the writer\'s cgroup too; unlink gives it back', () => {
    const h = harness()
    const p = h.spawn()
    mountAt(h, p, '/t', '')
    cgMkdir(h, p, 'w')
    const q = h.spawn()
    move(h, p, q, 'w')
    const m0 = memInfo(h.k)
    const cur0 = Number(rd(h, p, 'w/memory.current'))
    fill(h, q, '/t/z', 3 * MiB + 1)
    const pages = 3 * MiB + PAGE_SIZE
    expect(memInfo(h.k).shmem - m0.shmem).toBe(pages)
    expect(memInfo(h.k).cached - m0.cached).toBe(pages)
    expect(Number(rd(h, p, 'w/memory.current')) - cur0).toBe(pages)
    const stat = rd(h, p, 'w/memory.stat') as string
    expect(stat).toMatch(new RegExp(`^file ${pages}$`, 'm'))
    expect(stat).toMatch(new RegExp(`^shmem ${pages}$`, 'm'))
    // Another cgroup's task writing the same file adds to the first writer's charge.
    fill(h, p, '/t/z', 4 * MiB)
    expect(rd(h, p, 'w/memory.stat') as string).toMatch(new RegExp(`^shmem ${4 * MiB}$`, 'm'))
    expect(h.call(p, 'unlink', '/t/z')).toBe(0)
    expect(rd(h, p, 'w/memory.stat') as string).toMatch(/^shmem 0$/m)
    expect(memInfo(h.k).shmem).toBe(m0.shmem)
  })

  it('over memory.max, tmpfs pages cannot be reclaimed (no swap): the cgroup\'s OOM killer runs and kills the writer', () => {
    const h = harness()
    const p = h.spawn()
    mountAt(h, p, '/t', '')
    cgMkdir(h, p, 'm')
    wr(h, p, 'm/memory.max', '8M')
    const q = h.spawn()
    move(h, p, q, 'm')
    fill(h, q, '/t/z', 16 * MiB)
    expect(h.k.task(q) === undefined || h.k.task(q)!.state === 'Z').toBe(true) // the writer, the only task there, was killed
    expect(rd(h, p, 'm/memory.events') as string).toMatch(/oom_kill 1\n/)
    expect(Number(rd(h, p, 'm/memory.current'))).toBeLessThanOrEqual(8 * MiB)
    // The data stay, and stay charged: the empty cgroup is still full.
    expect((h.call(p, 'stat', '/t/z') as { size: number }).size).toBeGreaterThanOrEqual(6 * MiB)
    expect(rd(h, p, 'm/memory.stat') as string).toMatch(/^shmem [1-9]/m)
  })

  it('a removed cgroup\'s tmpfs charge moves to its parent (reparenting)', () => {
    const h = harness()
    const p = h.spawn()
    mountAt(h, p, '/t', '')
    cgMkdir(h, p, 'a')
    wr(h, p, 'cgroup.subtree_control', '+memory')
    cgMkdir(h, p, 'a/b')
    const q = h.spawn()
    move(h, p, q, 'a/b')
    fill(h, q, '/t/z', MiB)
    move(h, p, q, '')
    expect(cgRmdir(h, p, 'a/b')).toBe(0)
    expect(rd(h, p, 'a/memory.stat') as string).toMatch(new RegExp(`^shmem ${MiB}$`, 'm'))
    expect(h.call(p, 'unlink', '/t/z')).toBe(0)
    expect(rd(h, p, 'a/memory.stat') as string).toMatch(/^shmem 0$/m)
  })
})

describe('statfs(2) of the other filesystems', () => {
  it('proc, sysfs and cgroup2 report their magic and no blocks (simple_statfs); the root reports the disk; a closed fd is EBADF', () => {
    const h = harness()
    const p = h.spawn()
    expect(statfs(h, p, '/proc')).toMatchObject({ type: FS_MAGIC.proc, blocks: 0, files: 0, bsize: PAGE_SIZE, namelen: 255 })
    expect(statfs(h, p, '/sys')).toMatchObject({ type: FS_MAGIC.sysfs, blocks: 0 })
    expect(statfs(h, p, '/sys/fs/cgroup')).toMatchObject({ type: FS_MAGIC.cgroup2, blocks: 0 })
    const root = statfs(h, p, '/')
    expect(root.blocks).toBe(h.k.s.machine.diskBytes / PAGE_SIZE)
    expect(root.bavail).toBeLessThanOrEqual(SIM_MAX_FILE_BYTES / PAGE_SIZE)
    expect(h.call(p, 'statfs', '/nonexistent')).toBe(-E.ENOENT)
    expect(h.call(p, 'fstatfs', 99)).toBe(-E.EBADF)
    const [r] = h.call(p, 'pipe2', 0) as [number, number]
    expect((h.call(p, 'fstatfs', r) as Statfs).type).toBe(FS_MAGIC.pipefs)
  })

  it('a file on the disk-backed root: writes stop at the file-data budget with ENOSPC, and f_bavail said so', () => {
    const h = harness()
    const p = h.spawn()
    const avail = statfs(h, p, '/').bavail * PAGE_SIZE
    const [done, last] = fill(h, p, '/big', SIM_MAX_FILE_BYTES + MiB)
    expect(last).toBe(-E.ENOSPC)
    expect(done).toBeGreaterThanOrEqual(avail)
    expect(statfs(h, p, '/').bavail).toBe(0)
  })
})
