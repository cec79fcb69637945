// QEMU's floppy controller FIFO (CVE-2015-3456): the unfixed index runs past
// the 512-byte FIFO into the result timer; the fixed one (data_pos % 512,
// commit e907746266721f305d67bc0718795fedee2e824c) never leaves it.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { FD_CMD_DRIVE_SPECIFICATION_COMMAND, FD_CMD_READ_ID, FDC_CALLBACK_OFFSET, FDCTRL_RESULT_TIMER, Fdc, READ_ID_DELAY_NS } from './fdc.ts'

const FIFO = 0x3f5
const fill = (f: Fdc, n: number, v = 0x41) => { for (let i = 0; i < n; i++) f.write(FIFO, v, 0) }
const ADDR = 0x7f3a_0020_0000
const writeAddr = (f: Fdc) => { for (let i = 0; i < 8; i++) f.write(FIFO, Math.floor(ADDR / 2 ** (8 * i)) & 0xff, 0) }

describe('FDC FIFO', () => {
  it('READ ID leaves data_pos open for 20 ms: on QEMU 2.2 bytes past 512 overwrite the timer callback', () => {
    const f = new Fdc(false)
    f.write(FIFO, FD_CMD_READ_ID, 0)
    f.write(FIFO, 0, 0)
    fill(f, FDC_CALLBACK_OFFSET - 2)
    writeAddr(f)
    expect(f.callback).toBe(ADDR)
    expect(f.due(READ_ID_DELAY_NS - 1)).toBeUndefined()
    expect(f.due(READ_ID_DELAY_NS)?.callback).toBe(ADDR)
  })

  it('DRIVE SPECIFICATION COMMAND with bit 7 clear in its 5th parameter keeps taking bytes (unfixed)', () => {
    const f = new Fdc(false)
    f.write(FIFO, FD_CMD_DRIVE_SPECIFICATION_COMMAND, 0)
    fill(f, FDC_CALLBACK_OFFSET - 1, 0x01)
    writeAddr(f)
    expect(f.callback).toBe(ADDR)
  })

  it('the fixed FDC wraps the index: the callback stays fdctrl_result_timer and READ ID completes', () => {
    const f = new Fdc(true)
    f.write(FIFO, FD_CMD_READ_ID, 0)
    f.write(FIFO, 0, 0)
    fill(f, 4096)
    expect(f.callback).toBe(FDCTRL_RESULT_TIMER)
    expect(f.due(READ_ID_DELAY_NS)?.callback).toBe(FDCTRL_RESULT_TIMER)
    f.resultTimer()
    expect(f.read(0x3f4) & 0xc0).toBe(0xc0) // RQM | DIO: result bytes to read
    expect([...Array(7)].map(() => f.read(FIFO))).toEqual([0, 0, 0, 0, 0, 1, 2])
    expect(f.read(0x3f4)).toBe(0x80)
  })

  it('an unknown command answers ST0 = 0x80 (invalid command), as fdctrl_unimplemented', () => {
    const f = new Fdc(true)
    f.write(FIFO, 0x1f, 0)
    expect(f.read(FIFO)).toBe(0x80)
  })

  test.prop([fc.array(fc.record({ port: fc.integer({ min: 0x3f0, max: 0x3f7 }), write: fc.boolean(), v: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2000 })])(
    'no sequence of port accesses to a fixed FDC changes anything outside its FIFO', (ops) => {
      const f = new Fdc(true)
      for (const op of ops) (op.write ? f.write(op.port, op.v, 0) : f.read(op.port))
      expect(f.callback).toBe(FDCTRL_RESULT_TIMER)
      expect(f.wild).toBe(0)
      expect([...f.heap.slice(512)].some((b, i) => i < 16 && b !== 0)).toBe(false)
    })
})
