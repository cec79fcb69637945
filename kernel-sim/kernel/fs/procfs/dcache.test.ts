// /proc/PID/ns/TYPE looked up again and again through one /proc/PID directory fd (lsns's
// pattern: util-linux lsns.c read_process() opens /proc/PID, then fstatat(dirfd, "ns/TYPE")
// per type). Whatever procfs keeps between lookups, each answer is the task as it is now:
// proc_ns_dir_lookup() and pid_revalidate() look the task up again, so a link never shows a
// namespace the task has left (setns(2), unshare(2)), and a reaped task's entries are gone.
import { describe, expect, it } from 'vitest'
import {
  CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWUTS, E, O_DIRECTORY, O_RDONLY, type Stat,
} from '../../../abi/index.ts'
import { harness } from '../../../testing/harness.ts'

const TYPES = ['mnt', 'net', 'cgroup', 'pid', 'user', 'uts', 'ipc'] as const

describe('procfs lookups through a /proc/PID dirfd stay current', () => {
  it('fstatat(dirfd, "ns/TYPE") follows unshare(2) and setns(2) of the task, call after call', () => {
    const h = harness()
    const viewer = h.spawn()
    const p = h.spawn()
    const other = h.spawn()
    expect(h.call(other, 'unshare', CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC)).toBe(0)
    const dir = h.open(viewer, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    const ino = (type: string) => (h.call(viewer, 'newfstatat', dir, `ns/${type}`, 0) as Stat).ino
    // What a fresh walk from / finds (no directory fd kept): the reference.
    const fresh = (type: string) => (h.call(viewer, 'stat', `/proc/${p}/ns/${type}`) as Stat).ino
    const check = () => { for (const t of TYPES) { expect(ino(t)).toBe(fresh(t)); expect(ino(t)).toBe(ino(t)) } }
    check()
    const before = ino('uts')
    expect(h.call(p, 'unshare', CLONE_NEWUTS | CLONE_NEWCGROUP | CLONE_NEWNS)).toBe(0)
    expect(ino('uts')).not.toBe(before)
    check()
    // setns(2) into another process's namespaces, through its /proc/PID/ns/* files.
    for (const [type, flag] of [['uts', CLONE_NEWUTS], ['net', CLONE_NEWNET], ['ipc', CLONE_NEWIPC]] as const) {
      const fd = h.open(p, `/proc/${other}/ns/${type}`)
      expect(h.call(p, 'setns', fd, flag)).toBe(0)
      expect(ino(type)).toBe((h.call(viewer, 'stat', `/proc/${other}/ns/${type}`) as Stat).ino)
    }
    check()
  })

  it('the ns directory is owned by the task\'s effective ids as they are now (proc_pid_make_inode → task_dump_owner)', () => {
    const h = harness()
    const p = h.spawn()
    const dir = h.open(p, `/proc/${p}`, O_RDONLY | O_DIRECTORY)
    expect((h.call(p, 'newfstatat', dir, 'ns', 0) as Stat).uid).toBe(0)
    expect((h.call(p, 'newfstatat', dir, 'ns/uts', 0x100 /* AT_SYMLINK_NOFOLLOW */) as Stat).uid).toBe(0)
    expect(h.call(p, 'setresuid', 1000, 1000, 1000)).toBe(0)
    expect((h.call(p, 'newfstatat', dir, 'ns', 0) as Stat).uid).toBe(1000)
    expect((h.call(p, 'newfstatat', dir, 'ns/uts', 0x100) as Stat).uid).toBe(1000)
  })

  it('a reaped task\'s entries are gone, through the directory fd and by path', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p)
    const dir = h.open(p, `/proc/${c}`, O_RDONLY | O_DIRECTORY)
    for (const t of TYPES) expect(h.call(p, 'newfstatat', dir, `ns/${t}`, 0)).not.toBeTypeOf('number')
    h.call(c, 'exit', 0)
    h.call(p, 'wait4', c, 0)
    for (const t of TYPES) {
      expect(h.call(p, 'newfstatat', dir, `ns/${t}`, 0)).toBe(-E.ENOENT)
      expect(h.call(p, 'stat', `/proc/${c}/ns/${t}`)).toBe(-E.ENOENT)
    }
  })
})
