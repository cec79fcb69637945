// A boot's time is the sum of its steps' work (boot-plan.ts): every setting
// that changes the work changes the time, and the defaults land on the
// published calibration figures (Firecracker SPECIFICATION.md: <= 125 ms to
// the guest's /sbin/init; a full distribution under QEMU: about 30 s).
import { describe, expect, it } from 'vitest'
import type { VmSpec } from '../abi/index.ts'
import { bootConfigOf, consoleBytes, COST, planBoot, stageNs, STAGES } from './boot-plan.ts'
import { eptBytes, totalOverhead, vmOverhead } from './memory-overhead.ts'
import { GiB, MiB } from './vm-config.ts'

const spec = (o: Partial<VmSpec> = {}): VmSpec => ({ name: 'v', vcpus: 1, memoryBytes: 2 * GiB, image: 'ubuntu', profile: 'full', ...o })
const total = (o: Partial<VmSpec> = {}) => stageNs(planBoot(bootConfigOf(spec(o))), ...STAGES)

describe('boot plan: time from work', () => {
  it('an Ubuntu VM under QEMU with SeaBIOS, GRUB and an initramfs boots in about 30 s', () => {
    expect(total() / 1e9).toBeGreaterThanOrEqual(28)
    expect(total() / 1e9).toBeLessThanOrEqual(35)
  })

  it('a microVM reaches /sbin/init within 125 ms and is up within 150 ms (Firecracker SPECIFICATION.md)', () => {
    const plan = planBoot(bootConfigOf(spec({ profile: 'microvm', memoryBytes: 128 * MiB })))
    expect(stageNs(plan, 'allocate', 'firmware', 'bootloader', 'kernel', 'drivers', 'initramfs')).toBeLessThanOrEqual(125e6)
    expect(stageNs(plan, ...STAGES)).toBeLessThanOrEqual(150e6)
    expect(stageNs(plan, 'firmware')).toBe(0)
  })

  it('direct kernel boot skips SeaBIOS POST and GRUB; "quiet" removes the console bytes; both make the boot faster', () => {
    const base = total()
    expect(total({ firmware: 'none' })).toBeLessThan(base - COST.biosPost)
    expect(total({ cmdline: 'console=ttyS0 quiet' })).toBeLessThan(base)
    expect(consoleBytes(bootConfigOf(spec({ cmdline: 'console=ttyS0 quiet' })))).toBeLessThan(consoleBytes(bootConfigOf(spec())))
    expect(total({ firmware: 'none', cmdline: 'quiet' })).toBeLessThan(total({ firmware: 'none' }))
  })

  it('a bigger kernel, more units and a slower disk each cost time, by their work', () => {
    const base = total()
    const bigger = total({ kernelBytes: 28 * MiB }) - base
    // 14 MiB more to read from disk (200 MiB/s) and to decompress (80 MiB/s).
    expect(bigger).toBeCloseTo((14 * MiB / (200 * MiB) + 14 * MiB / COST.decompressBps) * 1e9, -3)
    expect(total({ units: 5 })).toBeLessThan(base)
    expect(total({ units: 30 })).toBeGreaterThan(base)
    expect(total({ diskBps: 20 * MiB })).toBeGreaterThan(base + 1e9)
  })

  it('every step says what work it stands for, and the userspace steps are the units', () => {
    const plan = planBoot(bootConfigOf(spec()))
    for (const s of plan) expect(s.why.length).toBeGreaterThan(0)
    expect(plan.filter((s) => s.stage === 'init').map((s) => s.unit)).toContain('snapd.service')
  })
})

describe('VM memory overhead: the sum of its parts', () => {
  it('a 2 GiB Ubuntu VM costs 250-800 MB beyond its application, as the seed says; a microVM far less', () => {
    const o = vmOverhead(bootConfigOf(spec()))
    expect(totalOverhead(o) / MiB).toBeGreaterThanOrEqual(250)
    expect(totalOverhead(o) / MiB).toBeLessThanOrEqual(800)
    expect(totalOverhead(vmOverhead(bootConfigOf(spec({ profile: 'microvm', memoryBytes: 128 * MiB })))) / MiB).toBeLessThan(64)
  })

  it('more RAM costs more EPT and struct page; a bigger kernel more kernel text; more units more services', () => {
    const o = vmOverhead(bootConfigOf(spec()))
    const big = vmOverhead(bootConfigOf(spec({ memoryBytes: 8 * GiB })))
    expect(big.virtualHardware - o.virtualHardware).toBe(eptBytes(8 * GiB) - eptBytes(2 * GiB))
    expect(big.guestKernel - o.guestKernel).toBe(6 * GiB / 64)
    expect(vmOverhead(bootConfigOf(spec({ kernelBytes: 28 * MiB }))).guestKernel).toBeGreaterThan(o.guestKernel)
    expect(vmOverhead(bootConfigOf(spec({ units: 3 }))).guestServices).toBeLessThan(o.guestServices)
  })

  it('EPT: 8 bytes per 4 KiB page of guest RAM (4 MiB for 2 GiB), plus the upper levels', () => {
    expect(eptBytes(2 * GiB)).toBeGreaterThanOrEqual(4 * MiB)
    expect(eptBytes(2 * GiB)).toBeLessThan(4.1 * MiB)
  })
})
