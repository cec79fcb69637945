// Conformance: the cgroup v2 core (Documentation/admin-guide/cgroup-v2.rst
// "Core Interface Files", cgroups(7); host observations in linux-semantics.md §3.3a).
import { describe, expect, it } from 'vitest'
import { E } from '../../abi/index.ts'
import { PENDING, harness } from '../../testing/harness.ts'
import { ls, mkdir, move, rd, rmdir, wr } from './testutil.ts'

describe('cgroup2 mount and layout', () => {
  it('is mounted at /sys/fs/cgroup as cgroup2 (cgroups(7))', () => {
    const h = harness()
    const p = h.spawn()
    expect(rd(h, p, '/proc/mounts')).toContain('cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n')
  })

  it('a path through an interface file is ENOTDIR, as through any regular file (path_resolution(7)); a name the directory lacks is ENOENT', () => {
    const h = harness()
    const p = h.spawn()
    expect(mkdir(h, p, 'walk')).toBe(0)
    expect(rd(h, p, 'walk/cgroup.procs/x')).toBe(-E.ENOTDIR)
    expect(rd(h, p, 'walk/nosuch/cgroup.procs')).toBe(-E.ENOENT)
    expect(rd(h, p, 'walk/constructor')).toBe(-E.ENOENT) // a file table's name only, not a JS object's
    expect(mkdir(h, p, 'walk/sub')).toBe(0)
    expect(rd(h, p, 'walk/sub/cgroup.type')).toBe('domain\n')
  })

  it('the root has no limits or events files: no pids.max, memory.current, cgroup.events (CFTYPE_NOT_ON_ROOT)', () => {
    const h = harness()
    const p = h.spawn()
    const root = ls(h, p, '')
    expect(root).toContain('cgroup.procs')
    expect(root).toContain('cgroup.subtree_control')
    expect(root).toContain('cpu.stat')
    for (const f of ['pids.max', 'pids.current', 'memory.current', 'memory.max', 'cpu.max', 'cgroup.events', 'cgroup.type', 'cgroup.freeze']) {
      expect(root).not.toContain(f)
    }
    expect(rd(h, p, 'cgroup.controllers')).toBe('cpu io memory pids\n')
  })

  it('a new child: subtree_control empty, type domain, events "populated 0 / frozen 0", controller files per the parent (§3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    expect(mkdir(h, p, 'conftest')).toBe(0)
    expect(rd(h, p, 'conftest/cgroup.subtree_control')).toBe('\n')
    expect(rd(h, p, 'conftest/cgroup.type')).toBe('domain\n')
    expect(rd(h, p, 'conftest/cgroup.events')).toBe('populated 0\nfrozen 0\n')
    expect(rd(h, p, 'conftest/cgroup.controllers')).toBe('cpu io memory pids\n')
    expect(rd(h, p, 'conftest/pids.max')).toBe('max\n')
    expect(rd(h, p, 'conftest/memory.max')).toBe('max\n')
    expect(rd(h, p, 'conftest/cpu.max')).toBe('max 100000\n')
    expect(rd(h, p, 'conftest/cpu.weight')).toBe('100\n')
    expect(rd(h, p, 'conftest/cgroup.max.depth')).toBe('max\n')
    // grandchild: the parent enabled nothing, so only core files
    expect(mkdir(h, p, 'conftest/sub')).toBe(0)
    expect(rd(h, p, 'conftest/sub/cgroup.controllers')).toBe('\n')
    expect(ls(h, p, 'conftest/sub')).not.toContain('pids.max')
    expect(ls(h, p, 'conftest/sub')).toContain('cpu.stat') // "exists even if controller disabled"
  })

  it('moving a process in: populated 1, /proc/self/cgroup "0::/conftest", cgroup.procs lists it (cgroups(7))', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'conftest')
    expect(move(h, p, 0, 'conftest')).toBe(2) // "0" = the writer
    expect(rd(h, p, 'conftest/cgroup.events')).toBe('populated 1\nfrozen 0\n')
    expect(rd(h, p, '/proc/self/cgroup')).toBe('0::/conftest\n')
    expect(rd(h, p, 'conftest/cgroup.procs')).toBe(`${p}\n`)
    // fork inherits the cgroup
    const c = h.fork(p)
    expect(rd(h, c, '/proc/self/cgroup')).toBe('0::/conftest\n')
  })

  it('cgroup.procs rejects bad pids: abc/-5 EINVAL, unknown ESRCH (§3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'c')
    expect(wr(h, p, 'c/cgroup.procs', 'abc')).toBe(-E.EINVAL)
    expect(wr(h, p, 'c/cgroup.procs', '-5')).toBe(-E.EINVAL)
    expect(wr(h, p, 'c/cgroup.procs', '3999999')).toBe(-E.ESRCH)
  })

  it('rmdir: EBUSY while populated or with a child; then it goes (cgroup_destroy_locked)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    mkdir(h, p, 'a/b')
    expect(rmdir(h, p, 'a')).toBe(-E.EBUSY)
    const q = h.spawn()
    move(h, p, q, 'a/b')
    expect(rmdir(h, p, 'a/b')).toBe(-E.EBUSY)
    move(h, p, q, '')
    expect(rmdir(h, p, 'a/b')).toBe(0)
    expect(rmdir(h, p, 'a')).toBe(0)
    expect(ls(h, p, '')).not.toContain('a')
    expect(mkdir(h, p, 'a')).toBe(0)
    expect(mkdir(h, p, 'a')).toBe(-E.EEXIST)
  })

  it('a zombie does not keep a cgroup populated; its /proc/PID/cgroup then reads "(deleted)"', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'z')
    const c = h.fork(p)
    move(h, p, c, 'z')
    h.call(c, 'exit', 0)
    expect(rd(h, p, 'z/cgroup.events')).toBe('populated 0\nfrozen 0\n')
    expect(rmdir(h, p, 'z')).toBe(0)
    expect(rd(h, p, `/proc/${c}/cgroup`)).toBe('0::/z (deleted)\n')
    expect(rd(h, p, 'cgroup.stat')).toContain('nr_dying_descendants 1\n')
    h.call(p, 'wait4', c, 0)
    expect(rd(h, p, 'cgroup.stat')).toContain('nr_dying_descendants 0\n')
  })
})

describe('cgroup.subtree_control', () => {
  it('"+bogus" and "bogus" are EINVAL; a controller the parent lacks is ENOENT (cgroups(7), §3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    mkdir(h, p, 'a/b')
    expect(wr(h, p, 'a/cgroup.subtree_control', '+bogus')).toBe(-E.EINVAL)
    expect(wr(h, p, 'a/cgroup.subtree_control', 'bogus')).toBe(-E.EINVAL)
    expect(wr(h, p, 'a/b/cgroup.subtree_control', '+memory')).toBe(-E.ENOENT)
    expect(wr(h, p, 'a/cgroup.subtree_control', '+memory +pids -memory')).toBeGreaterThan(0) // last mention wins
    expect(rd(h, p, 'a/cgroup.subtree_control')).toBe('pids\n')
    expect(rd(h, p, 'a/b/cgroup.controllers')).toBe('pids\n')
    expect(ls(h, p, 'a/b')).toContain('pids.max')
  })

  it('all or nothing: one bad token changes nothing', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    expect(wr(h, p, 'a/cgroup.subtree_control', '+pids +bogus')).toBe(-E.EINVAL)
    expect(rd(h, p, 'a/cgroup.subtree_control')).toBe('\n')
  })

  it('no internal processes: enabling in a populated cgroup and moving into one with domain controllers are EBUSY (§3.3)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'p')
    const q = h.spawn()
    move(h, p, q, 'p')
    expect(wr(h, p, 'p/cgroup.subtree_control', '+memory')).toBe(-E.EBUSY)
    expect(wr(h, p, 'p/cgroup.subtree_control', '+pids')).toBe(-E.EBUSY) // tasks inside: any controller
    move(h, p, q, '')
    expect(wr(h, p, 'p/cgroup.subtree_control', '+memory')).toBeGreaterThan(0)
    expect(move(h, p, q, 'p')).toBe(-E.EBUSY)
    mkdir(h, p, 'p/leaf')
    expect(move(h, p, q, 'p/leaf')).toBeGreaterThan(0)
    expect(rd(h, q, '/proc/self/cgroup')).toBe('0::/p/leaf\n')
    // the root is exempt
    expect(move(h, p, q, '')).toBeGreaterThan(0)
  })

  it('"-ctrl" while a child has it enabled is EBUSY; disabling resets the child limits', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'p')
    mkdir(h, p, 'p/c')
    wr(h, p, 'p/cgroup.subtree_control', '+pids')
    wr(h, p, 'p/c/pids.max', '7')
    mkdir(h, p, 'p/c/d')
    wr(h, p, 'p/c/cgroup.subtree_control', '+pids')
    expect(wr(h, p, 'p/cgroup.subtree_control', '-pids')).toBe(-E.EBUSY)
    wr(h, p, 'p/c/cgroup.subtree_control', '-pids')
    expect(wr(h, p, 'p/cgroup.subtree_control', '-pids')).toBeGreaterThan(0)
    wr(h, p, 'p/cgroup.subtree_control', '+pids')
    expect(rd(h, p, 'p/c/pids.max')).toBe('max\n')
  })
})

describe('cgroup.type, hierarchy limits, stat, freeze, kill', () => {
  it('cgroup.type: "domain" is EINVAL; "threaded" makes the parent "domain threaded" (§3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 't')
    mkdir(h, p, 't/x')
    expect(wr(h, p, 't/x/cgroup.type', 'domain')).toBe(-E.EINVAL)
    expect(wr(h, p, 't/x/cgroup.type', 'threaded')).toBeGreaterThan(0)
    expect(rd(h, p, 't/x/cgroup.type')).toBe('threaded\n')
    expect(rd(h, p, 't/cgroup.type')).toBe('domain threaded\n')
  })

  it('a thread root is one while it has live threaded children (nr_threaded_children): rmdir of the last makes it "domain" again', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 't')
    mkdir(h, p, 't/x')
    mkdir(h, p, 't/y')
    wr(h, p, 't/x/cgroup.type', 'threaded')
    wr(h, p, 't/x/cgroup.type', 'threaded') // already threaded: counted once
    mkdir(h, p, 't/x/z') // a threaded cgroup's child is threaded too, and makes x no thread root (x is threaded)
    expect(rd(h, p, 't/x/z/cgroup.type')).toBe('threaded\n')
    expect(rd(h, p, 't/y/cgroup.type')).toBe('domain invalid\n')
    expect(rmdir(h, p, 't/x/z')).toBe(0)
    expect(rmdir(h, p, 't/x')).toBe(0)
    expect(rd(h, p, 't/cgroup.type')).toBe('domain\n')
    expect(rd(h, p, 't/y/cgroup.type')).toBe('domain\n')
  })

  it('cgroup.type "domain invalid": a domain sibling under a thread root; not populatable, no controllers, may turn threaded (cgroup-v2.rst "Threaded mode")', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 't')
    mkdir(h, p, 't/x')
    mkdir(h, p, 't/y')
    wr(h, p, 'cgroup.subtree_control', '+pids')
    wr(h, p, 't/cgroup.subtree_control', '+pids') // a threaded controller: allowed in a thread root
    expect(rd(h, p, 't/y/cgroup.type')).toBe('domain\n')
    wr(h, p, 't/x/cgroup.type', 'threaded')
    expect(rd(h, p, 't/y/cgroup.type')).toBe('domain invalid\n')
    expect(wr(h, p, 't/y/cgroup.procs', String(p))).toBe(-E.EOPNOTSUPP)
    expect(wr(h, p, 't/y/cgroup.subtree_control', '+pids')).toBe(-E.EOPNOTSUPP)
    expect(wr(h, p, 't/x/cgroup.procs', String(p))).toBe(-E.EOPNOTSUPP) // cgroup.procs of a threaded cgroup
    expect(wr(h, p, 't/y/cgroup.type', 'threaded')).toBeGreaterThan(0)
    expect(rd(h, p, 't/y/cgroup.type')).toBe('threaded\n')
    // Children of the root stay valid domains: the root cgroup is mixable.
    mkdir(h, p, 'u')
    expect(rd(h, p, 'u/cgroup.type')).toBe('domain\n')
  })

  it('cgroup.max.depth 0 makes mkdir EAGAIN; -1 is ERANGE (§3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'd')
    expect(wr(h, p, 'd/cgroup.max.depth', '0')).toBeGreaterThan(0)
    expect(mkdir(h, p, 'd/x')).toBe(-E.EAGAIN)
    expect(wr(h, p, 'd/cgroup.max.depth', '-1')).toBe(-E.ERANGE)
    expect(wr(h, p, 'd/cgroup.max.depth', 'max')).toBeGreaterThan(0)
    expect(mkdir(h, p, 'd/x')).toBe(0)
  })

  it('cgroup.max.descendants counts the whole subtree (cgroup_check_hierarchy_limits)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'd')
    wr(h, p, 'd/cgroup.max.descendants', '2')
    expect(mkdir(h, p, 'd/a')).toBe(0)
    expect(mkdir(h, p, 'd/a/b')).toBe(0)
    expect(mkdir(h, p, 'd/c')).toBe(-E.EAGAIN)
    expect(rd(h, p, 'd/cgroup.stat')).toMatch(/^nr_descendants 2\n/)
  })

  it('cgroup.stat: nr_descendants, nr_subsys_<ss>, nr_dying_descendants (6.x order)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'a')
    expect(rd(h, p, 'a/cgroup.stat')).toBe(
      'nr_descendants 0\nnr_subsys_cpu 1\nnr_subsys_io 1\nnr_subsys_memory 1\nnr_subsys_pids 1\n' +
      'nr_dying_descendants 0\nnr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_memory 0\nnr_dying_subsys_pids 0\n',
    )
  })

  it('cgroup.freeze: 2 is ERANGE; a frozen cgroup\'s tasks do not run until thawed', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'f')
    expect(wr(h, p, 'f/cgroup.freeze', '2')).toBe(-E.ERANGE)
    expect(wr(h, p, 'f/cgroup.freeze', '1')).toBeGreaterThan(0)
    expect(rd(h, p, 'f/cgroup.events')).toBe('populated 0\nfrozen 1\n')
    const q = h.spawn()
    move(h, p, q, 'f')
    expect(h.call(q, 'getpid')).toBe(PENDING) // parked: it does not run
    expect(wr(h, p, 'f/cgroup.freeze', '0')).toBeGreaterThan(0)
    h.settle()
    expect(h.result(q)).toBe(q)
    expect(rd(h, p, 'f/cgroup.events')).toBe('populated 1\nfrozen 0\n')
  })

  it('cgroup.kill: SIGKILLs every process of the subtree; 2 is ERANGE (§3.3a)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'k')
    mkdir(h, p, 'k/in')
    const a = h.spawn()
    const b = h.spawn()
    move(h, p, a, 'k')
    move(h, p, b, 'k/in')
    expect(wr(h, p, 'k/cgroup.kill', '2')).toBe(-E.ERANGE)
    expect(wr(h, p, 'k/cgroup.kill', '1')).toBeGreaterThan(0)
    expect(h.k.task(a)?.state ?? 'gone').toMatch(/Z|gone/)
    expect(h.k.task(b)?.state ?? 'gone').toMatch(/Z|gone/)
    expect(h.k.task(a)?.exitStatus ?? 9).toBe(9)
    expect(rd(h, p, 'k/cgroup.events')).toBe('populated 0\nfrozen 0\n')
  })
})
