// The machine's layers as the seed article draws them: hardware at the bottom,
// one shared host kernel, and on top the places where processes run (host
// userland, each container as a namespaced group of processes). VMs, when the
// view reports them (MachineView.vms), stand on the host kernel as a VMM
// process with their own guest kernel and guest userland stacked above it.
import type { MachineView, ViewVm } from '../../src/host/types.ts'
import { bytes, fmt, h, s } from './dom.ts'

const W = 360
const ROW = 34

export function placesOf(v: MachineView): { name: string; procs: number }[] {
  const m = new Map<string, number>()
  for (const p of v.processes) m.set(p.place, (m.get(p.place) ?? 0) + 1)
  if (!m.has('host')) m.set('host', 0)
  return [...m].map(([name, procs]) => ({ name, procs })).sort((a, b) => (a.name === 'host' ? -1 : b.name === 'host' ? 1 : a.name.localeCompare(b.name)))
}

/** Everything the diagram shows, as a string: equal signatures draw the same picture. */
export function layersSignature(v: MachineView): string {
  return JSON.stringify([placesOf(v), v.vms ?? [], v.tasks.count, v.kernelRelease, v.hostname, v.cpus, v.memory.totalBytes])
}

function box(x: number, y: number, w: number, cls: string, label: string, title: string): SVGGElement {
  return s('g', { class: `layer ${cls}` },
    s('title', {}, title),
    s('rect', { x, y, width: w, height: ROW - 4, rx: 4 }),
    s('text', { x: x + w / 2, y: y + ROW / 2 + 1, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, label))
}

/** The short ID of the Docker container behind a place, from its processes' cgroup (cgroupfs driver: /docker/<id>). */
export function containerIdOf(v: MachineView, place: string): string | undefined {
  for (const p of v.processes) {
    const m = p.place === place ? /^\/docker\/([0-9a-f]{64})$/.exec(p.cgroup) : null
    if (m) return m[1]!.slice(0, 12)
  }
  return undefined
}

const vmmLabel = (vm: ViewVm) => `VMM${vm.vmmPid !== undefined ? ` · pid ${vm.vmmPid}` : ''}`

/** `openTerminal`: each container gets an "Open terminal" button (a new tab running `docker exec -it <name> sh`). */
export function renderLayers(root: HTMLElement, v: MachineView, openTerminal?: (container: string) => void): void {
  // A VM's VMM is a host process too; show it in the VM's column, not as a place of its own.
  const vms = v.vms ?? []
  const vmmPids = new Set(vms.map((m) => m.vmmPid))
  const tenants = placesOf({ ...v, processes: v.processes.filter((p) => !vmmPids.has(p.pid)) })
  const columns = tenants.length + vms.length
  const rows = 3 + (vms.length ? 2 : 0)
  const svg = s('svg', { viewBox: `0 0 ${W} ${rows * ROW}`, role: 'img', 'aria-label': layersText(v, tenants) })
  const cw = W / Math.max(columns, 1)
  let y = 0
  if (vms.length) {
    // Guest userland and guest kernel, above each VM's VMM.
    vms.forEach((vm, i) => {
      const x = (tenants.length + i) * cw + 2
      svg.append(box(x, y, cw - 4, 'guest-user', `${vm.name} · ${vm.guest ? `${fmt(vm.guest.tasks)} tasks` : vm.state}`, `${vm.name}: guest userland (${vm.state})`))
      svg.append(box(x, y + ROW, cw - 4, 'guest', vm.guest ? `guest kernel ${vm.guest.kernelRelease}` : 'guest kernel', `${vm.name}: its own kernel, ${vm.vcpus} vCPUs, ${bytes(vm.memoryBytes)}`))
    })
    y += 2 * ROW
  }
  tenants.forEach((p, i) => {
    const kind = p.name === 'host' ? 'userland' : 'container'
    const label = p.name === 'host' ? `host userland · ${p.procs}` : `${p.name} · ${p.procs}`
    svg.append(box(i * cw + 2, y, cw - 4, kind, label, `${p.name}: ${p.procs} processes${kind === 'container' ? ' (namespaced processes on the shared kernel)' : ''}`))
  })
  vms.forEach((vm, i) => svg.append(box((tenants.length + i) * cw + 2, y, cw - 4, 'vmm', vmmLabel(vm), `${vm.name}: the VMM, a host process (hypervisor via KVM)`)))
  y += ROW
  svg.append(box(2, y, W - 4, 'kernel', `host kernel ${v.kernelRelease}${vms.length ? ' + KVM' : ''} · ${v.hostname} · ${fmt(v.tasks.count)} tasks`, 'one kernel shared by every container'))
  y += ROW
  svg.append(box(2, y, W - 4, 'hardware', `hardware · ${v.cpus} CPUs · ${bytes(v.memory.totalBytes)} RAM`, 'physical machine'))
  const caption = vms.length
    ? 'Containers share the host kernel; each VM runs its own guest kernel on the hypervisor.'
    : tenants.length > 1 ? 'Containers are processes with namespaces; they all sit on the same kernel.' : 'No containers yet: every process runs directly on the host kernel.'
  root.replaceChildren(svg, h('p', { class: 'caption' }, caption))
  const containers = tenants.filter((p) => p.name.startsWith('container '))
  if (openTerminal && containers.length) {
    // The place is "container <hostname>" (the ID's first 12 digits unless --hostname set it); docker exec
    // is given the ID from the processes' cgroup (/docker/<64 hex>), which it knows whatever the hostname.
    const list = h('ul', { class: 'container-actions' })
    for (const c of containers) {
      const name = c.name.slice('container '.length)
      const target = containerIdOf(v, c.name) ?? name
      const b = h('button', { type: 'button', class: 'open-terminal', 'aria-label': `Open terminal in container ${name}` }, `Open terminal · ${name}`)
      b.addEventListener('click', () => openTerminal(target))
      list.append(h('li', {}, b))
    }
    root.append(list)
  }
}

/** The diagram in words, for screen readers. */
function layersText(v: MachineView, tenants: { name: string; procs: number }[]): string {
  const vms = v.vms ?? []
  return `Layers, top to bottom: ${vms.map((m) => `VM ${m.name} (${m.state}) with its own guest kernel, `).join('')}` +
    `${tenants.map((t) => `${t.name === 'host' ? 'host userland' : `container ${t.name}`} with ${t.procs} processes`).join(', ')}; ` +
    `the host kernel ${v.kernelRelease} shared by all; hardware with ${v.cpus} CPUs and ${bytes(v.memory.totalBytes)} RAM.`
}
