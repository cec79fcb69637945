// mount(2) propagation changes (MS_SHARED, MS_SLAVE, MS_PRIVATE, with MS_REC)
// as /proc/PID/mountinfo shows them (proc_pid_mountinfo(5) optional fields:
// "shared:X", "master:X"; mount_namespaces(7) "Propagation types").
import { describe, expect, it } from 'vitest'
import { MS_PRIVATE, MS_REC, MS_SHARED, MS_SLAVE, O_RDONLY } from '../../abi/index.ts'
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
})
