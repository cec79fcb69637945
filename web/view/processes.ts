// Processes grouped by where they run and their pid namespace: what a
// container "is" (a group of ordinary processes with a different view).
// A group the learner folded stays folded across redraws. Under each process,
// the threat model's three questions: what it may do (capabilities), which
// syscalls it may make (seccomp), and its LSM confinement (AppArmor label).
import type { MachineView, ViewProcess } from '../../src/host/types.ts'
import { capsSummary, SECCOMP_MODES } from '../../src/worker/threat.ts'
import { h } from './dom.ts'

const MAX_ROWS = 60

export function groupProcesses(ps: ViewProcess[]): { key: string; procs: ViewProcess[] }[] {
  const m = new Map<string, ViewProcess[]>()
  for (const p of ps) {
    const key = `${p.place} · pid ns ${p.ns.pid ?? '?'}`
    const list = m.get(key) ?? []
    list.push(p)
    m.set(key, list)
  }
  return [...m].map(([key, procs]) => ({ key, procs }))
}

export class ProcessPanel {
  /** Groups folded by the learner, by key. */
  readonly folded = new Set<string>()
  constructor(private root: HTMLElement) {}

  render(v: MachineView): void {
    const groups = groupProcesses(v.processes)
    if (groups.length === 0) return void this.root.replaceChildren(h('p', { class: 'dim' }, 'no processes'))
    this.root.replaceChildren(...groups.map(({ key, procs }) => {
      const summary = h('summary', {}, `${key} — ${procs.length} process${procs.length === 1 ? '' : 'es'}`)
      const d = h('details', { class: 'ns-group', open: !this.folded.has(key) }, summary,
        h('ul', { class: 'procs' }, ...procs.slice(0, MAX_ROWS).map((p) =>
          h('li', {}, h('span', { class: `state st-${p.state}`, title: `state ${p.state}` }, p.state), ` ${p.pid} ${p.comm}`, h('span', { class: 'dim' }, ` uid ${p.uid} · ${p.fds} fds`), confinement(p))),
          procs.length > MAX_ROWS ? h('li', { class: 'dim' }, `… ${procs.length - MAX_ROWS} more`) : null))
      // The learner's click (or Enter on the summary), not 'toggle': a redraw's new element fires 'toggle' too.
      summary.addEventListener('click', () => { if (d.open) this.folded.add(key); else this.folded.delete(key) })
      return d
    }))
  }
}

/** "caps docker default · seccomp 2 · docker-default (enforce)", the capability names in its tooltip. */
function confinement(p: ViewProcess): HTMLElement {
  const caps = capsSummary(p.capEff)
  const seccomp = SECCOMP_MODES[p.seccomp] ?? String(p.seccomp)
  const title = `CapEff ${p.capEff}${caps.names.length ? ` = ${caps.names.join(',')}` : ''}\nSeccomp: ${seccomp}\nattr/current: ${p.lsm}`
  return h('span', { class: 'confinement', title },
    h('span', { class: caps.short === 'full' ? 'risk' : undefined }, `caps ${caps.short}`), ' · ',
    h('span', { class: p.seccomp === 0 ? 'risk' : undefined }, `seccomp ${p.seccomp}`), ' · ',
    h('span', { class: p.lsm === 'unconfined' ? 'risk' : undefined }, p.lsm))
}
