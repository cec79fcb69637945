// The IOMMU (Intel VT-d "DMAR"): a device assigned to a VM can reach only that
// VM's guest-physical memory. DMA to any other address faults, is logged as
// intel-iommu logs it, and moves no data.
import type { Kernel } from '../kernel/kernel.ts'
import { printkRatelimited } from '../kernel/log.ts'
import { guestWrite, guestRead, type Ept, type PhysMem } from './memory.ts'

export interface DmaResult {
  ok: boolean
  data?: Uint8Array
}

/** One IOMMU domain per VM: the VM's memslots, shared with its EPT. */
export class IommuDomain {
  faults = 0

  constructor(private readonly host: Kernel, private readonly mem: PhysMem, private readonly ept: Ept) {}

  /** A device writes into guest memory (e.g. virtio-blk completing a read). */
  dmaWrite(bdf: string, gpa: number, data: Uint8Array): DmaResult {
    const r = guestWrite(this.mem, this.ept, gpa, data)
    if (r.ok) return { ok: true }
    this.fault(bdf, 'Write', r.gpa, 'PTE Write access is not set', 0x05)
    return { ok: false }
  }

  /** A device reads guest memory (e.g. virtio-net transmitting a buffer). */
  dmaRead(bdf: string, gpa: number, len: number): DmaResult {
    const r = guestRead(this.mem, this.ept, gpa, len)
    if (r.ok) return { ok: true, data: r.data }
    this.fault(bdf, 'Read', r.gpa, 'PTE Read access is not set', 0x06)
    return { ok: false }
  }

  private fault(bdf: string, kind: string, addr: number, why: string, code: number): void {
    this.faults++
    const hex = `0x${code.toString(16).padStart(2, '0')}`
    printkRatelimited(this.host, `dmar:${bdf}`, `DMAR: [DMA ${kind} NO_PASID] Request device [${bdf}] fault addr 0x${addr.toString(16)} [fault reason ${hex}] ${why}`)
  }
}
