// The system-wide open-file table: proc_sys_fs(5) file-max / file-nr / nr_open,
// capabilities(7) CAP_SYS_ADMIN "exceed /proc/sys/fs/file-max".
import { describe, expect, it } from 'vitest'
import { E, O_WRONLY, RLIMIT_NOFILE, type Kpid } from '../../abi/index.ts'
import { PENDING, harness, setNofile } from '../../testing/harness.ts'

function readFile(h: ReturnType<typeof harness>, pid: Kpid, path: string): string | number {
  const fd = h.open(pid, path)
  if (fd < 0) return fd
  const data = h.call(pid, 'read', fd, 65536) as string
  h.call(pid, 'close', fd)
  return data
}

function writeFile(h: ReturnType<typeof harness>, pid: Kpid, path: string, data: string): number {
  const fd = h.open(pid, path, O_WRONLY)
  if (fd < 0) return fd
  const r = h.call(pid, 'write', fd, data) as number
  h.call(pid, 'close', fd)
  return r
}

describe('file-max and file-nr', () => {
  it('proc_sys_fs(5): file-nr is "allocated\\t0\\tmax" and follows the table', () => {
    const h = harness()
    const p = h.spawn()
    const [nr, free, max] = (readFile(h, p, '/proc/sys/fs/file-nr') as string).trimEnd().split('\t').map(Number)
    expect(free).toBe(0)
    expect(max).toBe(838860) // 8 GiB / 10 KiB, files_maxfiles_init()
    h.open(p, '/dev/null')
    const nr2 = Number((readFile(h, p, '/proc/sys/fs/file-nr') as string).split('\t')[0])
    expect(nr2).toBe(nr! + 1)
  })

  it('file-max is sized from RAM: about one file per 10 KiB (32 GiB host → 3355443)', () => {
    const h = harness({ memoryBytes: 32 * 2 ** 30 })
    const p = h.spawn()
    expect(readFile(h, p, '/proc/sys/fs/file-max')).toBe('3355443\n')
  })

  it('ENFILE for an unprivileged process once file-max is reached, whoever used the files', () => {
    const h = harness()
    const seen: Kpid[] = []
    h.k.host.enfile = (kpid) => seen.push(kpid)
    const root = h.spawn()
    const nobody = h.spawn({ uid: 65534 })
    const inUse = h.k.s.files.size
    expect(writeFile(h, root, '/proc/sys/fs/file-max', `${inUse + 5}\n`)).toBeGreaterThan(0)
    // root (holding CAP_SYS_ADMIN) fills the table and goes beyond it
    for (let i = 0; i < 10; i++) expect(h.open(root, '/dev/null')).toBeGreaterThan(0)
    expect(h.open(nobody, '/dev/null')).toBe(-E.ENFILE)
    expect(h.call(nobody, 'socket', 2, 1, 0)).toBe(-E.ENFILE)
    expect(h.call(nobody, 'pipe2', 0)).toBe(-E.ENFILE)
    expect(h.k.coarse.dmesg.some((l) => l.endsWith(`VFS: file-max limit ${inUse + 5} reached`))).toBe(true)
    expect(seen.at(-1)).toBe(nobody) // KernelHost.enfile: the live view's alert
  })

  it('EMFILE wins over ENFILE: the per-process check comes first', () => {
    const h = harness()
    const root = h.spawn()
    const nobody = h.spawn({ uid: 65534 })
    writeFile(h, root, '/proc/sys/fs/file-max', '0')
    setNofile(h, root, 3)
    h.call(root, 'exit', 0)
    h.call(nobody, 'prlimit', 0, RLIMIT_NOFILE, [3, 3])
    expect(h.open(nobody, '/dev/null')).toBe(-E.EMFILE)
  })

  it('writes: bad numbers are EINVAL; nr_open has its kernel range [64, 2147483584]; non-root EACCES', () => {
    const h = harness()
    const p = h.spawn()
    expect(writeFile(h, p, '/proc/sys/fs/file-max', 'abc')).toBe(-E.EINVAL)
    expect(writeFile(h, p, '/proc/sys/fs/file-max', '-1')).toBe(-E.EINVAL)
    expect(writeFile(h, p, '/proc/sys/fs/nr_open', '63')).toBe(-E.EINVAL)
    expect(writeFile(h, p, '/proc/sys/fs/nr_open', '2147483585')).toBe(-E.EINVAL)
    expect(writeFile(h, p, '/proc/sys/fs/nr_open', '2048')).toBe(4)
    expect(readFile(h, p, '/proc/sys/fs/nr_open')).toBe('2048\n')
    expect(h.open(p, '/proc/sys/fs/file-nr', O_WRONLY)).toBe(-E.EACCES)
    const nobody = h.spawn({ uid: 65534 })
    expect(h.open(nobody, '/proc/sys/fs/file-max', O_WRONLY)).toBe(-E.EACCES)
  })
})

describe('RLIMIT_NOFILE (getrlimit(2), prlimit)', () => {
  it('soft > hard is EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'prlimit', 0, RLIMIT_NOFILE, [2000, 1000])).toBe(-E.EINVAL)
  })

  it('raising the hard limit needs CAP_SYS_RESOURCE (EPERM); lowering is allowed and irreversible', () => {
    const h = harness()
    const nobody = h.spawn({ uid: 65534 })
    expect(h.call(nobody, 'prlimit', 0, RLIMIT_NOFILE, [1024, 4096])).toEqual([1024, 524288])
    expect(h.call(nobody, 'prlimit', 0, RLIMIT_NOFILE, [1024, 8192])).toBe(-E.EPERM)
    expect(h.call(nobody, 'prlimit', 0, RLIMIT_NOFILE, [4096, 4096])).toEqual([1024, 4096])
  })

  it('the hard limit may never exceed fs.nr_open, even for root (EPERM)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'prlimit', 0, RLIMIT_NOFILE, [1048576, 1048576])).toEqual([1024, 524288])
    expect(h.call(p, 'prlimit', 0, RLIMIT_NOFILE, [1048577, 1048577])).toBe(-E.EPERM)
    expect(h.call(p, 'prlimit', 0, RLIMIT_NOFILE, [Infinity, Infinity])).toBe(-E.EPERM)
  })

  it('limits are inherited across fork', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 100, 200)
    const c = h.fork(p)
    expect(h.call(c, 'prlimit', 0, RLIMIT_NOFILE)).toEqual([100, 200])
  })

  it('/proc/[pid]/limits shows the table as proc_pid_limits(5) lays it out', () => {
    const h = harness()
    const p = h.spawn()
    setNofile(h, p, 64, 4096)
    const text = readFile(h, p, `/proc/${p}/limits`) as string
    const lines = text.split('\n')
    expect(lines[0]).toBe('Limit                     Soft Limit           Hard Limit           Units     ')
    expect(lines).toContain('Max open files            64                   4096                 files     ')
    expect(lines).toContain('Max cpu time              unlimited            unlimited            seconds   ')
  })
})

describe('simulation limits (the JS heap is not the kernel\'s to exhaust)', () => {
  it('a root flood past SIM_MAX_FILES is stopped with a clear message; the machine goes on', async () => {
    const { SIM_MAX_FILES } = await import('./files.ts')
    const h = harness()
    const notices: string[] = []
    ;(h.k.host as { notice?: (m: string) => void }).notice = (m) => notices.push(m)
    const p = h.spawn()
    // Pretend the table is nearly full rather than allocating millions in a unit test.
    h.k.ctr().nextFile = 10
    for (let i = 0; i < 3; i++) h.open(p, '/dev/null')
    const realSize = h.k.s.files.size
    Object.defineProperty(h.k.s.files, 'size', { value: SIM_MAX_FILES })
    expect(h.open(p, '/dev/null')).toBe(PENDING) // never returns: the task was killed
    Object.defineProperty(h.k.s.files, 'size', { value: realSize })
    expect(notices[0]).toMatch(/^isolab: simulation limit: more than 4500000 open files; killed remote \(pid \d+\)$/)
    expect(h.k.task(p)?.state ?? 'reaped').not.toBe('R')
    const q = h.spawn()
    expect(h.open(q, '/dev/null')).toBeGreaterThan(0)
  })
})
