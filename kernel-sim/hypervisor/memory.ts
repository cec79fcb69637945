// Guest memory: guest-physical pages backed by host-physical frames through a
// second-level page table (Intel EPT / AMD NPT), as KVM builds it.
//
// A VM's RAM is one memslot (KVM_SET_USER_MEMORY_REGION): guest frames
// [0, frames) backed by a contiguous run of host frames. EPT entries are filled
// on first touch, as KVM's page-fault handler does (an "EPT violation" inside a
// memslot is just a fault that maps the page). An access outside every memslot
// has nothing to map: the hypervisor denies it. The guest can name only its
// own guest-physical addresses; the host frames of another VM or of the host
// have no guest-physical address at all in this VM.
//
// SIMPLIFICATION: on real KVM an access outside the memslots exits to the VMM
// as MMIO (reads of unassigned space return all-ones); isolab denies it with
// EFAULT and logs it, which is the boundary the seed describes.
import { PMap } from '../base/pmap.ts'

export const PAGE = 4096

/** The host's physical RAM: page contents by host frame number, only for pages ever written. */
export class PhysMem {
  private readonly pages = new Map<number, Uint8Array>()

  readByte(hpa: number): number {
    return this.pages.get(Math.floor(hpa / PAGE))?.[hpa % PAGE] ?? 0
  }

  writeByte(hpa: number, v: number): void {
    const hfn = Math.floor(hpa / PAGE)
    let p = this.pages.get(hfn)
    if (!p) this.pages.set(hfn, (p = new Uint8Array(PAGE)))
    p[hpa % PAGE] = v & 0xff
  }

  /** Scrubs frames before they go to another owner (no data leaks through reuse). */
  scrub(hfnBase: number, frames: number): void {
    for (const hfn of [...this.pages.keys()]) if (hfn >= hfnBase && hfn < hfnBase + frames) this.pages.delete(hfn)
  }

  /** Frames that hold data (for tests). */
  get touched(): number {
    return this.pages.size
  }
}

/** Host frames for guest RAM: contiguous runs, first fit, above the host kernel's own frames. */
export class FrameAllocator {
  /** Free runs [base, base + frames), sorted by base. */
  private free: { base: number; frames: number }[]

  constructor(firstFrame: number, totalFrames: number) {
    this.free = totalFrames > firstFrame ? [{ base: firstFrame, frames: totalFrames - firstFrame }] : []
  }

  alloc(frames: number): number | undefined {
    const i = this.free.findIndex((r) => r.frames >= frames)
    if (i < 0) return undefined
    const r = this.free[i]!
    const base = r.base
    if (r.frames === frames) this.free.splice(i, 1)
    else this.free[i] = { base: r.base + frames, frames: r.frames - frames }
    return base
  }

  release(base: number, frames: number): void {
    this.free.push({ base, frames })
    this.free.sort((a, b) => a.base - b.base)
    const merged: { base: number; frames: number }[] = []
    for (const r of this.free) {
      const last = merged.at(-1)
      if (last && last.base + last.frames === r.base) last.frames += r.frames
      else merged.push({ ...r })
    }
    this.free = merged
  }
}

export interface Memslot {
  gfnBase: number
  frames: number
  hfnBase: number
}

/** One VM's second-level page table. */
export class Ept {
  private map = PMap.empty<number>()
  private edit = 1
  /** Faults that mapped a page (first touch inside a memslot). */
  faults = 0

  constructor(readonly slots: readonly Memslot[]) {}

  /** Host-physical address for `gpa`, or undefined: an EPT violation outside every memslot. */
  translate(gpa: number): number | undefined {
    if (!(gpa >= 0) || !Number.isSafeInteger(gpa)) return undefined
    const gfn = Math.floor(gpa / PAGE)
    let hfn = gfn < 2 ** 30 ? this.map.get(gfn) : undefined
    if (hfn === undefined) {
      const slot = this.slots.find((s) => gfn >= s.gfnBase && gfn < s.gfnBase + s.frames)
      if (!slot) return undefined
      hfn = slot.hfnBase + (gfn - slot.gfnBase)
      this.map = this.map.set(gfn, hfn, this.edit)
      this.faults++
    }
    return hfn * PAGE + (gpa % PAGE)
  }

  /** Guest pages mapped so far. */
  get mapped(): number {
    return this.map.size
  }
}

export type GuestAccess = { ok: true; data: Uint8Array } | { ok: false; gpa: number }

/** Reads `len` bytes of guest-physical memory; stops at the first address outside the memslots. */
export function guestRead(mem: PhysMem, ept: Ept, gpa: number, len: number): GuestAccess {
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) {
    const hpa = ept.translate(gpa + i)
    if (hpa === undefined) return { ok: false, gpa: gpa + i }
    out[i] = mem.readByte(hpa)
  }
  return { ok: true, data: out }
}

/** Writes bytes to guest-physical memory; nothing is written if any byte falls outside the memslots. */
export function guestWrite(mem: PhysMem, ept: Ept, gpa: number, data: Uint8Array): GuestAccess {
  const hpas: number[] = []
  for (let i = 0; i < data.length; i++) {
    const hpa = ept.translate(gpa + i)
    if (hpa === undefined) return { ok: false, gpa: gpa + i }
    hpas.push(hpa)
  }
  hpas.forEach((hpa, i) => mem.writeByte(hpa, data[i]!))
  return { ok: true, data }
}

/**
 * Bytes of a memslot read the way its VMM reads them: through the host mapping
 * of guest RAM (the host frames behind the slot), not through the guest's EPT.
 * Offsets past the slot read as nothing.
 */
export function slotRead(mem: PhysMem, slot: Memslot, off: number, len: number): Uint8Array {
  const n = Math.max(0, Math.min(len, slot.frames * PAGE - off))
  const out = new Uint8Array(off >= 0 ? n : 0)
  for (let i = 0; i < out.length; i++) out[i] = mem.readByte(slot.hfnBase * PAGE + off + i)
  return out
}

/** Stores into a memslot through the VMM's mapping; false if it does not fit. */
export function slotWrite(mem: PhysMem, slot: Memslot, off: number, data: Uint8Array): boolean {
  if (off < 0 || off + data.length > slot.frames * PAGE) return false
  data.forEach((b, i) => mem.writeByte(slot.hfnBase * PAGE + off + i, b))
  return true
}
