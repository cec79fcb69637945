// Where things sit in a VMM process's virtual address space, as
// /proc/<pid>/maps shows it: the binary's text, its heap (where the device
// models live) and the guest's RAM, which the VMM mmap()s and hands to KVM
// (KVM_SET_USER_MEMORY_REGION). The guest's RAM is therefore plain memory of
// this host process: whoever can read the process's memory reads the guest.
//
// SIMPLIFICATION: one fixed layout (no ASLR), so an exploit needs no info leak.

/** qemu-system-x86_64's text segment (a PIE binary's usual base under a 47-bit layout). */
export const VMM_TEXT = 0x5555_5555_4000
export const VMM_TEXT_LEN = 0xa0_0000
/** The heap right after the binary (brk). */
export const VMM_HEAP = 0x5555_5700_0000
export const VMM_HEAP_LEN = 0x40_0000
/** Guest RAM: one anonymous mapping at this host virtual address. */
export const GUEST_RAM_HVA = 0x7f3a_0000_0000

export interface VmmRegion {
  start: number
  end: number
  perms: string
  name: string
}

/** The VMM's mappings for a guest of `ramBytes` (QEMU's "pc.ram" block is the anonymous one). */
export function vmmRegions(binary: string, ramBytes: number): VmmRegion[] {
  return [
    { start: VMM_TEXT, end: VMM_TEXT + VMM_TEXT_LEN, perms: 'r-xp', name: binary },
    { start: VMM_HEAP, end: VMM_HEAP + VMM_HEAP_LEN, perms: 'rw-p', name: '[heap]' },
    { start: GUEST_RAM_HVA, end: GUEST_RAM_HVA + ramBytes, perms: 'rw-p', name: '' },
    { start: 0x7ffd_5f1c_9000, end: 0x7ffd_5f1e_a000, perms: 'rw-p', name: '[stack]' },
  ]
}

/** A guest-physical address for a host virtual address inside the guest-RAM mapping, else undefined. */
export function hvaToGpa(hva: number, ramBytes: number): number | undefined {
  const off = hva - GUEST_RAM_HVA
  return off >= 0 && off < ramBytes ? off : undefined
}
