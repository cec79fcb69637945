// procfs formats: proc_pid_status(5), proc_pid_stat(5), proc(5) /proc/self,
// proc_meminfo(5), proc_loadavg(5), /proc/PID/task (proc(5)), the nsfs file
// behind /proc/PID/ns/* (namespaces(7)).
import { describe, expect, it } from 'vitest'
import {
  AT_FDCWD, E, O_DIRECTORY, O_RDONLY, O_WRONLY, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Dirent, type Kpid, type Stat,
} from '../../../abi/index.ts'
import { harness } from '../../../testing/harness.ts'

function cat(h: ReturnType<typeof harness>, pid: Kpid, path: string): string {
  const fd = h.open(pid, path)
  if (fd < 0) throw new Error(`open ${path}: ${fd}`)
  let s = ''
  for (;;) {
    const d = h.call(pid, 'read', fd, 4096) as string
    if (d === '') break
    s += d
  }
  h.call(pid, 'close', fd)
  return s
}

describe('/proc', () => {
  it('/proc/self is a link to the reader\'s pid', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'readlink', '/proc/self')).toBe(String(p))
    expect(cat(h, p, '/proc/self/comm')).toBe('remote\n')
  })

  it('/proc/PID names a pid as name_to_int() reads it (fs/proc/util.c): digits only, no leading zero', () => {
    const h = harness()
    const p = h.spawn()
    expect((h.call(p, 'stat', `/proc/${p}`) as Stat).mode & S_IFMT).toBe(S_IFDIR)
    expect(h.call(p, 'stat', `/proc/0${p}`)).toBe(-E.ENOENT)
    expect(h.call(p, 'stat', `/proc/${p}x`)).toBe(-E.ENOENT)
    expect(h.call(p, 'stat', '/proc/4294967296')).toBe(-E.ENOENT)
    expect(h.call(p, 'stat', `/proc/${p}/task/0${p}`)).toBe(-E.ENOENT)
  })

  it('status: the real field names in the real order, TAB after the colon', () => {
    const h = harness()
    const p = h.spawn()
    const lines = cat(h, p, '/proc/self/status').split('\n')
    const keys = lines.filter(Boolean).map((l) => l.split(':')[0])
    const order = ['Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups',
      'NStgid', 'NSpid', 'NSpgid', 'NSsid', 'Kthread', 'VmPeak']
    expect(keys.slice(0, order.length)).toEqual(order)
    for (const k of ['Threads', 'SigCgt', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Cpus_allowed_list']) expect(keys).toContain(k)
    expect(lines).toContain('CapEff:\t000001ffffffffff')
    expect(lines).toContain(`Pid:\t${p}`)
    expect(lines).toContain('Uid:\t0\t0\t0\t0')
    expect(lines).toContain('State:\tR (running)')
  })

  it('status of an unprivileged process has empty capability sets', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    const s = cat(h, p, '/proc/self/status')
    expect(s).toContain('Uid:\t1000\t1000\t1000\t1000')
    expect(s).toContain('CapEff:\t0000000000000000')
  })

  it('stat: "pid (comm) state ppid pgrp session ..." with 52 fields', () => {
    const h = harness()
    const p = h.spawn()
    const f = cat(h, p, `/proc/${p}/stat`).trim().split(' ')
    expect(f.slice(0, 4)).toEqual([String(p), '(remote)', 'R', '1'])
    expect(f.length).toBe(52)
  })

  it('fd/ lists open fds as links to what they are', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/dev/null')
    expect(h.call(p, 'readlink', `/proc/self/fd/${fd}`)).toBe('/dev/null')
    expect(h.call(p, 'readlink', '/proc/self/fd/0')).toMatch(/^pipe:\[\d+\]$/)
    const s = h.call(p, 'socket', 2, 1, 0)
    expect(h.call(p, 'readlink', `/proc/self/fd/${s}`)).toMatch(/^socket:\[\d+\]$/)
  })

  it('meminfo and loadavg have the kernel\'s layout', () => {
    const h = harness()
    const p = h.spawn()
    const mem = cat(h, p, '/proc/meminfo').split('\n')
    expect(mem[0]).toBe('MemTotal:        8388608 kB') // label padded to 16, value to 8 (show_val_kb)
    expect(mem[1]).toMatch(/^MemFree: +\d+ kB$/)
    expect(cat(h, p, '/proc/loadavg')).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/)
  })

  it('hostname in /proc/sys/kernel/hostname follows sethostname and can be written by root', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'sethostname', 'alpha')
    expect(cat(h, p, '/proc/sys/kernel/hostname')).toBe('alpha\n')
    const fd = h.open(p, '/proc/sys/kernel/hostname', O_WRONLY)
    h.call(p, 'write', fd, 'beta\n')
    expect(h.call(p, 'uname')).toMatchObject({ nodename: 'beta' })
    expect(h.open(p, '/proc/99999/status')).toBe(-E.ENOENT)
  })

  it('stat -L /proc/PID/ns/uts is the nsfs inode: -r--r--r--, root, size 0, nsfs device (namespaces(7); fs/nsfs.c S_IFREG | S_IRUGO)', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    const st = h.call(p, 'stat', `/proc/${p}/ns/uts`) as Stat
    expect(st.mode).toBe(S_IFREG | 0o444)
    expect([st.uid, st.gid, st.size, st.nlink]).toEqual([0, 0, 0, 1])
    expect(st.ino).toBe(4026531838)
    expect(st.dev).toBe(4) // nsfs's anonymous device, not proc's
    // The link itself (lstat, stat without -L) is procfs's, owned by the process: lrwxrwxrwx.
    const l = h.call(p, 'lstat', `/proc/${p}/ns/uts`) as Stat
    expect(l.mode).toBe(S_IFLNK | 0o777)
    expect(l.uid).toBe(1000)
    expect(l.dev).not.toBe(4)
  })

  it('/proc/PID/task lists the main thread, TID = PID; task/TID has the files of /proc/PID (proc(5))', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    const names = (path: string) => {
      const fd = h.open(p, path, O_RDONLY | O_DIRECTORY)
      const ents = h.call(p, 'getdents', fd) as Dirent[]
      h.call(p, 'close', fd)
      return ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..')
    }
    expect(names(`/proc/${p}/task`)).toEqual([String(p)])
    expect(names(`/proc/${p}`)).toContain('task')
    const thread = names(`/proc/${p}/task/${p}`)
    expect(thread).not.toContain('task') // a thread has no task/ of its own
    expect(thread).toEqual(names(`/proc/${p}`).filter((n) => n !== 'task'))
    const st = h.call(p, 'stat', `/proc/${p}/task/${p}`) as Stat
    expect([st.mode & S_IFMT, st.uid]).toEqual([S_IFDIR, 1000])
    expect(cat(h, p, `/proc/${p}/task/${p}/status`)).toBe(cat(h, p, `/proc/${p}/status`))
    expect(cat(h, p, `/proc/${p}/task/${p}/cmdline`)).toBe(cat(h, p, `/proc/${p}/cmdline`))
    expect(h.call(p, 'readlink', `/proc/${p}/task/${p}/ns/uts`)).toBe('uts:[4026531838]')
    // /proc/thread-self -> PID/task/PID, now a directory that exists.
    expect(h.call(p, 'readlink', '/proc/thread-self')).toBe(`${p}/task/${p}`)
    expect(cat(h, p, '/proc/thread-self/comm')).toBe('remote\n')
    expect(h.open(p, `/proc/${p}/task/99999/status`)).toBe(-E.ENOENT)
    expect(h.open(p, `/proc/${p}/task/${p}/task`)).toBe(-E.ENOENT)
  })

  it('getdents(/proc) reports each pid as a directory with the inode stat() finds, without looking each one up', () => {
    const h = harness()
    const p = h.spawn()
    h.spawn()
    const fd = h.open(p, '/proc', O_RDONLY | O_DIRECTORY)
    const ents = h.call(p, 'getdents', fd) as Dirent[]
    const pids = ents.filter((e) => /^\d+$/.test(e.name))
    expect(pids.length).toBeGreaterThanOrEqual(2)
    for (const e of pids) {
      expect(e.type).toBe('d')
      expect(e.ino).toBe((h.call(p, 'newfstatat', AT_FDCWD, `/proc/${e.name}`, 0) as Stat).ino)
    }
    const self = ents.find((e) => e.name === 'self')!
    expect(self.type).toBe('l')
    expect(self.ino).toBe((h.call(p, 'lstat', '/proc/self') as Stat).ino)
  })
})
