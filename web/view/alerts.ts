// "One tenant hurt another": who failed, with which errno, and who caused it.
import type { MachineView } from '../../src/host/types.ts'
import { h, vtime } from './dom.ts'

export function renderAlerts(root: HTMLElement, v: MachineView): void {
  if (v.alerts.length === 0) {
    root.replaceChildren(h('li', { class: 'dim' }, 'none'))
    return
  }
  root.replaceChildren(...v.alerts.slice(-8).reverse().map((a) =>
    h('li', { class: 'alert' },
      h('strong', {}, a.resource), ` at ${vtime(a.atNs)}: `, a.message,
      h('div', { class: 'dim' }, `victim ${a.victim.comm}[${a.victim.pid}] in ${a.victim.place} got ${a.victim.errno}`,
        a.culprit ? ` · culprit ${a.culprit.comm}[${a.culprit.pid}] in ${a.culprit.place}` : ''))))
}
