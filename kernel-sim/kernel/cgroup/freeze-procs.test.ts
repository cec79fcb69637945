// Two things a container's view of its cgroup depends on:
//  - cgroup.procs lists members by task_pid_vnr (kernel/cgroup/cgroup.c
//    cgroup_procs_show): pids in the reader's pid namespace, 0 for a member the
//    reader cannot see;
//  - a frozen task sleeps in do_freezer_trap (kernel/signal.c,
//    TASK_INTERRUPTIBLE|TASK_FREEZABLE): "S" in /proc, even a CPU-bound one.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWPID, E } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

describe('cgroup.procs in a pid namespace', () => {
  it('shows members with the reader\'s pids: 1 for the namespace\'s init, 0 for the parent outside it', () => {
    const h = harness()
    const p = h.spawn()
    expect(mkdir(h, p, 'box')).toBe(0)
    expect(move(h, p, p, 'box')).toBeGreaterThan(0)
    const c = h.fork(p, CLONE_NEWPID)
    expect(c).toBeGreaterThan(0)
    expect(rd(h, p, 'box/cgroup.procs')).toBe(`${p}\n${c}\n`)
    expect(rd(h, c, 'box/cgroup.procs')).toBe('0\n1\n')
    expect(rd(h, c, 'box/cgroup.threads')).toBe('0\n1\n')
  })

  it('a pid written to cgroup.procs is read in the writer\'s pid namespace (cgroup_procs_write: find_task_by_vpid)', () => {
    const h = harness()
    const p = h.spawn()
    expect(mkdir(h, p, 'a')).toBe(0)
    expect(mkdir(h, p, 'b')).toBe(0)
    expect(move(h, p, p, 'a')).toBeGreaterThan(0)
    const c = h.fork(p, CLONE_NEWPID)
    // "1" inside the namespace is c itself, not the host's init
    expect(wr(h, c, 'b/cgroup.procs', '1\n')).toBeGreaterThan(0)
    expect(rd(h, p, 'b/cgroup.procs')).toBe(`${c}\n`)
    expect(rd(h, p, '/proc/1/cgroup')).toBe('0::/\n')
    // a pid that does not exist in the writer's namespace: ESRCH
    expect(wr(h, c, 'a/cgroup.procs', `${p}\n`)).toBe(-E.ESRCH)
  })
})

describe('cgroup.freeze', () => {
  it('a runnable task of a frozen cgroup is parked in S (do_freezer_trap), and runs again on thaw', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.spawn()
    expect(mkdir(h, p, 'box')).toBe(0)
    expect(move(h, p, c, 'box')).toBeGreaterThan(0)
    expect(wr(h, p, 'box/cgroup.freeze', '1')).toBeGreaterThan(0)
    h.k.sched.makeRunnable(c) // as if it were burning CPU when the freeze came
    h.settle()
    expect(rd(h, p, `/proc/${c}/status`)).toMatch(/^State:\tS \(sleeping\)$/m)
    expect(rd(h, p, 'box/cgroup.events')).toBe('populated 1\nfrozen 1\n')
    expect(wr(h, p, 'box/cgroup.freeze', '0')).toBeGreaterThan(0)
    expect(h.call(c, 'getpid')).toBe(c) // thawed: it runs and answers
  })
})
