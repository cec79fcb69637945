import { applyPatches, enablePatches, produceWithPatches } from 'immer'
import { describe, expect, it } from 'vitest'
import type { MachineView } from '../../src/host/types.ts'
import { fitLabel, layersSignature } from './layers.ts'
import { peakOf, Samples, upTo } from './series.ts'
import { panelsToDraw } from './live-view.ts'

enablePatches()

const boot: MachineView = {
  nowNs: 0, hostname: 'host', kernelRelease: '6.8.0-isolab', cpus: 2,
  memory: { totalBytes: 8 * 2 ** 30, usedBytes: 2 ** 28 },
  files: { nr: 3, peak: 3, max: 838860, nrOpen: 1048576 },
  tasks: { count: 2, pidMax: 4194304 },
  processes: [
    { pid: 1, ppid: 0, comm: 'init', state: 'S', uid: 0, fds: 0, rlimitNofile: 1024, ns: { pid: 4026531836 }, cgroup: '/', place: 'host', capEff: '000001ffffffffff', seccomp: 0, lsm: 'unconfined' },
    { pid: 2, ppid: 1, comm: 'bash', state: 'S', uid: 0, fds: 3, rlimitNofile: 1024, ns: { pid: 4026531836 }, cgroup: '/', place: 'host', capEff: '000001ffffffffff', seccomp: 0, lsm: 'unconfined' },
  ],
  cgroups: [], dmesgTail: [], alerts: [],
}

/** As the page gets views: the worker's patches applied to the previous view. */
function next(v: MachineView, f: (d: MachineView) => void): MachineView {
  const [, patches] = produceWithPatches(v, f)
  return applyPatches(v, patches)
}

const drawn = (v: MachineView, samples = 1) => ({ v, layers: layersSignature(v), samples, past: false })
const todo = (d: ReturnType<typeof drawn> | null, v: MachineView, samples = 1) => panelsToDraw(d, v, layersSignature(v), samples)

describe('live view redraws only what changed', () => {
  it('draws every panel first, then nothing for the same view', () => {
    expect(todo(null, boot)).toEqual(['layers', 'files', 'procs', 'cgroups', 'alerts', 'events', 'dmesg', 'plots'])
    expect(todo(drawn(boot), boot)).toEqual([])
  })

  it('a flood step (fd counts, file-nr, time) redraws the file table and processes, not the layers', () => {
    const v = next(boot, (d) => { d.nowNs = 5e6; d.files.nr = 500_003; d.processes[1]!.fds = 500_003 })
    expect(todo(drawn(boot), v, 2)).toEqual(['files', 'procs', 'plots'])
  })

  it('a new container place or a VM redraws the layers', () => {
    const c = next(boot, (d) => { d.processes.push({ ...d.processes[1]!, pid: 3, place: 'web' }); d.tasks.count = 3 })
    expect(todo(drawn(boot), c)).toContain('layers')
    const vm = next(boot, (d) => { d.vms = [{ name: 'vm1', state: 'running', vcpus: 1, memoryBytes: 2 ** 28 }] })
    expect(todo(drawn(boot), vm)).toEqual(['layers'])
  })

  it('scrubbing to a past point redraws everything, plots included, even with no new samples', () => {
    expect(panelsToDraw(drawn(boot), boot, layersSignature(boot), 1, true)).toContain('plots')
  })
})

describe('plots keep what happened between samples', () => {
  it('a flood that opened and closed between two views shows as its peak', () => {
    const s = new Samples()
    s.add(boot)
    // `ulimit -n 64; fdflood`: 64 files open and closed within one sampling interval.
    s.add(next(boot, (d) => { d.nowNs = 1e6; d.files.peak = 67 }))
    expect(peakOf(s.series.get('open files (file-nr)')!.points)).toBe(67)
  })
  it('a past point cuts the series at its time', () => {
    expect(upTo([[0, 1], [5, 2], [9, 3]], 6)).toEqual([[0, 1], [5, 2]])
    expect(upTo([[0, 1]], undefined)).toEqual([[0, 1]])
  })
})

describe('layer labels fit their boxes', () => {
  it('cuts a label that would overflow a narrow column, whole otherwise', () => {
    expect(fitLabel('host userland · 9', 360)).toBe('host userland · 9')
    const cut = fitLabel('container 215b6d9e8a3c · 1', 86)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.length * 6.2).toBeLessThanOrEqual(86)
  })
})
