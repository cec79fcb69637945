// With no vulnerable component armed (the default, patched QEMU), no sequence
// of port writes from root in one guest (the FDC, virtio-blk's BAR, anything)
// changes what another VM or the host observes: VM b keeps its secret and
// runs, the host runs no new process and its files stay as they were.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const portArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0x3f5) }, // the FDC data FIFO, where VENOM was
  { weight: 2, arbitrary: fc.integer({ min: 0x3f0, max: 0x3f7 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xc040, max: 0xc05f }) }, // virtio-blk (DMA through the IOMMU)
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
)
const seqArb = fc.array(fc.record({ port: portArb, value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 700 })

test.prop([seqArb], { numRuns: 3 })('random guest port I/O on patched QEMU reaches neither VM b nor the host', (seq) => {
  const m = new Machine()
  m.runScript(`vm create a --image alpine --memory 256M; vm create b --image alpine --memory 256M; vm start -q a; vm start -q b
vm exec b -- 'memwrite 0x100000 VM-B-SECRET'`, { maxSteps: 50_000_000 })
  const before = m.runScript('ps -e | wc -l; md5sum /etc/shadow /etc/passwd 2>/dev/null || cat /etc/shadow /etc/passwd | wc -c').stdout
  const script = seq.map((s) => `outb ${s.port} ${s.value}`).join('\n')
  m.runScript(`vm exec a -- '${script}'`, { maxSteps: 200_000_000 })
  expect(m.runScript("vm exec b -- 'memread 0x100000 11'", { maxSteps: 50_000_000 }).stdout).toContain('|VM-B-SECRET|')
  expect(m.runScript('ps -e | wc -l; md5sum /etc/shadow /etc/passwd 2>/dev/null || cat /etc/shadow /etc/passwd | wc -c').stdout).toBe(before)
  expect(m.runScript('vm list').stdout).toMatch(/^b +running/m)
})
