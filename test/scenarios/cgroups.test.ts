// Golden transcripts of the noisy-neighbour demonstrations (scenarios/cgroups/*.sh),
// run through Machine.runScript, plus the numbers each one exists to show.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function run(name: string) {
  const script = readFileSync(new URL(`../../scenarios/cgroups/${name}.sh`, import.meta.url), 'utf8')
  return new Machine({ seed: 1 }).runScript(script)
}

/** "1920 units" → 1920 from the n-th cpuburn line. */
const units = (out: string) => [...out.matchAll(/cpuburn: (\d+) units/g)].map((m) => Number(m[1]))
const iops = (out: string) => [...out.matchAll(/(\d+) IOPS/g)].map((m) => Number(m[1]))

describe('noisy-neighbour demonstrations (seed: "one bad citizen can slow everyone down ... use resource limits (cgroups)")', () => {
  it('fork bomb: without a limit the neighbour cannot fork; pids.max contains the bomb', async () => {
    const r = run('fork-bomb')
    const [without, withLimit] = r.stdout.split('== 2.')
    expect(without).toContain('forkbomb --probe: fork() failed: Resource temporarily unavailable')
    expect(withLimit).toContain('forkbomb --probe: fork() succeeded')
    expect(withLimit).toContain('tenant A peak processes: 100, pids.events: max 100')
    expect(withLimit).toContain('cgroup: fork rejected by pids controller in /tenant-a')
    await expect(r.stdout).toMatchFileSnapshot('golden/cgroups-fork-bomb.txt')
  }, 60_000)

  it('memory hog: the host-wide OOM killer kills the bystander; memory.max kills inside the hog\'s cgroup', async () => {
    const r = run('memory-hog')
    const [without, withLimit] = r.stdout.split('== 2.')
    expect(without).toContain('tenant B database: killed (exit status 137)')
    expect(without).toContain('global_oom,task_memcg=/tenant-b')
    expect(withLimit).toContain('tenant A job: exit status 137')
    expect(withLimit).toContain('tenant B database: survived')
    expect(withLimit).toMatch(/Memory cgroup out of memory: Killed process \d+ \(memhog\)/)
    await expect(r.stdout).toMatchFileSnapshot('golden/cgroups-memory-hog.txt')
  }, 60_000)

  it('CPU burner: halves the neighbour\'s progress; cpu.max gives it back', async () => {
    const r = run('cpu-burner')
    const [alone, shared, limited] = units(r.stdout)
    expect(alone).toBe(2000)
    expect(shared! / alone!).toBeCloseTo(0.5, 1)
    expect(limited! / alone!).toBeGreaterThan(0.9)
    await expect(r.stdout).toMatchFileSnapshot('golden/cgroups-cpu-burner.txt')
  }, 60_000)

  it('socket flood: without a limit the neighbour gets ENFILE; memory.max stops the flood before fs.file-max', async () => {
    const r = run('socket-flood')
    const [without, withLimit] = r.stdout.split('== 2.')
    expect(without).toContain('fdflood: opened 0 sockets; socket(AF_INET, SOCK_STREAM) failed: Too many open files in system (ENFILE)')
    expect(withLimit).toContain('tenant A flood: exit status 137')
    expect(withLimit).toContain('oom_kill 1')
    expect(withLimit).toContain('fdflood: opened 10 sockets\n')
    const peak = Number(/memory.peak: (\d+)/.exec(withLimit!)![1])
    expect(peak).toBeLessThanOrEqual(16 * 2 ** 20)
    await expect(r.stdout).toMatchFileSnapshot('golden/cgroups-socket-flood.txt')
  }, 60_000)

  it('disk hog: the neighbour\'s IOPS collapse behind big writes; io.max restores them', async () => {
    const r = run('disk-hog')
    const [alone, shared, limited] = iops(r.stdout)
    expect(shared! * 20).toBeLessThan(alone!)
    expect(limited! / alone!).toBeGreaterThan(0.8)
    await expect(r.stdout).toMatchFileSnapshot('golden/cgroups-disk-hog.txt')
  }, 60_000)
})
