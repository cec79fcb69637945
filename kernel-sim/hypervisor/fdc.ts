// QEMU's floppy disk controller (hw/block/fdc.c), the device behind VENOM
// (CVE-2015-3456). The PC machine type creates it even when no floppy drive is
// configured, so every full VM has it at I/O ports 0x3f0-0x3f7; a microVM's
// monitor has no such device.
//
// Commands arrive byte by byte on the data FIFO (port 0x3f5): the first byte
// picks a handler and its parameter count, data_pos counts the bytes. Two
// handlers did not reset data_pos, so further bytes kept landing at
// fifo[data_pos++] past the 512-byte buffer (the advisory, oss-security
// 2015-05-13, Jason Geffner / Petr Matousek):
// - READ ID (0x0a) arms a 20 ms result timer and leaves the FIFO open until it fires;
// - DRIVE SPECIFICATION COMMAND (0x8e) keeps taking bytes while the last one has bit 7 clear.
// The fix, QEMU commit e907746266721f305d67bc0718795fedee2e824c ("fdc: force the
// fifo access to be in bounds of the allocated buffer", 13 May 2015; QEMU 2.3.1
// and 2.4.0), makes every FIFO index `data_pos % FD_SECTOR_LEN`.
//
// The FIFO is modelled as the bytes of the VMM's heap that hold it, followed by
// the controller's result timer (a QEMUTimer: expire_time, timer_list, cb,
// opaque). An overflow overwrites the timer's callback pointer; when the timer
// fires, QEMU calls whatever address is there (`due()` returns it).
//
// SIMPLIFICATION: only the commands above plus a few status commands are
// decoded; everything else is "invalid command" (ST0 0x80), as QEMU's
// fdctrl_unimplemented answers. The timer list keeps its own copy of the
// deadline, so only the callback and opaque fields matter when overwritten.

export const FD_SECTOR_LEN = 512
/** Offsets in the modelled heap block: the FIFO, then the QEMUTimer. */
const TIMER = FD_SECTOR_LEN
const CB = TIMER + 16
const OPAQUE = TIMER + 24
/** Past the QEMUTimer: the next malloc chunk's header; bytes beyond it are not modelled. */
const HEAP_BLOCK = TIMER + 48
/** fdctrl_result_timer() in qemu-system-x86_64's text (see vmm-layout.ts). */
export const FDCTRL_RESULT_TIMER = 0x5555_559a_31c0
/** The FDCtrl the timer's opaque argument points to, on the heap. */
const FDCTRL_OBJ = 0x5555_5702_4e10

export const FD_CMD_READ_ID = 0x0a
export const FD_CMD_DRIVE_SPECIFICATION_COMMAND = 0x8e

const MSR_CMDBUSY = 0x10
const MSR_DIO = 0x40
const MSR_RQM = 0x80
/** A READ ID's result arrives 20 ms later (timer_mod(..., get_ticks_per_sec() / 50)). */
export const READ_ID_DELAY_NS = 20_000_000

interface Handler {
  name: string
  mask: number
  params: number
  run(f: Fdc, nowNs: number): void
}

/** QEMU's handlers[] (value, mask, parameter count), for the commands modelled. */
const HANDLERS: Record<number, Handler> = {
  [FD_CMD_READ_ID]: { name: 'READ ID', mask: 0xbf, params: 1, run: (f, now) => f.armTimer(now + READ_ID_DELAY_NS) },
  [FD_CMD_DRIVE_SPECIFICATION_COMMAND]: { name: 'DRIVE SPECIFICATION COMMAND', mask: 0xff, params: 5, run: (f) => f.driveSpecification() },
  0x08: { name: 'SENSE INTERRUPT STATUS', mask: 0xff, params: 0, run: (f) => f.result([0x80, 0]) },
  0x10: { name: 'VERSION', mask: 0xff, params: 0, run: (f) => f.result([0x90]) },
  0x18: { name: 'PART ID', mask: 0xff, params: 0, run: (f) => f.result([0x41]) },
  0x03: { name: 'SPECIFY', mask: 0xff, params: 2, run: (f) => f.toCommandPhase() },
}

function handlerFor(value: number): Handler | undefined {
  for (const [cmd, h] of Object.entries(HANDLERS)) if ((value & h.mask) === Number(cmd)) return h
  return undefined
}

export class Fdc {
  /** The heap bytes around the FIFO (FIFO, QEMUTimer, next chunk header). */
  readonly heap = new Uint8Array(HEAP_BLOCK)
  dataPos = 0
  dataLen = 0
  msr = MSR_RQM
  private resultLeft = 0
  private timerNs: number | undefined
  /** Bytes written past everything modelled: the VMM's heap is corrupt. */
  wild = 0

  /** `bounded`: the fixed QEMU (every FIFO index modulo 512). */
  constructor(readonly bounded: boolean) {
    writeU64(this.heap, CB, FDCTRL_RESULT_TIMER)
    writeU64(this.heap, OPAQUE, FDCTRL_OBJ)
  }

  get callback(): number {
    return readU64(this.heap, CB)
  }

  read(port: number): number {
    if (port === 0x3f4) return this.msr
    if (port !== 0x3f5) return 0xff
    if (this.resultLeft === 0) return 0xff
    const v = this.heap[this.index(this.dataPos++)] ?? 0
    if (--this.resultLeft === 0) this.toCommandPhase()
    return v
  }

  write(port: number, value: number, nowNs: number): void {
    if (port !== 0x3f5) return // DOR, DSR, CCR: not modelled
    if (this.resultLeft > 0) return // "controller not ready for writing"
    if (this.dataPos === 0) {
      const h = handlerFor(value)
      this.dataLen = (h?.params ?? 0) + 1
      this.msr |= MSR_CMDBUSY
    }
    this.store(this.dataPos++, value)
    if (this.dataPos === this.dataLen) {
      const h = handlerFor(this.heap[0]!)
      if (h) h.run(this, nowNs)
      else this.result([0x80]) // fdctrl_unimplemented: ST0 invalid command
    }
  }

  /** fifo[pos] = value: the bug is whether pos is reduced modulo the FIFO's size. */
  private store(pos: number, value: number): void {
    const i = this.index(pos)
    if (i < this.heap.length) this.heap[i] = value & 0xff
    else this.wild++
  }

  private index(pos: number): number {
    return this.bounded ? pos % FD_SECTOR_LEN : pos
  }

  driveSpecification(): void {
    const last = this.heap[this.index(this.dataPos - 1)]!
    if (last & 0x80) {
      if (last & 0x40) this.result([this.heap[1]!, 0, 0, 0])
      else this.toCommandPhase()
    } else if (this.dataLen > 7) {
      this.result([0x80])
    }
    // else: parameters "continue" and data_pos is not reset (the unfixed path)
  }

  armTimer(atNs: number): void {
    this.timerNs = atNs
  }

  /** The result timer's callback address if it is due now (timerlist_run_timers), else undefined. */
  due(nowNs: number): { callback: number; opaque: number } | undefined {
    if (this.timerNs === undefined || nowNs < this.timerNs) return undefined
    this.timerNs = undefined
    return { callback: this.callback, opaque: readU64(this.heap, OPAQUE) }
  }

  /** fdctrl_result_timer() → fdctrl_stop_transfer(): the READ ID result (ST0-ST2, C, H, R, N). */
  resultTimer(): void {
    this.result([0x00, 0x00, 0x00, 0, 0, 1, 2])
  }

  result(bytes: number[]): void {
    bytes.forEach((b, i) => (this.heap[i] = b))
    this.dataPos = 0
    this.dataLen = bytes.length
    this.resultLeft = bytes.length
    this.msr = MSR_RQM | MSR_DIO | MSR_CMDBUSY
  }

  toCommandPhase(): void {
    this.dataPos = 0
    this.dataLen = 0
    this.resultLeft = 0
    this.msr = MSR_RQM
  }
}

function writeU64(b: Uint8Array, off: number, v: number): void {
  for (let i = 0; i < 8; i++) b[off + i] = Math.floor(v / 2 ** (8 * i)) & 0xff
}

function readU64(b: Uint8Array, off: number): number {
  let v = 0
  for (let i = 7; i >= 0; i--) v = v * 256 + b[off + i]!
  return v
}

/** Where the callback field sits relative to the FIFO's start (what an exploit must reach). */
export const FDC_CALLBACK_OFFSET = CB
