// density, cost and advise (issue 14): counts come from packing measured
// parts, not from the seed's ranges; the advisor gives the seed's answers to
// its own examples, with reasons that quote this machine's figures.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { advise, DEFAULT_ANSWERS, type Answers, type Figures } from '../../src/programs/advise/core.ts'
import { computeDensity, DENSITY_DEFAULTS, type DensityOptions } from '../../src/programs/density/density.ts'
import { costRows } from '../../src/programs/density/cost.ts'
import { GiB, hostBudget, MiB, type ContainerParts, type HostParts } from '../../src/programs/density/pack.ts'

const count = (out: string, what: RegExp) => Number(what.exec(out)![1])

describe('density: packing a host from measured parts', () => {
  const m = new Machine()
  const r = m.runScript('density --host-memory 32G; echo ===; density --host-memory 32G --workload 200M', { maxSteps: 50_000_000 })
  const [small, big] = r.stdout.split('===\n') as [string, string]

  it('32 GiB: VMs in the seed\'s 4-10, containers in its 100-1000 for a small workload, and what ran out first', () => {
    expect(r.stderr).toBe('')
    expect(count(small, /^VMs \(.*\): (\d+)$/m)).toBeGreaterThanOrEqual(4)
    expect(count(small, /^VMs \(.*\): (\d+)$/m)).toBeLessThanOrEqual(10)
    expect(count(small, /^containers: (\d+)$/m)).toBeGreaterThanOrEqual(100)
    expect(count(small, /^containers: (\d+)$/m)).toBeLessThanOrEqual(1000)
    expect(small).toMatch(/ran out first: host memory: not enough host memory: it needs/)
    expect(small).toMatch(/ran out first: host memory: Out of memory \(the next container needs/)
  })

  it('a bigger workload means fewer containers and a smaller containers-to-VMs ratio', () => {
    const ratio = (o: string) => Number(/^containers per VM: ([\d.]+) : 1/m.exec(o)![1])
    expect(count(big, /^containers: (\d+)$/m)).toBeLessThan(count(small, /^containers: (\d+)$/m))
    expect(ratio(big)).toBeLessThan(ratio(small))
  })

  it('bad sizes are clear errors', () => {
    const e = new Machine().runScript('density --workload lots; echo $?')
    expect(e.stderr).toContain("density: invalid workload 'lots' (a size such as 512M or 32G)")
    expect(e.stdout).toBe('1\n')
  })
})

describe('density: the counts follow from the parts', () => {
  const host: HostParts = { memoryBytes: 32 * GiB, kernelBytes: 608 * MiB, baseBytes: 4 * MiB, pidMax: 32768, tasksNow: 10 }
  const ct: ContainerParts = { process: MiB, shim: 2 * MiB, kernel: 64 * 1024, cache: 32 * 1024, tasks: 3 }
  const d = (o: Partial<DensityOptions> = {}) => computeDensity({ ...DENSITY_DEFAULTS, ...o }, host, ct)

  it('containers: as many as (budget / (workload + shim + kernel objects + cache)) — the next one is OOM', () => {
    const r = d()
    const each = 50 * MiB + ct.shim + ct.kernel + ct.cache
    expect(r.containers.count).toBe(Math.floor(hostBudget(host) / each))
    expect(r.containers.each).toBe(each)
  })

  it('a bigger VM kernel means fewer right-sized VMs; KSM sharing its text means more', () => {
    const base = d().vmsFit.count
    expect(d({ kernelBytes: 120 * MiB }).vmsFit.count).toBeLessThan(base)
    expect(d({ ksm: true }).vmsFit.count).toBeGreaterThan(base)
    expect(d({ vmMemory: 8 * GiB }).vms.count).toBeLessThan(d().vms.count)
  })

  it('pid_max runs out first when the tasks do (each container needs its tasks)', () => {
    const r = computeDensity({ ...DENSITY_DEFAULTS, workload: MiB }, { ...host, pidMax: 600 }, ct)
    expect(r.containers.ranOut).toMatch(/^pids: fork: Resource temporarily unavailable \(pid_max 600/)
    expect(r.containers.count).toBe(Math.floor((600 - 10) / 3))
  })

  it('cost: hosts = ceil(tenants / per host); money per tenant follows', () => {
    const rows = costRows(d(), 100, 500)
    for (const row of rows) {
      expect(row.hosts).toBe(Math.ceil(100 / row.perHost))
      expect(row.monthly).toBe(row.hosts * 500)
    }
    expect(rows[0]!.perTenant).toBeGreaterThan(rows[2]!.perTenant)
  })
})

describe('advise: the seed\'s answers to its own examples', () => {
  const f: Figures = { containerStartNs: 276e6, vmBootNs: 30e9, microvmBootNs: 121e6, vmOverheadBytes: 314 * MiB, containerOverheadBytes: 3 * MiB, vmsPerHost: 7, containersPerHost: 605 }
  const ask = (a: Partial<Answers>) => advise({ ...DEFAULT_ANSWERS, ...a }, f)

  it('multi-tenant SaaS running untrusted code: VMs, or microVMs when start-up or density matter', () => {
    expect(ask({ trust: 'untrusted' }).recommendation).toBe('VMs')
    expect(ask({ trust: 'untrusted', latency: 'ms' }).recommendation).toBe('microVMs')
    expect(ask({ trust: 'untrusted', density: true }).recommendation).toBe('microVMs')
  })
  it('a trusted microservice fleet: containers', () => {
    expect(ask({ trust: 'trusted', density: true, latency: 'ms', skills: 'containers' }).recommendation).toBe('containers')
  })
  it('Kubernetes on a cloud: containers inside VMs', () => {
    expect(ask({ kubernetes: true }).recommendation).toBe('containers inside VMs')
  })
  it('Windows plus Linux: VMs', () => {
    expect(ask({ os: 'mixed' }).recommendation).toBe('VMs')
    expect(ask({ os: 'windows', kubernetes: true }).recommendation).toBe('VMs')
  })
  it('every reason names a lab, and the recommendation quotes measured figures', () => {
    for (const a of [{ trust: 'untrusted' as const }, {}, { kubernetes: true }, { os: 'mixed' as const }]) {
      const r = ask(a)
      for (const x of r.reasons) expect(x.lab).toMatch(/^[a-z-]+$/)
      expect(r.reasons.map((x) => x.text).join(' ')).toMatch(/\d+(\.\d+)? (ms|s|MiB)\b/)
    }
  })

  it('the program: flags and --json answer without questions; figures are measured on this machine', () => {
    const r = new Machine().runScript('advise --trust untrusted --latency ms --json', { maxSteps: 50_000_000 })
    expect(r.stderr).toBe('')
    const j = JSON.parse(r.stdout) as { recommendation: string; figures: Figures; reasons: { lab: string }[] }
    expect(j.recommendation).toBe('microVMs')
    expect(j.figures.containerStartNs / 1e6).toBeGreaterThanOrEqual(100)
    expect(j.figures.containerStartNs / 1e6).toBeLessThanOrEqual(500)
    expect(j.figures.microvmBootNs).toBeLessThanOrEqual(150e6)
  })

  it('interactive: each question in turn; a wrong answer is asked again; end of input takes the defaults', () => {
    const r = new Machine().runScript('advise', { stdin: 'maybe\nuntrusted\n', maxSteps: 50_000_000 })
    expect(r.stdout).toContain('expected one of: trusted, untrusted')
    expect(r.stdout).toContain('Recommendation: VMs')
  })
})
