// The machine's layers as the seed article draws them: hardware at the bottom,
// one shared host kernel, and on top the places where processes run (host
// userland, each container as a namespaced group of processes). Each VM stands
// on the host kernel as a VMM process, with its own guest kernel and, above
// that, its guest userland and the containers inside it (the hybrid model).
// After an exploit succeeds, the boxes it reached are drawn red (the blast
// radius, as the machine recorded it) and the box it started from outlined.
import type { MachineView, ViewBreach, ViewVm } from '../../src/host/types.ts'
import { bytes, fmt, h, s } from './dom.ts'

/** Row height and the gap between two bands of columns, in px (the diagram is drawn at 1:1, so its 11px labels stay 11px). */
const ROW = 34
const BAND_GAP = 8
/** Average width of a label character at the diagram's 11px font. */
const CHAR_W = 6.2
/** The narrowest column: a label of about 17 characters (a container's name and its count) still fits. */
const MIN_COL = 118
/** Width when the panel is not laid out yet (hidden): a phone's. */
const FALLBACK_W = 360

/**
 * How many columns each band holds when `columns` boxes share `width` px: one band when
 * they fit at MIN_COL each, else as few bands as fit, filled evenly (7 on a phone: 3, 2, 2).
 */
export function bands(columns: number, width: number): number[] {
  const fit = Math.max(1, Math.floor(width / MIN_COL))
  const n = Math.max(1, Math.ceil(columns / fit))
  return Array.from({ length: n }, (_, i) => Math.floor(columns / n) + (i < columns % n ? 1 : 0))
}

export interface LayerActions {
  /** Each container gets an "Open terminal" button (a new tab running `docker exec -it <name> sh`). */
  openTerminal?: (container: string) => void
  /** Each running VM gets an "Open console" button (a tab on its serial console). */
  openConsole?: (vm: string) => void
}

export function placesOf(v: MachineView): { name: string; procs: number }[] {
  const m = new Map<string, number>()
  for (const p of v.processes) m.set(p.place, (m.get(p.place) ?? 0) + 1)
  if (!m.has('host')) m.set('host', 0)
  return [...m].map(([name, procs]) => ({ name, procs })).sort((a, b) => (a.name === 'host' ? -1 : b.name === 'host' ? 1 : a.name.localeCompare(b.name)))
}

/** Everything the diagram shows, as a string: equal signatures draw the same picture. */
export function layersSignature(v: MachineView): string {
  return JSON.stringify([placesOf(v), v.vms ?? [], v.tasks.count, v.kernelRelease, v.hostname, v.cpus, v.memory.totalBytes, v.breaches ?? []])
}

/** A label cut to what fits in `width` (the whole text stays in the box's tooltip and the diagram's description). */
export function fitLabel(text: string, width: number): string {
  const max = Math.max(1, Math.floor((width - 8) / CHAR_W))
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + '…'
}

function box(x: number, y: number, w: number, cls: string, label: string, title: string): SVGGElement {
  return s('g', { class: `layer ${cls}` },
    s('title', {}, title),
    s('rect', { x, y, width: w, height: ROW - 4, rx: 4 }),
    s('text', { x: x + w / 2, y: y + ROW / 2 - 1, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, fitLabel(label, w)))
}

/** What one VM's guest kernel reported reached inside that guest (the hybrid model: it stops there). */
interface GuestReach { from: Set<string>; user: boolean; kernel: boolean; containers: Set<string> }

/** Every breach's reach together: what the attacker has reached since the machine booted, on the host and in each guest. */
export function blastRadius(bs: readonly ViewBreach[]) {
  const host = bs.filter((b) => !b.vm)
  const guests = new Map<string, GuestReach>()
  for (const b of bs.filter((x) => x.vm)) {
    const g = guests.get(b.vm!) ?? { from: new Set<string>(), user: false, kernel: false, containers: new Set<string>() }
    g.from.add(b.from)
    g.user ||= b.reached.host
    g.kernel ||= b.reached.kernel
    for (const c of b.reached.containers) g.containers.add(c)
    guests.set(b.vm!, g)
  }
  return {
    from: new Set(host.map((b) => b.from)),
    host: host.some((b) => b.reached.host),
    kernel: host.some((b) => b.reached.kernel),
    containers: new Set(host.flatMap((b) => b.reached.containers)),
    vms: new Set(host.flatMap((b) => b.reached.vms)),
    vmms: new Set(host.flatMap((b) => b.reached.vmms)),
    guests,
  }
}

const vmmLabel = (vm: ViewVm) => `VMM${vm.vmmPid !== undefined ? ` · pid ${vm.vmmPid}` : ''}`
const short = (place: string) => (place.startsWith('container ') ? place.slice('container '.length) : place)

export function renderLayers(root: HTMLElement, v: MachineView, actions: LayerActions = {}): void {
  // A VM's VMM is a host process too; show it in the VM's column, not as a place of its own.
  const vms = v.vms ?? []
  const vmmPids = new Set(vms.map((m) => m.vmmPid))
  const tenants = placesOf({ ...v, processes: v.processes.filter((p) => !vmmPids.has(p.pid)) })
  // Drawn at the panel's own width (1 unit = 1 px): more columns wrap into bands, they do not shrink the text.
  const W = Math.max(240, Math.floor(root.clientWidth) || FALLBACK_W)
  const columns: ({ tenant: { name: string; procs: number } } | { vm: ViewVm })[] = [...tenants.map((t) => ({ tenant: t })), ...vms.map((vm) => ({ vm }))]
  const counts = bands(columns.length, W)
  const guestRows = (cs: typeof columns) => {
    const inBand = cs.flatMap((c) => ('vm' in c ? [c.vm] : []))
    return inBand.length ? 2 + (inBand.some((m) => (m.guest?.containers.length ?? 0) > 0) ? 1 : 0) : 0
  }
  let at = 0
  const slices = counts.map((n) => columns.slice(at, (at += n)))
  const bandsH = slices.reduce((h, cs) => h + (guestRows(cs) + 1) * ROW, 0) + (slices.length - 1) * BAND_GAP
  const svg = s('svg', { viewBox: `0 0 ${W} ${bandsH + 2 * ROW}`, width: W, height: bandsH + 2 * ROW, role: 'img', 'aria-label': layersText(v, tenants) })
  const blast = blastRadius(v.breaches ?? [])
  /** A box's class with its part in the blast radius: reached (red) or where the attacker started (outlined). */
  const hit = (cls: string, reached: boolean, from = false) => `${cls}${reached ? ' reached' : ''}${from ? ' breach-from' : ''}`
  let y = 0
  for (const cs of slices) {
    const rows = guestRows(cs)
    const cw = W / cs.length
    const base = y + rows * ROW // the band's bottom row: host userland, containers, VMMs
    // Top to bottom: each VM's guest boxes, then the band's bottom row (host userland, containers, VMMs).
    cs.forEach((c, i) => {
      if (!('vm' in c)) return
      const vm = c.vm
      const x = i * cw + 2
      // Reached from the host (its root, a side channel), or from inside by the guest kernel's own report.
      const r = blast.vms.has(vm.name)
      const g = blast.guests.get(vm.name)
      const fromGuest = blast.from.has(`vm ${vm.name}`) || !!g?.from.has('host')
      let gy = y
      if (rows === 3) {
        const inside = vm.guest?.containers ?? []
        const fromC = [...g?.from ?? []].some((f) => f.startsWith('container '))
        if (inside.length) svg.append(box(x, gy, cw - 4, hit('container', r || !!g?.containers.size || fromC, fromC), inside.join(', '), `${vm.name}: containers on the guest kernel: ${inside.join(', ')}`))
        gy += ROW
      }
      svg.append(box(x, gy, cw - 4, hit('guest-user', r || !!g?.user || fromGuest, fromGuest), `${vm.name} · ${vm.guest ? `${fmt(vm.guest.tasks)} tasks` : vm.state}`, `${vm.name}: guest userland (${vm.state})`))
      svg.append(box(x, gy + ROW, cw - 4, hit('guest', r || !!g?.kernel), vm.guest ? `guest ${vm.guest.kernelRelease}` : 'guest kernel (off)', `${vm.name}: its own kernel${vm.guest ? ` ${vm.guest.kernelRelease}` : ''}, ${vm.vcpus} vCPUs, ${bytes(vm.memoryBytes)}`))
    })
    cs.forEach((c, i) => {
      const x = i * cw + 2
      if ('vm' in c) return void svg.append(box(x, base, cw - 4, hit('vmm', blast.vmms.has(c.vm.name)), vmmLabel(c.vm), `${c.vm.name}: the VMM, a host process (hypervisor via KVM)`))
      const p = c.tenant
      const kind = p.name === 'host' ? 'userland' : 'container'
      const label = p.name === 'host' ? `host userland · ${p.procs}` : `${short(p.name)} · ${p.procs}`
      const reached = p.name === 'host' ? blast.host : blast.containers.has(short(p.name))
      const from = blast.from.has(p.name)
      svg.append(box(x, base, cw - 4, hit(kind, reached || from, from), label, `${p.name}: ${p.procs} processes${kind === 'container' ? ' (namespaced processes on the shared kernel)' : ''}`))
    })
    y = base + ROW + BAND_GAP
  }
  y -= BAND_GAP
  svg.append(box(2, y, W - 4, hit('kernel', blast.kernel), `host kernel ${v.kernelRelease}${vms.length ? ' + KVM' : ''} · ${v.hostname} · ${fmt(v.tasks.count)} tasks`, 'one kernel shared by every container'))
  y += ROW
  svg.append(box(2, y, W - 4, 'hardware', `hardware · ${v.cpus} CPUs · ${bytes(v.memory.totalBytes)} RAM`, 'physical machine'))
  const caption = vms.length
    ? 'Containers share the host kernel; each VM runs its own guest kernel on the hypervisor.'
    : tenants.length > 1 ? 'Containers are processes with namespaces; they all sit on the same kernel.' : 'No containers or VMs yet: every process runs directly on the host kernel.'
  root.replaceChildren(svg, h('p', { class: 'caption' }, caption))
  for (const b of v.breaches ?? []) root.append(h('p', { class: 'breach', role: 'status' }, breachText(b)))
  const list = h('ul', { class: 'container-actions' })
  if (actions.openTerminal) {
    for (const c of tenants.filter((p) => p.name.startsWith('container '))) {
      const name = short(c.name)
      const b = h('button', { type: 'button', class: 'open-terminal', 'aria-label': `Open terminal in container ${name}` }, `Open terminal · ${name}`)
      b.addEventListener('click', () => actions.openTerminal!(name))
      list.append(h('li', {}, b))
    }
  }
  if (actions.openConsole) {
    for (const vm of vms.filter((m) => m.guest)) {
      const b = h('button', { type: 'button', class: 'open-console', 'aria-label': `Open the console of VM ${vm.name}` }, `Open console · ${vm.name}`)
      b.addEventListener('click', () => actions.openConsole!(vm.name))
      list.append(h('li', {}, b))
    }
  }
  if (list.childElementCount) root.append(list)
}

/** The diagram in words, for screen readers. */
function layersText(v: MachineView, tenants: { name: string; procs: number }[]): string {
  const vms = v.vms ?? []
  return `Layers, top to bottom: ${vms.map((m) => `VM ${m.name} (${m.state}) with its own guest kernel${m.guest ? ` ${m.guest.kernelRelease}` : ''}${m.guest?.containers.length ? ` and containers ${m.guest.containers.join(', ')}` : ''}, `).join('')}` +
    `${tenants.map((t) => `${t.name === 'host' ? 'host userland' : t.name} with ${t.procs} processes`).join(', ')}; ` +
    `the host kernel ${v.kernelRelease} shared by all; hardware with ${v.cpus} CPUs and ${bytes(v.memory.totalBytes)} RAM.`
}

/** "Blast radius: exploit[412] in container atk: kmalloc-4k heap overflow ran …. Reached: the host's userland, the host kernel and container victim (root in …)." */
export function breachText(b: ViewBreach): string {
  const r = b.reached
  const where = b.vm ? 'the guest' : 'the host'
  const plural = (n: number, word: string) => (n > 1 ? `${word}s` : word)
  const parts = [
    r.host ? `${where}'s userland` : '',
    r.kernel ? `${where} kernel` : '',
    r.containers.length ? `${plural(r.containers.length, 'container')} ${r.containers.join(', ')}` : '',
    r.vms.length ? `${plural(r.vms.length, 'VM')} ${r.vms.join(', ')}` : '',
    r.vmms.length ? `the ${plural(r.vmms.length, 'VMM')} of ${r.vmms.join(', ')}` : '',
  ].filter(Boolean)
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0] ?? `nothing beyond ${b.from}`
  return `Blast radius: ${b.comm}[${b.pid}] in ${b.from}${b.vm ? ` inside VM ${b.vm}` : ''}: ${b.what}. Reached: ${list} (${b.how}).`
}
