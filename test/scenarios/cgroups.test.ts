// The noisy-neighbour scenarios (scenarios/cgroups/*.yaml) played as
// `isolab scenario run NAME` plays them: the narrated transcript against
// golden/cgroups-NAME.txt, plus the numbers each one exists to show.
// Update with `npx vitest run test/scenarios/cgroups.test.ts -u` and review the diff.
import { describe, expect, it } from 'vitest'
import { played } from './play.ts'

const cg = (name: string) => played(`cgroups/${name}`)
/** "1920 units" → 1920, "8329 IOPS" → 8329, from one step's output. */
const units = (out: string) => Number(/cpuburn: (\d+) units/.exec(out)![1])
const iops = (out: string) => Number(/(\d+) IOPS/.exec(out)![1])

describe('noisy-neighbour scenarios (seed: "one bad citizen can slow everyone down ... use resource limits (cgroups)")', () => {
  it('fork bomb: without a limit the neighbour cannot fork; pids.max contains the bomb', async () => {
    const p = cg('fork-bomb')
    expect(p.result.ok).toBe(true)
    expect(p.out('unlimited')).toContain('forkbomb --probe: fork() failed: Resource temporarily unavailable')
    expect(p.out('limited')).toContain('forkbomb --probe: fork() succeeded')
    expect(p.out('limited')).toContain('tenant A peak processes: 100, pids.events: max 100')
    expect(p.out('limited')).toContain('kernel log: cgroup: fork rejected by pids controller in /tenant-a')
    await expect(p.transcript).toMatchFileSnapshot('golden/cgroups-fork-bomb.txt')
  }, 60_000)

  it('memory hog: the host-wide OOM killer kills the bystander; memory.max kills inside the hog\'s cgroup', async () => {
    const p = cg('memory-hog')
    expect(p.result.ok).toBe(true)
    expect(p.out('unlimited')).toContain('tenant B database: killed (exit status 137)')
    expect(p.out('unlimited')).toContain('global_oom,task_memcg=/tenant-b')
    expect(p.out('limited')).toContain('tenant A job: exit status 137\ntenant B database: survived\n')
    expect(p.out('limited')).toMatch(/Memory cgroup out of memory: Killed process \d+ \(memhog\)/)
    await expect(p.transcript).toMatchFileSnapshot('golden/cgroups-memory-hog.txt')
  }, 60_000)

  it('CPU burner: halves the neighbour\'s progress; cpu.max gives it back', async () => {
    const p = cg('cpu-burner')
    expect(p.result.ok).toBe(true)
    const [alone, shared, limited] = [units(p.out('alone')), units(p.out('shared')), units(p.out('limited'))]
    expect(alone).toBe(2000)
    expect(shared / alone).toBeCloseTo(0.5, 1)
    expect(limited / alone).toBeGreaterThan(0.9)
    await expect(p.transcript).toMatchFileSnapshot('golden/cgroups-cpu-burner.txt')
  }, 60_000)

  it('socket flood: without a limit the neighbour gets ENFILE; memory.max stops the flood before fs.file-max', async () => {
    const p = cg('socket-flood')
    expect(p.result.ok).toBe(true)
    expect(p.out('unlimited')).toContain('fdflood: opened 0 sockets; socket(AF_INET, SOCK_STREAM) failed: Too many open files in system (ENFILE)')
    expect(p.out('limited')).toContain('tenant A flood: exit status 137')
    expect(p.out('limited')).toContain('oom_kill 1')
    expect(p.out('limited')).toContain('fdflood: opened 10 sockets\n')
    expect(Number(/memory.peak: (\d+)/.exec(p.out('limited'))![1])).toBeLessThanOrEqual(16 * 2 ** 20)
    await expect(p.transcript).toMatchFileSnapshot('golden/cgroups-socket-flood.txt')
  }, 60_000)

  it('disk hog: the neighbour\'s IOPS collapse behind big writes; io.max restores them', async () => {
    const p = cg('disk-hog')
    expect(p.result.ok).toBe(true)
    const [alone, shared, limited] = [iops(p.out('alone')), iops(p.out('shared')), iops(p.out('limited'))]
    expect(shared * 20).toBeLessThan(alone)
    expect(limited / alone).toBeGreaterThan(0.8)
    await expect(p.transcript).toMatchFileSnapshot('golden/cgroups-disk-hog.txt')
  }, 60_000)
})
