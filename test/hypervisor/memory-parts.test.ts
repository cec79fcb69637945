// A VM's memory is the sum of its parts (kernel-sim/hypervisor/memory-overhead.ts),
// and the three places that show it agree: `vm stats`, the host's view of the
// VMM process (ps RSS of qemu-system-x86_64: guest RAM + virtual hardware), and
// `free` inside the guest (its kernel, drivers, units and application as used).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { memInfo } from '../../kernel-sim/index.ts'

const MiB = 2 ** 20

describe('VM memory: vm stats, the host and the guest agree', () => {
  const m = new Machine()
  m.runScript('vm create a --memory 2G >/dev/null; vm start -q a >/dev/null')
  const vm = m.hypervisor.vms.get('a')!
  const o = vm.overhead

  it("the host sees the VMM's RSS as guest RAM + virtual hardware (VMM, VGA, ROMs, EPT), as vm stats says", () => {
    const ps = m.runScript('ps -eo rss,comm | grep qemu').stdout.trim().split(/\s+/)
    expect(Number(ps[0]) * 1024).toBe(2 * 2 ** 30 + o.virtualHardware)
    const stats = m.runScript('vm stats').stdout
    expect(stats).toMatch(new RegExp(`^a +running +2G +${(2 + o.virtualHardware / 2 ** 30).toFixed(1)}G +${Math.round(o.virtualHardware / MiB)}M `, 'm'))
  })

  it("the guest's free shows its kernel, drivers, units and application as used", () => {
    const used = Number(m.runScript('vm exec a -- free -b').stdout.split('\n')[1]!.trim().split(/\s+/)[2])
    const parts = o.guestKernel + o.virtualDrivers + o.guestServices + 8 * MiB // + the application (stages.ts)
    expect(used).toBeGreaterThanOrEqual(parts)
    // The rest is the guest's own slab, page tables and the shells that ran: a few MiB, not a category of its own.
    expect(used - parts).toBeLessThan(32 * MiB)
    expect(Math.abs(memInfo(vm.run!.guest!).used - used)).toBeLessThan(4 * MiB)
  })
})
