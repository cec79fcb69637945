// The isolation event log: what the kernel refused or killed, and for whom —
// seccomp and LSM denials, EPT violations, OOM kills, ENFILE/EMFILE.
import type { MachineView } from '../../src/host/types.ts'
import { fmt, h, vtime } from './dom.ts'

export function renderEvents(root: HTMLElement, v: MachineView): void {
  const ev = v.events ?? []
  if (ev.length === 0) return void root.replaceChildren(h('p', { class: 'dim' }, 'No isolation events yet: nothing has been denied or killed.'))
  root.replaceChildren(h('ul', { class: 'events' }, ...ev.slice().reverse().map((e) =>
    h('li', {}, h('span', { class: `badge ev-${e.kind}` }, e.kind), ` ${vtime(e.atNs)} `,
      e.pid ? `${e.comm || '?'}[${e.pid}] ` : '', h('span', { class: 'dim' }, e.detail.length > 90 ? e.detail.slice(0, 89) + '…' : e.detail),
      e.count > 1 ? ` ×${fmt(e.count)}` : ''))))
}
