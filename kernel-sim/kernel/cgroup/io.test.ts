// Conformance: the io controller (cgroup-v2.rst "IO": io.max "MAJ:MIN
// rbps= wbps= riops= wiops=", io.stat) on the shared disk /dev/vda (254:0).
import { describe, expect, it } from 'vitest'
import { E, O_RDONLY, O_WRONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { mkdir, move, rd, wr } from './testutil.ts'

const MiB = 2 ** 20
const MS = 1_000_000

describe('io controller', () => {
  it('io.max reads back in the documented shape; "max" clears a key; other devices are ENODEV (cgroup-v2.rst example)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'g')
    expect(rd(h, p, 'g/io.max')).toBe('')
    expect(wr(h, p, 'g/io.max', '254:0 rbps=2097152 wiops=120')).toBeGreaterThan(0)
    expect(rd(h, p, 'g/io.max')).toBe('254:0 rbps=2097152 wbps=max riops=max wiops=120\n')
    expect(wr(h, p, 'g/io.max', '254:0 wiops=max')).toBeGreaterThan(0)
    expect(rd(h, p, 'g/io.max')).toBe('254:0 rbps=2097152 wbps=max riops=max wiops=max\n')
    expect(wr(h, p, 'g/io.max', '254:0 rbps=max')).toBeGreaterThan(0)
    expect(rd(h, p, 'g/io.max')).toBe('')
    expect(wr(h, p, 'g/io.max', '8:16 rbps=1')).toBe(-E.ENODEV)
    expect(wr(h, p, 'g/io.max', '254:0 speed=9')).toBe(-E.EINVAL)
    expect(wr(h, p, 'g/io.max', 'vda rbps=9')).toBe(-E.EINVAL)
    expect(rd(h, p, 'g/io.weight')).toBe('default 100\n')
  })

  it('a write to /dev/vda takes the disk\'s time and shows in io.stat (hierarchical)', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'g')
    const q = h.spawn()
    move(h, p, q, 'g')
    const fd = h.open(q, '/dev/vda', O_WRONLY)
    expect(fd).toBeGreaterThan(0)
    const t0 = h.k.s.nowNs
    expect(h.call(q, 'write', fd, '\0'.repeat(MiB))).toBe(MiB)
    const ms = (h.k.s.nowNs - t0) / MS
    expect(ms).toBeGreaterThan(4.5) // 1 MiB at 200 MiB/s
    expect(ms).toBeLessThan(6)
    const rfd = h.open(q, '/dev/vda', O_RDONLY)
    expect((h.call(q, 'read', rfd, 4096) as string).length).toBe(4096)
    expect(rd(h, p, 'g/io.stat')).toBe(`254:0 rbytes=4096 wbytes=${MiB} rios=1 wios=1 dbytes=0 dios=0\n`)
    expect(rd(h, p, 'io.stat')).toContain(`wbytes=${MiB}`)
  })

  it('io.max wbps throttles: 4 MiB at 1 MiB/s takes about 3 s more than unthrottled', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'g')
    wr(h, p, 'g/io.max', '254:0 wbps=1048576')
    const q = h.spawn()
    move(h, p, q, 'g')
    const fd = h.open(q, '/dev/vda', O_WRONLY)
    const t0 = h.k.s.nowNs
    for (let i = 0; i < 4; i++) expect(h.call(q, 'write', fd, '\0'.repeat(MiB))).toBe(MiB)
    const s = (h.k.s.nowNs - t0) / 1e9
    expect(s).toBeGreaterThan(2.9)
    expect(s).toBeLessThan(3.2)
    expect(h.k.task(q)?.state).not.toBe('D')
  })

  it('io.max wiops: one write per second; io.stat still counts every request', () => {
    const h = harness()
    const p = h.spawn()
    mkdir(h, p, 'hog')
    wr(h, p, 'hog/io.max', '254:0 wiops=1')
    const hog = h.spawn()
    move(h, p, hog, 'hog')
    const fd = h.open(hog, '/dev/vda', O_WRONLY)
    h.call(hog, 'write', fd, '\0'.repeat(4096)) // the first goes at once
    const t0 = h.k.s.nowNs
    h.call(hog, 'write', fd, '\0'.repeat(4096))
    h.call(hog, 'write', fd, '\0'.repeat(4096))
    expect((h.k.s.nowNs - t0) / 1e9).toBeCloseTo(2, 1)
    expect(rd(h, p, 'hog/io.stat')).toBe('254:0 rbytes=0 wbytes=12288 rios=0 wios=3 dbytes=0 dios=0\n')
  })
})
