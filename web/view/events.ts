// The isolation event log: what the kernel refused or killed, and for whom —
// seccomp and LSM denials, EPT violations, OOM kills, ENFILE/EMFILE — and the
// exploit steps and successes the kernels saw, a VM's guest's tagged with it.
import type { MachineView } from '../../src/host/types.ts'
import { fmt, h, vtime } from './dom.ts'

/** Long details are cut, but an exploit's is the lesson: it stays whole (it wraps). */
const MAX_DETAIL = 90

export function renderEvents(root: HTMLElement, v: MachineView): void {
  const ev = v.events ?? []
  if (ev.length === 0) return void root.replaceChildren(h('p', { class: 'dim' }, 'No isolation events yet: nothing has been denied or killed.'))
  root.replaceChildren(h('ul', { class: 'events' }, ...ev.slice().reverse().map((e) => {
    const whole = e.kind.startsWith('EXPLOIT') || e.detail.length <= MAX_DETAIL
    return h('li', {}, h('span', { class: `badge ev-${e.kind}` }, e.kind), ` ${vtime(e.atNs)} `,
      e.vm ? h('span', { class: 'badge ev-vm' }, `VM ${e.vm}`) : '', e.vm ? ' ' : '',
      e.pid ? `${e.comm || '?'}[${e.pid}] ` : '', h('span', { class: 'dim', title: e.detail }, whole ? e.detail : e.detail.slice(0, MAX_DETAIL - 1) + '…'),
      e.count > 1 ? ` ×${fmt(e.count)}` : '')
  })))
}
