// "One tenant hurt another": who failed, with which errno, and who caused it,
// as recorded when it happened (names, places and fd counts at that moment).
import type { MachineView } from '../../src/host/types.ts'
import { fmt, h, vtime } from './dom.ts'

export function renderAlerts(root: HTMLElement, v: MachineView): void {
  if (v.alerts.length === 0) {
    root.replaceChildren(h('li', { class: 'dim' }, 'none'))
    return
  }
  root.replaceChildren(...v.alerts.slice(-8).reverse().map((a) =>
    h('li', { class: 'alert' },
      h('strong', {}, a.resource), ` at ${vtime(a.atNs)}${a.count > 1 ? ` (${fmt(a.count)} times)` : ''}: `, a.message,
      h('div', { class: 'dim' },
        `victim ${a.victim.comm}[${a.victim.pid}] in ${a.victim.place} got ${a.victim.errno} holding ${fmt(a.victim.fds)} of its ${fmt(a.victim.nofile)} fds`,
        a.culprit ? ` · culprit ${a.culprit.comm}[${a.culprit.pid}] in ${a.culprit.place} held ${fmt(a.culprit.fds)} fds` : ''))))
}
