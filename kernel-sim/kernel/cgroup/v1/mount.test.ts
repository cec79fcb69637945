// Conformance: mounting cgroup v1 hierarchies (Documentation/admin-guide/cgroup-v1/cgroups.rst
// "2.1 Basic Usage"; kernel/cgroup/cgroup-v1.c v5.16 cgroup1_parse_param(), check_cgroupfs_options(),
// cgroup1_root_to_use(), cgroup1_get_tree(); cgroups(7) for /proc/PID/cgroup).
import { describe, expect, it } from 'vitest'
import { CLONE_NEWCGROUP, CLONE_NEWNS, CLONE_NEWUSER, E, type Kpid } from '../../../abi/index.ts'
import { harness, type Harness } from '../../../testing/harness.ts'
import { rd, wr } from '../testutil.ts'

function ls(h: Harness, p: Kpid, dir: string): string[] {
  const fd = h.open(p, dir)
  const ents = h.call(p, 'getdents', fd) as { name: string }[]
  h.call(p, 'close', fd)
  return ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..')
}

/** Host root mounts the rdma controller's hierarchy, as a v1 or hybrid host's init does. */
function hostWithRdma(kernel?: string): { h: Harness; p: Kpid } {
  const h = harness(kernel ? { kernel } : {})
  const p = h.spawn()
  expect(h.call(p, 'mkdir', '/rdma', 0o755)).toBe(0)
  expect(h.call(p, 'mount', 'cgroup', '/rdma', 'cgroup', 0, 'rdma')).toBe(0)
  return { h, p }
}

describe('mount -t cgroup -o rdma', () => {
  it('creates a hierarchy: mountinfo shows "cgroup cgroup rw,rdma"; /proc/self/cgroup lists "1:rdma:/" before "0::/"', () => {
    const { h, p } = hostWithRdma()
    expect(rd(h, p, '/proc/self/mountinfo')).toMatch(/ \/rdma rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,rdma\n/)
    expect(rd(h, p, '/proc/self/mounts')).toContain('cgroup /rdma cgroup rw,nosuid,nodev,noexec,relatime,rdma 0 0\n')
    expect(rd(h, p, '/proc/self/cgroup')).toBe('1:rdma:/\n0::/\n')
  })

  it('the root has the core files (cgroup1_base_files), a child lacks the root-only release_agent and cgroup.sane_behavior', () => {
    const { h, p } = hostWithRdma()
    expect(ls(h, p, '/rdma').sort()).toEqual(['cgroup.clone_children', 'cgroup.procs', 'cgroup.sane_behavior', 'notify_on_release', 'release_agent', 'tasks'])
    expect(h.call(p, 'mkdir', '/rdma/x', 0o755)).toBe(0)
    expect(ls(h, p, '/rdma/x').sort()).toEqual(['cgroup.clone_children', 'cgroup.procs', 'notify_on_release', 'tasks'])
    expect(ls(h, p, '/rdma')).toContain('x')
    expect(h.call(p, 'mkdir', '/rdma/x', 0o755)).toBe(-E.EEXIST)
  })

  it('reads as cgroups.rst documents: flags "0\\n", an empty release_agent is "\\n", cgroup.procs lists every pid, sorted', () => {
    const { h, p } = hostWithRdma()
    expect(rd(h, p, '/rdma/notify_on_release')).toBe('0\n')
    expect(rd(h, p, '/rdma/cgroup.clone_children')).toBe('0\n')
    expect(rd(h, p, '/rdma/cgroup.sane_behavior')).toBe('0\n')
    expect(rd(h, p, '/rdma/release_agent')).toBe('\n')
    const pids = (rd(h, p, '/rdma/cgroup.procs') as string).trim().split('\n').map(Number)
    expect(pids).toEqual([...pids].sort((a, b) => a - b))
    expect(pids).toContain(1)
    expect(pids).toContain(p)
    expect(rd(h, p, '/rdma/tasks')).toBe(rd(h, p, '/rdma/cgroup.procs'))
  })

  it('a second mount with the same controller joins the same hierarchy', () => {
    const { h, p } = hostWithRdma()
    expect(h.call(p, 'mkdir', '/again', 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'cgroup', '/again', 'cgroup', 0, 'rdma')).toBe(0)
    expect(h.call(p, 'mkdir', '/again/shared', 0o755)).toBe(0)
    expect(ls(h, p, '/rdma')).toContain('shared')
    expect(rd(h, p, '/proc/self/cgroup')).toBe('1:rdma:/\n0::/\n')
  })

  it('a named hierarchy (-o none,name=X) is listed as "name=X"', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/n', 0o755)
    expect(h.call(p, 'mount', 'cgroup', '/n', 'cgroup', 0, 'none,name=isolab')).toBe(0)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('1:name=isolab:/\n0::/\n')
    expect(rd(h, p, '/proc/self/mountinfo')).toContain('- cgroup cgroup rw,name=isolab\n')
  })

  it('refuses bad options with EINVAL and logs why (invalfc), and a controller bound to the v2 hierarchy with EBUSY', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/m', 0o755)
    expect(h.call(p, 'mount', 'cgroup', '/m', 'cgroup', 0, 'foo')).toBe(-E.EINVAL)
    expect(h.k.coarse.dmesg.join('\n')).toContain("cgroup: Unknown subsys name 'foo'")
    expect(h.call(p, 'mount', 'cgroup', '/m', 'cgroup', 0, 'none')).toBe(-E.EINVAL)
    expect(h.k.coarse.dmesg.join('\n')).toContain('cgroup: Need name or subsystem set')
    expect(h.call(p, 'mount', 'cgroup', '/m', 'cgroup', 0, 'rdma,none')).toBe(-E.EINVAL)
    expect(h.call(p, 'mount', 'cgroup', '/m', 'cgroup', 0, 'memory')).toBe(-E.EBUSY)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('0::/\n')
  })
})

describe('who may mount it (cgroup1_get_tree, cgroup1_root_to_use)', () => {
  it('root of a new user namespace without its own cgroup namespace: EPERM (the cgroup namespace belongs to the initial user namespace)', () => {
    const { h } = hostWithRdma()
    const q = h.spawn({ uid: 1000 })
    expect(h.call(q, 'unshare', CLONE_NEWUSER | CLONE_NEWNS)).toBe(0)
    expect(h.call(q, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'rdma')).toBe(-E.EPERM)
  })

  it('unshare -UmC: joins a hierarchy the host has; creating one is EPERM ("Hierarchies may only be created in the initial cgroup namespace")', () => {
    const { h } = hostWithRdma()
    const q = h.spawn({ uid: 1000 })
    expect(h.call(q, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)).toBe(0)
    expect(h.call(q, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'rdma')).toBe(0)
    expect(ls(h, q, '/proc')).toContain('release_agent')
    expect(h.call(q, 'mount', 'cgroup', '/dev', 'cgroup', 0, 'none,name=mine')).toBe(-E.EPERM)
    expect(h.call(q, 'mount', 'cgroup', '/dev', 'cgroup', 0, 'misc')).toBe(-E.EPERM)
  })

  it('a cgroup v2-only host has no hierarchy to join: the same mount is EPERM', () => {
    const h = harness()
    const q = h.spawn({ uid: 1000 })
    expect(h.call(q, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)).toBe(0)
    expect(h.call(q, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'rdma')).toBe(-E.EPERM)
  })

  it('inside a cgroup namespace the mount is rooted at the creator\'s cgroup, and /proc/self/cgroup is relative to it', () => {
    const { h, p } = hostWithRdma()
    expect(h.call(p, 'mkdir', '/rdma/box', 0o755)).toBe(0)
    expect(wr(h, p, '/rdma/box/cgroup.procs', '0')).toBe(1)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('1:rdma:/box\n0::/\n')
    expect(h.call(p, 'unshare', CLONE_NEWNS | CLONE_NEWCGROUP)).toBe(0)
    expect(rd(h, p, '/proc/self/cgroup')).toBe('1:rdma:/\n0::/\n')
    h.call(p, 'mkdir', '/mnt2', 0o755)
    expect(h.call(p, 'mount', 'cgroup', '/mnt2', 'cgroup', 0, 'rdma')).toBe(0)
    expect(rd(h, p, '/mnt2/cgroup.procs')).toBe(`${p}\n`)
    expect(ls(h, p, '/mnt2')).not.toContain('release_agent') // CFTYPE_ONLY_ON_ROOT: box is not the hierarchy's root
  })
})
