// cgroup_namespaces(7): "When a cgroup filesystem is mounted inside a cgroup
// namespace, the root of the mounted filesystem is the root cgroup of the
// namespace" — how a container sees its own limits at /sys/fs/cgroup.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWCGROUP, CLONE_NEWNS, O_WRONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

describe('cgroup2 mounted inside a cgroup namespace', () => {
  it("shows the namespace's root cgroup, with its limit files, not the host's root", () => {
    const h = harness()
    const p = h.spawn()
    expect(wr(h, p, 'cgroup.subtree_control', '+memory +pids')).toBeGreaterThan(0)
    expect(mkdir(h, p, 'box')).toBe(0)
    expect(wr(h, p, 'box/memory.max', '64M')).toBeGreaterThan(0)
    expect(move(h, p, p, 'box')).toBeGreaterThan(0)
    expect(h.call(p, 'unshare', CLONE_NEWCGROUP | CLONE_NEWNS)).toBe(0)
    expect(h.call(p, 'mkdir', '/cg', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'cgroup', '/cg', 'cgroup2', 0, '')).toBe(0)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('0::/\n')
    expect(rd(h, p, '/cg/memory.max')).toBe('67108864\n')
    expect(rd(h, p, '/cg/cgroup.procs')).toBe(`${p}\n`)
    // A child made through the new mount is a child of box on the host.
    expect(h.call(p, 'mkdir', '/cg/sub', 0o755)).toBe(0)
    expect(rd(h, p, 'box/sub/cgroup.type')).toBe('domain\n')
    // The mount made before unsharing still shows the whole hierarchy.
    expect(rd(h, p, '/sys/fs/cgroup/box/memory.max')).toBe('67108864\n')
  })

  it('a mount in the initial cgroup namespace is rooted at the root cgroup (no memory.max there)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'unshare', CLONE_NEWNS)).toBe(0)
    expect(h.call(p, 'mkdir', '/cg', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'cgroup', '/cg', 'cgroup2', 0, '')).toBe(0)
    expect(typeof rd(h, p, '/cg/cgroup.controllers')).toBe('string')
    expect(rd(h, p, '/cg/memory.max')).toBeLessThan(0)
  })

  it('an fd opened before the mount namespace changed still reaches the file it opened (struct file, not a path)', () => {
    const h = harness()
    const p = h.spawn()
    expect(mkdir(h, p, 'box')).toBe(0)
    const fd = h.open(p, '/sys/fs/cgroup/box/cgroup.procs', O_WRONLY)
    expect(fd).toBeGreaterThanOrEqual(0)
    expect(h.call(p, 'unshare', CLONE_NEWNS)).toBe(0)
    expect(h.call(p, 'mount', 'tmpfs', '/sys', 'tmpfs', 0, '')).toBe(0) // the path now names nothing
    expect(h.call(p, 'write', fd, '0\n')).toBe(2)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('0::/box\n')
  })
})
