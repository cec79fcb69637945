// The machine's layers as the seed article draws them: hardware at the bottom,
// one shared host kernel, and on top the places where processes run (host
// userland, each container as a namespaced group of processes). A row for the
// hypervisor and guests appears once views report VM places ("vm:" prefix).
import type { MachineView } from '../../src/host/types.ts'
import { bytes, fmt, h, s } from './dom.ts'

const W = 360
const ROW = 34

export function placesOf(v: MachineView): { name: string; procs: number }[] {
  const m = new Map<string, number>()
  for (const p of v.processes) m.set(p.place, (m.get(p.place) ?? 0) + 1)
  if (!m.has('host')) m.set('host', 0)
  return [...m].map(([name, procs]) => ({ name, procs })).sort((a, b) => (a.name === 'host' ? -1 : b.name === 'host' ? 1 : a.name.localeCompare(b.name)))
}

function box(x: number, y: number, w: number, cls: string, label: string, title: string): SVGGElement {
  return s('g', { class: `layer ${cls}` },
    s('title', {}, title),
    s('rect', { x, y, width: w, height: ROW - 4, rx: 4 }),
    s('text', { x: x + w / 2, y: y + ROW / 2 + 1, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, label))
}

export function renderLayers(root: HTMLElement, v: MachineView): void {
  const places = placesOf(v)
  const vms = places.filter((p) => p.name.startsWith('vm:'))
  const tenants = places.filter((p) => !p.name.startsWith('vm:'))
  const rows = 3 + (vms.length ? 1 : 0)
  const svg = s('svg', { viewBox: `0 0 ${W} ${rows * ROW}`, role: 'img', 'aria-label': 'Layers: hardware, host kernel, and the places processes run' })
  let y = 0
  const cw = W / Math.max(tenants.length, 1)
  tenants.forEach((p, i) => {
    const kind = p.name === 'host' ? 'userland' : 'container'
    const label = p.name === 'host' ? `host userland · ${p.procs}` : `${p.name} · ${p.procs}`
    svg.append(box(i * cw + 2, y, cw - 4, kind, label, `${p.name}: ${p.procs} processes${kind === 'container' ? ' (namespaced processes on the shared kernel)' : ''}`))
  })
  y += ROW
  if (vms.length) {
    const vw = W / vms.length
    vms.forEach((p, i) => svg.append(box(i * vw + 2, y, vw - 4, 'guest', `${p.name} guest kernel`, 'guest kernel on the hypervisor')))
    y += ROW
  }
  svg.append(box(2, y, W - 4, 'kernel', `host kernel ${v.kernelRelease} · ${v.hostname} · ${fmt(v.tasks.count)} tasks`, 'one kernel shared by every container'))
  y += ROW
  svg.append(box(2, y, W - 4, 'hardware', `hardware · ${v.cpus} CPUs · ${bytes(v.memory.totalBytes)} RAM`, 'physical machine'))
  root.replaceChildren(svg, h('p', { class: 'caption' }, tenants.length > 1 ? 'Containers are processes with namespaces; they all sit on the same kernel.' : 'No containers yet: every process runs directly on the host kernel.'))
}
