// ioperm(2)/iopl(2) (arch/x86/kernel/ioport.c): EINVAL for an empty or
// out-of-range span, EPERM without CAP_SYS_RAWIO; OUT/IN to a port not granted
// is a general protection fault (SIGSEGV, "traps: ... general protection fault").
import { describe, expect, it } from 'vitest'
import { E } from '../abi/index.ts'
import { harness } from '../testing/harness.ts'

describe('port I/O permissions', () => {
  it('ioperm: EINVAL for num 0 or past 0x10000; EPERM without CAP_SYS_RAWIO; turning off needs nothing', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'ioperm', 0x3f0, 0, 1)).toBe(-E.EINVAL)
    expect(h.call(p, 'ioperm', 0xfff0, 0x20, 1)).toBe(-E.EINVAL)
    expect(h.call(p, 'ioperm', 0x3f0, 8, 1)).toBe(0)
    expect(h.call(p, 'inb', 0x3f4)).toBe(0xff) // bare metal, nothing there: all ones
    const u = h.spawn({ uid: 1000 })
    expect(h.call(u, 'ioperm', 0x3f0, 8, 1)).toBe(-E.EPERM)
    expect(h.call(u, 'ioperm', 0x3f0, 8, 0)).toBe(0)
    expect(h.call(u, 'iopl', 3)).toBe(-E.EPERM)
    expect(h.call(u, 'iopl', 4)).toBe(-E.EINVAL)
  })

  it('outb to a port not granted: SIGSEGV and a traps: line in dmesg', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'ioperm', 0x3f0, 1, 1)
    expect(h.call(p, 'outb', 0x41, 0x3f0)).toBe(0)
    h.call(p, 'outb', 0x41, 0x3f5)
    expect(h.k.task(p)?.state ?? 'Z').toBe('Z') // killed by SIGSEGV

    expect(h.k.coarse.dmesg.at(-1)).toMatch(/traps: .*general protection fault/)
  })
})
