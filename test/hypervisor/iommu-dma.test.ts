// Device DMA goes through the VM's IOMMU domain (Intel VT-d): virtio-blk
// writes a sector into the guest page the guest named; a page outside the
// VM's RAM is a DMAR fault, logged as intel-iommu logs it, and moves nothing.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

/** outb commands setting virtio-blk's QUEUE_PFN (BAR 0xc040 + 8, little-endian) then QUEUE_NOTIFY. */
const dma = (pfn: number) => [0, 1, 2, 3].map((i) => `outb ${0xc048 + i} ${(pfn >>> (8 * i)) & 0xff}`).join('; ') + '; outb 0xc050 0; inb 0xc053'

describe('virtio-blk DMA through the IOMMU', () => {
  it('inside the VM\'s RAM: the sector lands at the page the guest chose; ISR 1', () => {
    const m = new Machine()
    const r = m.runScript(`vm create a --image alpine --memory 256M; vm start -q a
vm exec a -- '${dma(0x1000)}; memread 0x1000000 19; memread 0x10001fe 2'`, { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('0x01\n01000000  49 53 4f 4c 41 42 2d 56  44 41 2d 53 45 43 54 4f  |ISOLAB-VDA-SECTO|')
    expect(r.stdout).toContain('010001fe  55 aa')
  })

  it('outside it (page 0x20000 = 512 MiB in a 256 MiB VM): a DMAR fault on the host, ISR 3, no data anywhere', () => {
    const m = new Machine()
    const r = m.runScript(`vm create a --image alpine --memory 256M; vm create b --image alpine --memory 256M; vm start -q a; vm start -q b
vm exec b -- 'memwrite 0x0 VM-B-DATA'
vm exec a -- '${dma(0x20000)}'
vm exec b -- 'memread 0x0 9'
dmesg | grep DMAR`, { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('0x03\n')
    expect(r.stdout).toContain('|VM-B-DATA|')
    expect(r.stdout).toMatch(/DMAR: \[DMA Write NO_PASID\] Request device \[00:04\.0\] fault addr 0x20000000 \[fault reason 0x05\] PTE Write access is not set/)
  })

  it('a microVM has no port-I/O virtio BAR (virtio-mmio): the ports read all ones', () => {
    const r = new Machine().runScript(`vm create f --image alpine --profile microvm; vm start -q f; vm exec f -- 'inb 0xc053'`, { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('0xff\n')
  })
})
