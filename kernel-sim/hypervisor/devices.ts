// The devices a VMM emulates for its guest (QEMU's hw/, Firecracker's devices/):
// each is a small object with a bus address and `read`/`write` on its
// registers. Device DMA into guest memory goes through the IOMMU
// (iommu.ts), never straight to host memory.
//
// SIMPLIFICATION: registers are modelled only as far as the boot log and the
// labs need them; data moves in whole requests, not descriptor rings.
import type { VmProfile } from '../abi/index.ts'

export interface Device {
  /** PCI address as lspci prints it (00:04.0), or the ISA port for legacy devices. */
  readonly bdf: string
  readonly name: string
  /** The guest driver's boot line for this device (printk, as the real driver prints it). */
  probeLine(ramBytes: number, diskBytes: number): string
  read(offset: number): number
  write(offset: number, value: number): void
}

/** virtio-blk: the VM's disk (/dev/vda). */
function virtioBlk(bdf: string, mmio: boolean): Device {
  return {
    bdf, name: 'virtio-blk',
    probeLine: (_ram, disk) => `virtio_blk virtio${mmio ? 0 : 1}: [vda] ${Math.floor(disk / 512)} 512-byte logical blocks (${(disk / 1e9).toFixed(1)} GB/${(disk / 2 ** 30).toFixed(1)} GiB)`,
    read: () => 0,
    write: () => {},
  }
}

/** virtio-net: the VM's NIC. */
function virtioNet(bdf: string, mmio: boolean): Device {
  return {
    bdf, name: 'virtio-net',
    probeLine: () => `virtio_net virtio${mmio ? 1 : 0} ${mmio ? 'eth0' : 'enp0s3'}: renamed from eth0`,
    read: () => 0,
    write: () => {},
  }
}

/** The 16550A UART behind the serial console (ttyS0). */
function serial(): Device {
  return {
    bdf: 'isa:0x3f8', name: 'serial',
    probeLine: () => 'serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A',
    read: () => 0x60, // LSR: transmitter empty
    write: () => {},
  }
}

/**
 * The legacy floppy disk controller (Intel 82078) at ISA port 0x3f0: the PC
 * machine type has it even with no drive. Its registers are emulated in the
 * VMM process (fdc.ts, run by src/programs/vm/pio.ts), where VENOM lives.
 */
function floppyController(): Device {
  return {
    bdf: 'isa:0x3f0', name: 'fdc',
    probeLine: () => 'Floppy drive(s): fd0 is 2.88M AT',
    read: () => 0x80, // MSR: ready
    write: () => {},
  }
}

/** The device model of a profile: QEMU's PC (PCI + ISA legacy) or Firecracker's minimal virtio-mmio set. */
/** The machine types' devices: stateless models, one set shared by every VM of a type (each VM start asks). */
const MODELS: Record<VmProfile, readonly Device[]> = {
  microvm: [virtioBlk('mmio:0xd0000000', true), virtioNet('mmio:0xd0001000', true), serial()],
  full: [virtioNet('00:03.0', false), virtioBlk('00:04.0', false), serial(), floppyController()],
}

export function deviceModel(profile: VmProfile): readonly Device[] {
  return MODELS[profile] ?? MODELS.full
}
