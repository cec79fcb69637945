// Guest memory isolation (the seed: "EPT/NPT provide CPU-level memory
// virtualization"; "the hypervisor blocks it (different emulated address
// spaces)"): random guest-physical reads and writes by one VM never observe or
// change another VM's memory or the host's.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Ept, FrameAllocator, guestRead, guestWrite, PAGE, PhysMem } from './memory.ts'
import { IommuDomain } from './iommu.ts'
import { harness } from '../testing/harness.ts'

const FRAMES = 64 // 256 KiB per VM keeps the property fast

function setup() {
  const mem = new PhysMem()
  const frames = new FrameAllocator(16, 16 + 3 * FRAMES) // frames 0-15: the host kernel's
  const b1 = frames.alloc(FRAMES)!
  const b2 = frames.alloc(FRAMES)!
  const vm1 = new Ept([{ gfnBase: 0, frames: FRAMES, hfnBase: b1 }])
  const vm2 = new Ept([{ gfnBase: 0, frames: FRAMES, hfnBase: b2 }])
  return { mem, vm1, vm2, b2 }
}

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))
const SECRET = bytes('VM2-SECRET')
const HOST = bytes('HOST-KEY')

type Op = { write: boolean; gpa: number; len: number; v: number }
const opArb: fc.Arbitrary<Op> = fc.record({
  write: fc.boolean(),
  gpa: fc.oneof(fc.nat(FRAMES * PAGE + 4 * PAGE), fc.nat(2 ** 40), fc.constantFrom(-1, 2 ** 53, FRAMES * PAGE - 1)),
  len: fc.integer({ min: 1, max: 32 }),
  v: fc.integer({ min: 0, max: 255 }),
})

describe('EPT isolation', () => {
  test.prop([fc.array(opArb, { maxLength: 80 })])('VM1 never observes or changes VM2\'s or the host\'s memory', (ops) => {
    const { mem, vm1, vm2 } = setup()
    guestWrite(mem, vm2, 0x1000, SECRET)
    const hostHpa = 5 * PAGE
    HOST.forEach((b, i) => mem.writeByte(hostHpa + i, b))
    for (const op of ops) {
      if (op.write) {
        const r = guestWrite(mem, vm1, op.gpa, new Uint8Array(op.len).fill(op.v))
        // all or nothing: an access that leaves the memslot writes nothing
        if (!r.ok) expect(op.gpa + op.len > FRAMES * PAGE || op.gpa < 0).toBe(true)
      } else {
        const r = guestRead(mem, vm1, op.gpa, op.len)
        if (r.ok) expect(String.fromCharCode(...r.data)).not.toContain('SECRET')
      }
    }
    const r2 = guestRead(mem, vm2, 0x1000, SECRET.length)
    expect(r2.ok && String.fromCharCode(...r2.data)).toBe('VM2-SECRET')
    expect([...HOST].every((b, i) => mem.readByte(hostHpa + i) === b)).toBe(true)
  })

  test.prop([fc.array(opArb, { maxLength: 60 })])('no DMA by VM1\'s devices (through its IOMMU domain) observes or changes VM2\'s or the host\'s memory', (ops) => {
    const { mem, vm1, vm2 } = setup()
    const k = harness().k
    const iommu = new IommuDomain(k, mem, vm1)
    guestWrite(mem, vm2, 0x1000, SECRET)
    const hostHpa = 5 * PAGE
    HOST.forEach((b, i) => mem.writeByte(hostHpa + i, b))
    let faults = 0
    for (const op of ops) {
      const r = op.write ? iommu.dmaWrite('00:04.0', op.gpa, new Uint8Array(op.len).fill(op.v)) : iommu.dmaRead('00:04.0', op.gpa, op.len)
      if (!r.ok) faults++
      if (r.data && !op.write) expect(String.fromCharCode(...r.data)).not.toContain('SECRET')
    }
    expect(iommu.faults).toBe(faults)
    const r2 = guestRead(mem, vm2, 0x1000, SECRET.length)
    expect(r2.ok && String.fromCharCode(...r2.data)).toBe('VM2-SECRET')
    expect([...HOST].every((b, i) => mem.readByte(hostHpa + i) === b)).toBe(true)
  })

  it('a DMA outside the domain faults and is logged as intel-iommu logs it (DMAR ... fault reason 0x05)', () => {
    const { mem, vm1 } = setup()
    const k = harness().k
    const iommu = new IommuDomain(k, mem, vm1)
    expect(iommu.dmaWrite('00:04.0', FRAMES * PAGE, new Uint8Array([1])).ok).toBe(false)
    expect(k.coarse.dmesg.at(-1)).toMatch(/DMAR: \[DMA Write NO_PASID\] Request device \[00:04\.0\] fault addr 0x40000 \[fault reason 0x05\] PTE Write access is not set/)
    expect(iommu.dmaWrite('00:04.0', 0x100, new Uint8Array([7])).ok).toBe(true)
    expect(guestRead(mem, vm1, 0x100, 1)).toEqual({ ok: true, data: new Uint8Array([7]) })
  })

  it('the same guest-physical address in two VMs is two different host frames', () => {
    const { mem, vm1, vm2 } = setup()
    guestWrite(mem, vm2, 0x1000, SECRET)
    const r = guestRead(mem, vm1, 0x1000, SECRET.length)
    expect(r.ok && [...r.data].every((b) => b === 0)).toBe(true)
    expect(vm1.translate(0x1000)).not.toBe(vm2.translate(0x1000))
  })

  it('an address past the end of guest RAM is a violation naming the first bad address', () => {
    const { mem, vm1 } = setup()
    expect(guestRead(mem, vm1, FRAMES * PAGE - 2, 4)).toEqual({ ok: false, gpa: FRAMES * PAGE })
    expect(vm1.translate(-1)).toBeUndefined()
  })

  it('EPT entries are filled on first touch (KVM maps pages on fault)', () => {
    const { vm1 } = setup()
    expect(vm1.mapped).toBe(0)
    vm1.translate(3 * PAGE + 7)
    vm1.translate(3 * PAGE + 9)
    expect(vm1.mapped).toBe(1)
    expect(vm1.faults).toBe(1)
  })

  it('freed frames are merged and scrubbed before reuse', () => {
    const mem = new PhysMem()
    const f = new FrameAllocator(0, 8)
    const a = f.alloc(4)!
    mem.writeByte(a * PAGE, 0x41)
    mem.scrub(a, 4)
    f.release(a, 4)
    expect(f.alloc(8)).toBe(0)
    expect(mem.readByte(a * PAGE)).toBe(0)
  })
})
