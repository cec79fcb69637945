// readlinkat(2) and fstatat(2): a relative pathname resolves from the directory
// open as dirfd (openat(2) "dirfd"), as util-linux's lsns reads /proc/PID/ns/*.
import { describe, expect, it } from 'vitest'
import {
  AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, CLONE_NEWPID, CLONE_NEWUTS, E, O_CREAT, O_DIRECTORY, O_RDONLY, O_WRONLY, S_IFLNK, S_IFMT, S_IFREG,
  type Stat,
} from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

describe('readlinkat(2) / fstatat(2) relative to a directory fd', () => {
  it('readlinkat(dirfd of /proc/PID, "ns/uts") reads what readlink(/proc/PID/ns/uts) reads', () => {
    const h = harness()
    const p = h.spawn()
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    expect(dir).toBeGreaterThanOrEqual(0)
    expect(h.call(p, 'readlinkat', dir, 'ns/uts')).toBe('uts:[4026531838]')
    expect(h.call(p, 'readlinkat', dir, 'ns/uts')).toBe(h.call(p, 'readlink', `/proc/${p}/ns/uts`))
    expect(h.call(p, 'readlinkat', AT_FDCWD, `/proc/${p}/ns/pid`)).toBe('pid:[4026531836]')
  })

  it('fstatat(dirfd, "ns/net", 0): st_ino is the namespace inode (namespaces(7)); AT_SYMLINK_NOFOLLOW stats the link', () => {
    const h = harness()
    const p = h.spawn()
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    const st = h.call(p, 'newfstatat', dir, 'ns/net', 0) as Stat
    expect(st.ino).toBe(4026531833)
    expect(st.mode & S_IFMT).toBe(S_IFREG)
    const l = h.call(p, 'newfstatat', dir, 'ns/net', AT_SYMLINK_NOFOLLOW) as Stat
    expect(l.mode & S_IFMT).toBe(S_IFLNK)
    expect((h.call(p, 'newfstatat', dir, '', AT_EMPTY_PATH) as Stat).ino).toBe((h.call(p, 'fstat', dir) as Stat).ino)
  })

  it('fstatat(dirfd, "ns/<name>", 0) of every link is the nsfs inode its readlink names: S_IFREG 0444, root\'s, st_dev nsfs\'s (fs/nsfs.c)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'unshare', CLONE_NEWPID)).toBe(0) // pid_for_children: a namespace with no process yet, an empty link (namespaces(7))
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    for (const name of ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'time_for_children', 'user', 'uts']) {
      const st = h.call(p, 'newfstatat', dir, `ns/${name}`, 0) as Stat
      expect(`${name}:${st.ino}`).toBe(`${name}:${/\[(\d+)\]/.exec(h.call(p, 'readlinkat', dir, `ns/${name}`) as string)![1]}`)
      expect([st.mode, st.uid, st.gid, st.dev, st.nlink, st.size]).toEqual([S_IFREG | 0o444, 0, 0, 4, 1, 0])
      const { ino, mode, dev } = h.call(p, 'stat', `/proc/${p}/ns/${name}`) as Stat // the same through a walk from "/"
      expect([ino, mode, dev]).toEqual([st.ino, st.mode, st.dev])
      expect(h.call(p, 'newfstatat', dir, `ns/${name}/`, 0)).toBe(-E.ENOTDIR)
    }
    expect(h.call(p, 'readlinkat', dir, 'ns/pid_for_children')).toBe('')
  })

  it('the links are the task\'s namespaces now: a dirfd opened before unshare(CLONE_NEWUTS) sees the new one', () => {
    const h = harness()
    const p = h.spawn()
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    const before = h.call(p, 'readlinkat', dir, 'ns/uts')
    expect(h.call(p, 'unshare', CLONE_NEWUTS)).toBe(0)
    const after = h.call(p, 'readlinkat', dir, 'ns/uts')
    expect(after).not.toBe(before)
    expect(after).toBe(h.call(p, 'readlink', '/proc/self/ns/uts'))
  })

  it('".." climbs above the directory: fstatat(dirfd of /proc/PID/ns, "../ns/mnt")', () => {
    const h = harness()
    const p = h.spawn()
    const dir = h.open(p, `/proc/${p}/ns`, O_RDONLY | O_DIRECTORY)
    expect((h.call(p, 'newfstatat', dir, '../ns/mnt', 0) as Stat).ino).toBe(4026531832)
  })

  it('a symlink\'s ".." climbs above the directory too (path_resolution(7): the target is walked from where the link is)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'mkdir', '/d', 0o755)).toBe(0)
    expect(h.call(p, 'mkdir', '/d/sub', 0o755)).toBe(0)
    expect(h.call(p, 'symlink', '../target', '/d/sub/up')).toBe(0)
    const fd = h.open(p, '/d/target', O_CREAT | O_WRONLY, 0o600)
    expect(fd).toBeGreaterThanOrEqual(0)
    const dir = h.open(p, '/d/sub', O_RDONLY | O_DIRECTORY)
    const st = h.call(p, 'newfstatat', dir, 'up', 0) as Stat
    expect(st.ino).toBe((h.call(p, 'fstat', fd) as Stat).ino)
    expect(h.call(p, 'newfstatat', dir, './up/', 0)).toBe(-E.ENOTDIR) // a trailing slash needs a directory
  })

  it('errors (readlinkat(2), fstatat(2) ERRORS): EBADF, ENOTDIR, ENOENT, EINVAL', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'readlinkat', 99, 'ns/uts')).toBe(-E.EBADF) // "dirfd is not a valid file descriptor"
    const file = h.open(p, '/etc/hostname')
    expect(h.call(p, 'readlinkat', file, 'x')).toBe(-E.ENOTDIR) // "dirfd ... referring to a file other than a directory"
    expect(h.call(p, 'newfstatat', file, 'x', 0)).toBe(-E.ENOTDIR)
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    expect(h.call(p, 'readlinkat', dir, 'ns/nope')).toBe(-E.ENOENT)
    expect(h.call(p, 'readlinkat', dir, 'ns/toString')).toBe(-E.ENOENT) // not a name from Object.prototype
    expect(h.call(p, 'readlinkat', dir, 'status')).toBe(-E.EINVAL) // "pathname is not a symbolic link"
    expect(h.call(p, 'newfstatat', dir, 'ns/net', 0x8000)).toBe(-E.EINVAL) // "Invalid flag specified in flags"
    expect(h.call(p, 'newfstatat', dir, '', 0)).toBe(-E.ENOENT) // empty pathname without AT_EMPTY_PATH
    // An absolute pathname ignores dirfd.
    expect(h.call(p, 'readlinkat', file, `/proc/${p}/ns/ipc`)).toBe('ipc:[4026531839]')
  })

  it('after the process is reaped, lookups through its /proc/PID fd fail with ENOENT', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    const dir = h.open(p, `/proc/${c}`, O_RDONLY | O_DIRECTORY)
    expect(h.call(p, 'readlinkat', dir, 'ns/uts')).toBe('uts:[4026531838]')
    h.call(c, 'exit', 0)
    h.call(p, 'wait4', c, 0)
    expect(h.call(p, 'readlinkat', dir, 'ns/uts')).toBe(-E.ENOENT)
  })

  it('each dirfd answers for its own directory when calls through two of them alternate', () => {
    const h = harness()
    const p = h.spawn()
    const q = h.spawn()
    expect(h.call(q, 'unshare', CLONE_NEWUTS)).toBe(0)
    const a = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    const b = h.open(p, `/proc/${q}`, O_RDONLY | O_DIRECTORY)
    const uts = (dir: number) => (h.call(p, 'newfstatat', dir, 'ns/uts', 0) as Stat).ino
    expect(uts(a)).toBe(4026531838)
    expect(uts(b)).not.toBe(4026531838)
    expect(uts(a)).toBe(4026531838)
    expect(uts(b)).toBe((h.call(p, 'stat', `/proc/${q}/ns/uts`) as Stat).ino)
    h.call(p, 'close', b)
    expect(h.call(p, 'newfstatat', b, 'ns/uts', 0)).toBe(-E.EBADF)
    expect(uts(a)).toBe(4026531838)
  })
})
