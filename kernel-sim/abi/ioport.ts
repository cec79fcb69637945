// x86 port I/O (ioperm(2), iopl(2), outb(2)) and KVM's port-I/O exit
// (Documentation/virt/kvm/api.rst, "KVM_EXIT_IO").

/** Ports ioperm(2) can grant: the whole 16-bit I/O space (IO_BITMAP_BITS, arch/x86/include/asm/processor.h). */
export const IO_BITMAP_BITS = 65536

/** struct kvm_run.exit_reason for a guest IN/OUT instruction (include/uapi/linux/kvm.h). */
export const KVM_EXIT_IO = 2
export const KVM_EXIT_IO_IN = 0
export const KVM_EXIT_IO_OUT = 1

/** One guest port access as KVM_RUN reports it to the VMM (kvm_run.io). */
export interface KvmIoExit {
  exit: typeof KVM_EXIT_IO
  direction: typeof KVM_EXIT_IO_IN | typeof KVM_EXIT_IO_OUT
  port: number
  size: 1
  /** The byte written (OUT); 0 for IN. */
  data: number
}

/** The PC floppy disk controller's register block (Intel 82078): base 0x3f0, data FIFO at base + 5. */
export const FDC_BASE = 0x3f0
export const FDC_MSR = 0x3f4
export const FDC_FIFO = 0x3f5
