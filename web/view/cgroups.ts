// The cgroup v2 tree with pids and memory gauges (empty until cgroups exist).
import type { MachineView } from '../../src/host/types.ts'
import { bytes, fmt, gauge, h, vtime } from './dom.ts'

export function renderCgroups(root: HTMLElement, v: MachineView): void {
  if (v.cgroups.length === 0) {
    root.replaceChildren(h('p', { class: 'dim' }, 'No cgroups yet: nothing limits one tenant against another.'))
    return
  }
  root.replaceChildren(...v.cgroups.map((c) => {
    const depth = c.path === '/' ? 0 : c.path.split('/').length - 1
    const pidsMax = c.pidsMax === 'max' ? v.tasks.pidMax : c.pidsMax
    const memMax = c.memoryMax === 'max' ? v.memory.totalBytes : c.memoryMax
    return h('div', { class: `cgroup depth-${Math.min(depth, 4)}` },
      h('div', { class: 'cg-path' }, `${c.path} (${c.procs} procs · cpu ${vtime(c.cpuUsageUsec * 1000)})`),
      gauge('pids', c.pidsCurrent, pidsMax, `${fmt(c.pidsCurrent)} / ${c.pidsMax === 'max' ? 'max' : fmt(c.pidsMax)}`),
      gauge('memory', c.memoryCurrent, memMax, `${bytes(c.memoryCurrent)} / ${c.memoryMax === 'max' ? 'max' : bytes(c.memoryMax)}`))
  }))
}
