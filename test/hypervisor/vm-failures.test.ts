// Guest failures stay inside the VM (the seed: "if the guest OS is
// compromised, the hypervisor still protects other VMs"): a guest kernel
// panic or a fork bomb takes down or hogs only that VM; the host and the other
// VMs go on, and the VM can be started again.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function twoVms() {
  const m = new Machine({ seed: 7 })
  const r = m.runScript('vm create a --image alpine --memory 256M; vm create b --image alpine --memory 256M; vm start -q a; vm start -q b')
  expect(r.status).toBe(0)
  return m
}

describe('guest failures', () => {
  it('a guest kernel panic crashes only that VM (panic on its console); it can be restarted', () => {
    const m = twoVms()
    const a = m.hypervisor.vms.get('a')!
    a.run!.guest!.panic('Attempted to kill init! exitcode=0x0000000b')
    m.runScript('vm exec a -- true') // the exec wakes the vCPU, which finds the panicked kernel
    const r = m.runScript('vm list; vm exec b -- hostname; echo host ok')
    expect(r.stdout).toMatch(/^a\s+crashed\s/m)
    expect(r.stdout).toMatch(/^b\s+running\s/m)
    expect(r.stdout).toContain('b\nhost ok\n')
    expect(a.console.text).toContain('Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n---[ end Kernel panic')
    expect(m.runScript('ps -e').stdout.match(/qemu-system-x86/g)).toHaveLength(1) // a's VMM is gone
    const again = m.runScript('vm start -q a; vm exec a -- hostname')
    expect(again.stdout).toMatch(/started in .*\na\n$/)
  })

  it('a killed VMM leaves its VM crashed, not the others', () => {
    const m = twoVms()
    const pid = m.hypervisor.vms.get('a')!.run!.vmmPid
    const r = m.runScript(`kill -9 ${pid}; vm list; vm exec b -- hostname`)
    expect(r.stdout).toMatch(/^a\s+crashed\s/m)
    expect(r.stdout).toMatch(/b\n$/)
  })

  it('a runaway loop in VM a is cut off with its session; VM b and the host go on', () => {
    // SIMPLIFICATION: a real fork bomb in a 256M guest takes minutes of wall time in the simulator
    // (thousands of guest tasks); a CPU-bound loop shows the same containment faster.
    const m = twoVms()
    const g = m.hypervisor.vms.get('a')!.run!.guest!
    const before = g.s.tasks.size
    const spin = m.runScript('vm exec a -- "yes > /dev/null"', { maxSteps: 20_000 })
    expect(spin.status).toBe(124) // the host's step budget counts the guest's work too
    const r = m.runScript('vm exec b -- hostname; echo host ok')
    expect(r.stdout).toBe('b\nhost ok\n')
    m.runScript('true')
    expect(g.s.tasks.size).toBe(before) // the orphaned loop was hung up, as sshd does when a connection drops
  })
})
