// Golden transcripts of the VM scenarios (scenarios/vm/*.sh): each script is
// run on a fresh machine (seed 1) and compared byte for byte with its golden
// file. Update with `npx vitest run test/scenarios -u` and review the diff.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const SCENARIOS = ['ept-boundary', 'startup', 'density'] as const

function runScenario(name: string) {
  const script = readFileSync(new URL(`../../scenarios/vm/${name}.sh`, import.meta.url), 'utf8')
  return new Machine({ seed: 1 }).runScript(script)
}

describe('VM scenarios (golden)', () => {
  it.each(SCENARIOS)('%s', async (name) => {
    const r = runScenario(name)
    expect(r.stderr.replace(/\n$/, '')).toBe(name === 'ept-boundary'
      ? "memread: read at 0x10000000: Bad address (EPT violation: not this VM's memory; the hypervisor denied it)" : '')
    await expect(r.stdout).toMatchFileSnapshot(`golden/vm-${name}.txt`)
  })

  it('ept-boundary: VM1 never sees the secret, the EPT violation is denied and logged', () => {
    const out = runScenario('ept-boundary').stdout
    expect(out.match(/VM2-SECRET/g)).toHaveLength(1) // only VM2's own read shows it
    expect(out).toContain('exit status 1')
    expect(out).toContain('EPT violation: read at GPA 0x10000000 outside the memory of VM vm1')
    expect(out).toContain('container B sees file-max 500000')
    expect(out).toMatch(/1234\n26214\n$/) // VM2's kernel kept its own file-max
  })

  it('startup: a full boot takes 30-60 s, a microVM about 125 ms, a process milliseconds', () => {
    const out = runScenario('startup').stdout
    const full = Number(/'web1' started in ([\d.]+)s/.exec(out)![1])
    const micro = Number(/'fc1' started in (\d+)ms/.exec(out)![1])
    expect(full).toBeGreaterThanOrEqual(30)
    expect(full).toBeLessThanOrEqual(60)
    expect(micro).toBeGreaterThanOrEqual(99)
    expect(micro).toBeLessThanOrEqual(151)
    const [a, b] = [...out.matchAll(/^([\d.]+) [\d.]+$/gm)].map((m) => Number(m[1]))
    expect(b! - a!).toBeLessThan(0.5)
  })

  it('density: counts inside the seed\'s 4-10 VMs and 100-1000 containers', () => {
    const out = runScenario('density').stdout
    const vms = Number(/^VMs \(.*\): (\d+)$/m.exec(out)![1])
    const cts = Number(/^containers: (\d+)$/m.exec(out)![1])
    expect(vms).toBeGreaterThanOrEqual(4)
    expect(vms).toBeLessThanOrEqual(10)
    expect(cts).toBeGreaterThanOrEqual(100)
    expect(cts).toBeLessThanOrEqual(1000)
  })

  it('console transcript (golden): attach, two commands, detach on end of input', async () => {
    const m = new Machine({ seed: 1 })
    const r = m.runScript("vm create web1 --image alpine --memory 256M; vm start -q web1; printf 'hostname\\nid -u\\n' | vm console web1")
    await expect(r.stdout).toMatchFileSnapshot('golden/vm-console.txt')
  })
})
