// The VM scenarios (scenarios/vm/*.yaml) played as `isolab scenario run NAME`
// plays them: the narrated transcript byte for byte against golden/vm-NAME.txt,
// plus what each one exists to show. Update with
// `npx vitest run test/scenarios/vm-scenarios.test.ts -u` and review the diff.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { played } from './play.ts'

const NAMES = ['ept-boundary', 'startup', 'density'] as const
const vmS = (name: string) => played(`vm/${name}`)

describe('VM scenarios (golden)', () => {
  it.each(NAMES)('%s: every expectation holds; the transcript is the golden one', async (name) => {
    const p = vmS(name)
    expect(p.result.ok).toBe(true)
    await expect(p.transcript).toMatchFileSnapshot(`golden/vm-${name}.txt`)
  })

  it('ept-boundary: VM1 never sees the secret, the EPT violation is denied and logged; VMs keep their own file-max', () => {
    const p = vmS('ept-boundary')
    expect(p.out('secret')).toContain('|VM2-SECRET......|')
    expect(p.out('same-address')).not.toContain('VM2-SECRET')
    expect(p.out('beyond')).toContain("memread: read at 0x10000000: Bad address (EPT violation: not this VM's memory; the hypervisor denied it)\nmemread exit status 1\n")
    expect(p.out('beyond')).toContain('host kernel log: EPT violation: read at GPA 0x10000000 outside the memory of VM vm1')
    expect(p.out('contrast')).toContain('container B sees file-max 500000\nvm1 set its file-max to 1234\nvm2 sees file-max 26214\n')
  })

  it('startup: side by side, a container in 100-500 ms, a full VM in 30-60 s, a microVM in about 125 ms', () => {
    const table = vmS('startup').out('side-by-side')
    const secs = (what: string) => { const m = new RegExp(`^${what} +0m([\\d.]+)s$`, 'm').exec(table)!; return Number(m[1]) }
    expect(secs('container')).toBeGreaterThanOrEqual(0.1)
    expect(secs('container')).toBeLessThanOrEqual(0.5)
    expect(secs('vm')).toBeGreaterThanOrEqual(30)
    expect(secs('vm')).toBeLessThanOrEqual(60)
    expect(secs('microvm')).toBeGreaterThanOrEqual(0.099)
    expect(secs('microvm')).toBeLessThanOrEqual(0.151)
    // while running, the microVM's VMM holds tens of MB; the container about one
    expect(vmS('startup').out('cost')).toMatch(/^fc1 +running +128M +\d+M /m)
    expect(vmS('startup').out('cost')).toMatch(/^container c1: [\d.]+MiB \//m)
  })

  it('density: counts inside the seed\'s 4-10 VMs and 100-1000 containers', () => {
    const out = vmS('density').out('pack')
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
