// What a VM costs in memory beyond its application, as the sum of its parts
// (the seed's categories: "virtual hardware emulation, guest OS kernel, guest
// OS services, virtual drivers"):
// - virtual hardware: the VMM process's own RSS (its code, heap, device
//   emulation, the VGA framebuffer, firmware ROMs) plus the EPT that maps
//   guest RAM (one 8-byte entry per 4 KiB page, and the upper levels);
// - guest kernel: its text and data (the decompressed image), its struct page
//   array (64 bytes per 4 KiB page of guest RAM) and its boot-time slab;
// - guest services: the resident memory of every unit it starts;
// - virtual drivers: the guest's device drivers and their buffers, per device.
// The guest kernel, drivers and services live inside the VM's RAM (the guest's
// `free` shows them as used); the virtual hardware is on top of it in the VMM.
//
// Calibration: Firecracker's VMM "threads always have a memory overhead <= 5
// MiB" (SPECIFICATION.md); a QEMU process with a std VGA and SeaBIOS is about
// 40-60 MiB before guest RAM. The totals then fall where the parts put them
// (the seed says 250-800+ MB per VM).
import type { VmOverhead } from '../abi/index.ts'
import type { BootConfig } from './boot-plan.ts'
import { MiB } from './vm-config.ts'

const PAGE = 4096

export const MEM = {
  /** QEMU's own RSS: binary, libraries, heap, device models (before guest RAM). */
  qemuBase: 38 * MiB,
  /** QEMU's std VGA video RAM (-vga std: vgamem_mb=16). */
  vgaRam: 16 * MiB,
  /** SeaBIOS and the option ROMs QEMU maps for the guest. */
  firmwareRoms: 2 * MiB,
  /** Firecracker's VMM: "<= 5 MiB" (SPECIFICATION.md). */
  firecrackerBase: 4 * MiB,
  /** The decompressed kernel's text and data, per byte of compressed image (bzImage ratio about 2.5). */
  kernelExpand: 2.5,
  /** struct page: 64 bytes per 4 KiB page of RAM (mem_map), 1/64 of RAM. */
  structPagePerByte: 64 / PAGE,
  /** Slab and other boot-time kernel allocations: a full distribution kernel, a microVM kernel. */
  bootSlabFull: 48 * MiB,
  bootSlabMicro: 6 * MiB,
  /** A guest driver and its buffers (virtio rings, rx buffers, block queue), per device. */
  driverPerDevice: 6 * MiB,
  /** Drivers a distribution kernel loads beyond the devices (ACPI, input, graphics console). */
  driversBaseFull: 20 * MiB,
} as const

/** EPT size for `ram` bytes of guest RAM: 8 bytes per 4 KiB page, plus about 1/512 of that for the upper levels. */
export function eptBytes(ram: number): number {
  const pte = (ram / PAGE) * 8
  return Math.ceil((pte + pte / 512) / PAGE) * PAGE
}

/** The guest kernel's text and data: the decompressed image (a microVM boots it uncompressed). */
export function kernelTextBytes(c: BootConfig): number {
  return Math.round(c.kernelBytes * (c.profile === 'microvm' ? 1 : MEM.kernelExpand))
}

/** The VM's memory overhead by part, in bytes. */
export function vmOverhead(c: BootConfig): VmOverhead {
  const micro = c.profile === 'microvm'
  const devices = c.pciDevices + c.mmioDevices + (c.floppy ? 1 : 0)
  const vmm = micro ? MEM.firecrackerBase : MEM.qemuBase + MEM.vgaRam + (c.firmware === 'seabios' ? MEM.firmwareRoms : 0)
  const kernelText = kernelTextBytes(c)
  return {
    virtualHardware: vmm + eptBytes(c.memoryBytes),
    guestKernel: kernelText + Math.round(c.memoryBytes * MEM.structPagePerByte) + (micro ? MEM.bootSlabMicro : MEM.bootSlabFull),
    guestServices: c.units.reduce((a, u) => a + u.rssBytes, 0),
    virtualDrivers: devices * MEM.driverPerDevice + (micro ? 0 : MEM.driversBaseFull),
  }
}

export function totalOverhead(o: VmOverhead): number {
  return o.virtualHardware + o.guestKernel + o.guestServices + o.virtualDrivers
}
