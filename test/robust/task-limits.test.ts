// Issue #15 part 3 item 1: subshell recursion must end at the kernel's task
// limits (threads-max, pid_max, RLIMIT_NPROC, pids.max) with fork(2)'s EAGAIN,
// as on Linux, long before the simulator's own heap runs out.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const MiB = 2 ** 20

describe('subshell recursion hits task limits, not the real heap', () => {
  // threads-max is RAM / (8 * THREAD_SIZE) (kernel/fork.c set_max_threads): 2048 tasks on 256 MiB; but
  // 256 MiB holds fewer shells than that, so fork(2) fails first with ENOMEM ("memory is tight").
  it('f(){ ( f ); }; f ends in "fork: Cannot allocate memory" (bash jobs.c make_child), status 254', () => {
    const m = new Machine({ memoryBytes: 256 * MiB })
    const heapBefore = process.memoryUsage().heapUsed
    const r = m.runScript('f(){ ( f ); }; f; echo $?', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('254\n')
    expect(r.stderr).toContain('bash: fork: Cannot allocate memory\n')
    expect(m.kernel.s.tasks.size).toBeLessThan(5) // everything unwound
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * MiB)
  })
  it('f(){ $(f); }; f (recursion through command substitution) ends the same way', () => {
    const m = new Machine({ memoryBytes: 256 * MiB })
    const r = m.runScript('f(){ $(f); }; f; echo $?', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('254\n')
    expect(r.stderr).toContain('bash: fork: Cannot allocate memory\n')
  })
  it('a pids.max of 20 stops it at 20 tasks', () => {
    const m = new Machine({ memoryBytes: 256 * MiB })
    const r = m.runScript('mkdir /sys/fs/cgroup/t; echo 20 > /sys/fs/cgroup/t/pids.max; echo $$ > /sys/fs/cgroup/t/cgroup.procs; f(){ ( f ); }; f; echo $?; cat /sys/fs/cgroup/t/pids.events', { maxSteps: 50_000_000 })
    expect(r.stdout).toMatch(/^254\nmax [1-9]\d*\n$/)
  })
})
