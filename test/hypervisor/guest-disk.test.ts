// A guest process that reads its disk (/dev/vda, virtio-blk) sleeps in D state
// until the request is done (the io controller's disk queue, kernel-sim
// cgroup/io.ts): the request has no timer, only a completion time. The vCPU
// must idle until that completion, not until the next timer (there may be
// none), or the read never returns. The same holds for the host machine's
// pacing (Machine.nextWakeMs), which tells the web app when to run again.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('reading the block device', () => {
  it('vm exec NAME -- head -c 10 /dev/vda returns the 10 bytes (a guest waiting for its disk wakes)', () => {
    const m = new Machine()
    const r = m.runScript('vm create a >/dev/null; vm start -q a >/dev/null; vm exec a -- head -c 10 /dev/vda | wc -c; echo $?; vm exec a -- head -c 1M /dev/vda | wc -c',
      { maxSteps: 50_000_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('10\n0\n1048576\n')
  })

  it('on the host, a read in flight on the disk is a wake-up the pacing knows about', () => {
    const m = new Machine()
    let out = ''
    const t = m.openTerminal({ cols: 80, rows: 24, onOutput: (d) => { out += d } })
    for (let i = 0; i < 20; i++) m.runSlice(10_000, { untilNs: m.nowNs() }) // the prompt
    t.inputLine('head -c 1M /dev/vda > /dev/null; echo done')
    // The clock held where it is: one of head's reads is on the disk (0.1 ms + its bytes at 200 MiB/s), no timer is pending.
    for (let i = 0; i < 20; i++) m.runSlice(10_000, { untilNs: m.nowNs() })
    expect(out).not.toContain('done')
    const wake = m.nextWakeMs()
    expect(wake).toBeGreaterThan(0)
    expect(wake).toBeLessThanOrEqual(6)
    // Letting the time each wake-up asks for pass finishes the command.
    for (let i = 0; i < 500 && !out.includes('done'); i++) m.runSlice(10_000, { untilNs: m.nowNs() + (m.nextWakeMs() ?? 0) * 1e6 })
    expect(out).toContain('done\n')
  })
})
