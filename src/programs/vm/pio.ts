// The VMM's port-I/O bus: what a vCPU does with a KVM_EXIT_IO (QEMU's
// address_space_io dispatch; Firecracker's pio bus). A full VM (QEMU "pc")
// has the 16550A UART and the floppy controller; a microVM's monitor has the
// UART only, so port 0x3f5 reaches no device at all.
//
// The floppy controller is QEMU's model (kernel-sim/hypervisor/fdc.ts), kept
// in this process's memory, as QEMU keeps it. When its result timer fires,
// QEMU calls the timer's callback pointer: normally fdctrl_result_timer(); if
// an overflow replaced it, whatever is at that address runs, in this process,
// with its credentials, namespaces, seccomp filter and LSM profile.
import {
  CLOCK_MONOTONIC, E, FDC_BASE, KVM_EXIT_IO_OUT, O_RDONLY, SIG, VM_DMA_WRITE, VMM_MEM_READ, VMM_MEM_WRITE, type KvmIoExit,
} from '../../../kernel-sim/abi/index.ts'
import { Fdc, FDCTRL_RESULT_TIMER, findVuln, hvaToGpa, inRange } from '../../../kernel-sim/index.ts'
import { clockGettime, clone, close, dup2, execve, exit, getpid, getppid, kill, open, pipe2, read, wait4, type Sys } from '../../libc/index.ts'
import { kvm } from './kvm.ts'

/** This QEMU release has VENOM's unbounded FIFO index (the catalogue's range for CVE-2015-3456). */
export function fdcUnbounded(qemuVersion: string): boolean {
  const e = findVuln('CVE-2015-3456')
  return e !== undefined && e.ranges.some((r) => inRange(qemuVersion, r))
}

/**
 * virtio-blk's legacy PCI I/O BAR (00:04.0 at 0xc040, as QEMU's PC machine
 * assigns it): QUEUE_PFN at +8 (the guest page the device writes to) and
 * QUEUE_NOTIFY at +0x10. SIMPLIFICATION: no descriptor ring: a notify is "read
 * sector 0 into page QUEUE_PFN", done by DMA through the VM's IOMMU domain; an
 * address outside the VM's RAM is a DMAR fault and the ISR reports an error.
 */
export const VIRTIO_BLK_BAR = 0xc040
const VIRTIO_BLK_BDF = '00:04.0'
/** What sector 0 of the VM's disk holds (an MBR's boot signature at 510). */
const SECTOR0 = 'ISOLAB-VDA-SECTOR-0'.padEnd(510, '\0') + '\x55\xaa'

interface VirtioBlk {
  pfn: number
  isr: number
}

export interface PioBus {
  fdc: Fdc | undefined
  blk: VirtioBlk | undefined
  /** The VM's name (for loads and stores through the guest-RAM mapping). */
  name: string
  ramBytes: number
  kvmFd: number
  envp: readonly string[]
}

export function pioBus(kvmFd: number, name: string, machine: string, version: string, ramBytes: number, envp: readonly string[]): PioBus {
  const pc = machine === 'pc'
  return { fdc: pc ? new Fdc(!fdcUnbounded(version)) : undefined, blk: pc ? { pfn: 0, isr: 0 } : undefined, name, ramBytes, kvmFd, envp }
}

/** Emulates one access; returns the byte for an IN (0 for an OUT). */
export function* emulateIo(bus: PioBus, e: KvmIoExit): Sys<number> {
  const now = yield* clockGettime(CLOCK_MONOTONIC)
  const write = e.direction === KVM_EXIT_IO_OUT
  let value = 0xff // unassigned I/O space reads all ones
  if (bus.fdc && e.port >= FDC_BASE && e.port < FDC_BASE + 8) {
    if (write) bus.fdc.write(e.port, e.data, now)
    else value = bus.fdc.read(e.port)
  } else if (bus.blk && e.port >= VIRTIO_BLK_BAR && e.port < VIRTIO_BLK_BAR + 0x20) {
    value = yield* virtioBlkIo(bus, bus.blk, e.port - VIRTIO_BLK_BAR, write, e.data)
  } else if (e.port >= 0x3f8 && e.port < 0x400) {
    value = e.port === 0x3fd ? 0x60 : 0 // 16550A LSR: transmitter empty
  }
  return write ? 0 : value
}

function* virtioBlkIo(bus: PioBus, blk: VirtioBlk, off: number, write: boolean, data: number): Sys<number> {
  if (off >= 8 && off < 12) { // QUEUE_PFN, little-endian bytes
    const shift = 8 * (off - 8)
    if (!write) return Math.floor(blk.pfn / 2 ** shift) & 0xff
    blk.pfn = blk.pfn - (Math.floor(blk.pfn / 2 ** shift) & 0xff) * 2 ** shift + data * 2 ** shift
    return 0
  }
  if (off === 0x10 && write) { // QUEUE_NOTIFY: the request, by DMA
    const r = yield* kvm<number>(bus.kvmFd, VM_DMA_WRITE, { name: bus.name, bdf: VIRTIO_BLK_BDF, gpa: blk.pfn * 4096, data: SECTOR0 })
    blk.isr = typeof r === 'number' && r > 0 ? 1 : 3 // used buffer; or used buffer + error
    return 0
  }
  if (off === 0x13 && !write) { // ISR, cleared on read
    const v = blk.isr
    blk.isr = 0
    return v
  }
  return write ? 0 : 0xff
}

/** qemu_clock_run_timers(): fires the FDC's result timer if it is due. */
export function* runTimers(bus: PioBus): Sys<void> {
  if (!bus.fdc) return
  const now = yield* clockGettime(CLOCK_MONOTONIC)
  const t = bus.fdc.due(now)
  if (!t) return
  if (t.callback === FDCTRL_RESULT_TIMER) return bus.fdc.resultTimer()
  yield* callPointer(bus, t.callback)
}

/** Largest payload read from guest RAM, and where its output goes (the next page). */
const PAYLOAD_MAX = 4096
export const PAYLOAD_OUTPUT_OFFSET = 4096

/**
 * QEMU calls a corrupted function pointer. Inside the guest-RAM mapping the
 * guest chose the bytes there: they run as this process's code. Anywhere else
 * it is a wild jump: SIGSEGV, and QEMU (the whole process) dies.
 *
 * SIMPLIFICATION: the modelled CPU does not decode x86; a payload is the
 * NUL-terminated shell command its shellcode would fork and exec. Like such
 * shellcode, it writes the command's output back into guest RAM (the next
 * page), where the guest can read it, then returns to QEMU's timer loop.
 */
function* callPointer(bus: PioBus, addr: number): Sys<void> {
  const gpa = hvaToGpa(addr, bus.ramBytes)
  if (gpa === undefined) {
    yield* kill(yield* getppid(), SIG.SIGSEGV) // the VMM's main "thread"
    yield* kill(yield* getpid(), SIG.SIGSEGV)
    return
  }
  const code = yield* kvm<string>(bus.kvmFd, VMM_MEM_READ, { name: bus.name, gpa, len: PAYLOAD_MAX, fetch: true }) // the CPU fetches the "instructions" there
  if (typeof code !== 'string') return
  const cmd = code.split('\0')[0] ?? ''
  const output = yield* runShell(cmd, bus.envp)
  yield* kvm<number>(bus.kvmFd, VMM_MEM_WRITE, { name: bus.name, gpa: gpa + PAYLOAD_OUTPUT_OFFSET, data: output + '\0' })
}

/** fork + execve("/bin/sh", ["sh", "-c", cmd]) with stdout and stderr on a pipe; returns what it printed. */
function* runShell(cmd: string, envp: readonly string[]): Sys<string> {
  const p = yield* pipe2()
  if (!Array.isArray(p)) return ''
  const [r, w] = p
  const pid = yield* clone(0, function* () {
    yield* close(r)
    const nul = yield* open('/dev/null', O_RDONLY)
    if (nul >= 0) yield* dup2(nul, 0)
    yield* dup2(w, 1)
    yield* dup2(w, 2)
    const e = yield* execve('/bin/sh', ['sh', '-c', cmd], envp)
    yield* exit(e === -E.ENOENT ? 127 : 126)
    return 127
  })
  yield* close(w)
  let out = ''
  if (pid >= 0) {
    for (;;) {
      const d = yield* read(r, 65536)
      if (typeof d !== 'string' || d === '') break
      out += d
    }
    yield* wait4(pid, 0)
  }
  yield* close(r)
  return out.slice(0, PAYLOAD_MAX - 1)
}

