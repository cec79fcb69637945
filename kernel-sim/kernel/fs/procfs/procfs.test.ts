// procfs formats: proc_pid_status(5), proc_pid_stat(5), proc(5) /proc/self,
// proc_meminfo(5), proc_loadavg(5).
import { describe, expect, it } from 'vitest'
import { E, O_WRONLY, type Kpid } from '../../../abi/index.ts'
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
})
