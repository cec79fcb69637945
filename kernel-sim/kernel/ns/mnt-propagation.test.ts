// mount(2) propagation changes (MS_SHARED, MS_SLAVE, MS_PRIVATE, with MS_REC)
// as /proc/PID/mountinfo shows them (proc_pid_mountinfo(5) optional fields:
// "shared:X", "master:X"; mount_namespaces(7) "Propagation types").
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, MS_PRIVATE, MS_REC, MS_SHARED, MS_SLAVE, O_RDONLY } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import type { Kpid } from '../../abi/pid.ts'

/** mountinfo's mount point → its optional fields (between the options and " - "). */
function tags(h: Harness, p: Kpid): Map<string, string> {
  const fd = h.open(p, '/proc/self/mountinfo', O_RDONLY)
  const text = h.call(p, 'read', fd, 1 << 20) as string
  h.call(p, 'close', fd)
  const out = new Map<string, string>()
  for (const line of text.split('\n').filter(Boolean)) {
    const f = line.split(' ')
    out.set(f[4]!, f.slice(6, f.indexOf('-')).join(' '))
  }
  return out
}

describe('mount propagation flags', () => {
  it('MS_REC|MS_SHARED gives each mount its own peer group, MS_SLAVE makes it master:, MS_REC|MS_PRIVATE clears all', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/a', 0o755)
    expect(h.call(p, 'mount', 'tmpfs', '/a', 'tmpfs', 0, '')).toBe(0)
    expect(h.call(p, 'mkdir', '/a/b', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'tmpfs', '/a/b', 'tmpfs', 0, '')).toBe(0)
    expect(h.call(p, 'mount', '', '/', '', MS_REC | MS_PRIVATE, '')).toBe(0)
    const before = tags(h, p)
    expect([...before.values()].every((t) => t === '')).toBe(true)
    expect(h.call(p, 'mount', '', '/a', '', MS_REC | MS_SHARED, '')).toBe(0)
    const shared = tags(h, p)
    expect(shared.get('/a')).toMatch(/^shared:\d+$/)
    expect(shared.get('/a/b')).toMatch(/^shared:\d+$/)
    expect(shared.get('/a')).not.toBe(shared.get('/a/b'))
    expect(shared.get('/')).toBe('')
    expect(h.call(p, 'mount', '', '/a/b', '', MS_SLAVE, '')).toBe(0)
    expect(tags(h, p).get('/a/b')).toBe(shared.get('/a/b')!.replace('shared', 'master'))
    expect(h.call(p, 'mount', '', '/', '', MS_REC | MS_PRIVATE, '')).toBe(0)
    expect(tags(h, p)).toEqual(before)
    expect(h.call(p, 'mount', '', '/nowhere', '', MS_PRIVATE, '')).toBeLessThan(0)
  })

  it('a new namespace\'s copies are peers of the parent\'s shared mounts; making them private there leaves the parent\'s alone, and the other way round', () => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/a', '/b']) {
      h.call(p, 'mkdir', d, 0o755)
      expect(h.call(p, 'mount', 'tmpfs', d, 'tmpfs', 0, '')).toBe(0)
    }
    expect(h.call(p, 'mount', '', '/a', '', MS_SHARED, '')).toBe(0)
    const group = tags(h, p).get('/a')!
    expect(group).toMatch(/^shared:\d+$/)
    const c = h.fork(p, CLONE_NEWNS)
    // mount_namespaces(7), "Peer groups": a shared mount copied into a new mount namespace joins the same peer group.
    expect(tags(h, c).get('/a')).toBe(group)
    // runc's first mount call: MS_REC|MS_PRIVATE on "/" of its copy.
    expect(h.call(c, 'mount', '', '/', '', MS_REC | MS_PRIVATE, '')).toBe(0)
    expect([...tags(h, c).values()].every((t) => t === '')).toBe(true)
    expect(tags(h, p).get('/a')).toBe(group)
    // The parent's change after the copy is not the child's.
    expect(h.call(p, 'mount', '', '/b', '', MS_SHARED, '')).toBe(0)
    expect(tags(h, p).get('/b')).toMatch(/^shared:\d+$/)
    expect(tags(h, c).get('/b')).toBe('')
    // A shared mount turned slave keeps its group as master:; turned private it has none (no stale peer group).
    expect(h.call(p, 'mount', '', '/a', '', MS_SLAVE, '')).toBe(0)
    expect(tags(h, p).get('/a')).toBe(group.replace('shared', 'master'))
    expect(h.call(p, 'mount', '', '/a', '', MS_PRIVATE, '')).toBe(0)
    expect(h.call(p, 'mount', '', '/a', '', MS_SHARED, '')).toBe(0)
    expect(tags(h, p).get('/a')).toMatch(/^shared:\d+$/)
    expect(tags(h, p).get('/a')).not.toBe(tags(h, p).get('/b'))
  })

  it('after pivot_root, MS_REC|MS_PRIVATE on "/" still clears the old root\'s shared mounts, now under put_old', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/a', 0o755)
    expect(h.call(p, 'mount', 'tmpfs', '/a', 'tmpfs', 0, '')).toBe(0)
    expect(h.call(p, 'mount', '', '/a', '', MS_SHARED, '')).toBe(0)
    const c = h.fork(p, CLONE_NEWNS)
    h.call(c, 'mkdir', '/r', 0o755)
    expect(h.call(c, 'mount', 'tmpfs', '/r', 'tmpfs', 0, '')).toBe(0)
    h.call(c, 'mkdir', '/r/old', 0o755)
    h.call(c, 'mkdir', '/r/proc', 0o755)
    expect(h.call(c, 'mount', 'proc', '/r/proc', 'proc', 0, '')).toBe(0)
    expect(h.call(c, 'chdir', '/r')).toBe(0)
    expect(h.call(c, 'pivot_root', '.', 'old')).toBe(0)
    expect(h.call(c, 'chdir', '/')).toBe(0)
    expect(tags(h, c).get('/old/a')).toMatch(/^shared:\d+$/)
    expect(h.call(c, 'mount', '', '/', '', MS_REC | MS_PRIVATE, '')).toBe(0)
    expect([...tags(h, c).values()].every((t) => t === '')).toBe(true)
  })
})
