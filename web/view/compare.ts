// `isolab compare CVE` in the page: the same exploit in seven topologies, side
// by side. Each topology is drawn as the four places an attacker might reach
// (its own sandbox, other containers, the host, other VMs), red where the
// probe read that place's secret, with the outcome and what stopped it.
import type { Comparison, Place } from '../../src/worker/api.ts'
import { h } from './dom.ts'

const PLACES: { id: Place; text: string }[] = [
  { id: 'vms', text: 'other VMs' }, { id: 'host', text: 'host' }, { id: 'containers', text: 'other containers' }, { id: 'own', text: 'own sandbox' },
]

export function renderComparison(root: HTMLElement, c: Comparison): void {
  root.hidden = false
  const cards = c.rows.map((r) => h('figure', { class: `topo ${r.outcome.replace(' ', '-')}`, 'aria-label': `${r.label}: ${r.outcome}` },
    h('figcaption', {}, h('strong', {}, r.label), h('span', { class: `badge ${r.outcome.replace(' ', '-')}` }, r.outcome)),
    h('div', { class: 'places' }, ...PLACES.map((p) => h('div', { class: `place${r.reached[p.id] ? ' reached' : ''}` }, p.text))),
    h('p', { class: 'dim' }, r.stoppedBy ? `stopped by: ${r.stoppedBy}` : 'nothing stopped it')))
  const table = h('table', { class: 'fds compare-table', 'aria-label': `${c.cve} by topology` },
    h('thead', {}, h('tr', {}, ...['topology', 'outcome', 'reached', 'stopped by'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...c.rows.map((r) => h('tr', {}, h('td', {}, r.label), h('td', {}, r.outcome),
      h('td', {}, PLACES.filter((p) => r.reached[p.id]).map((p) => p.text).join(', ') || 'nothing'), h('td', {}, r.stoppedBy || '–')))))
  root.replaceChildren(
    h('h2', {}, `${c.cve}: one exploit, seven topologies`),
    h('p', { class: 'dim' }, `Kernel ${c.versions.kernel}, runc ${c.versions.runc}, QEMU ${c.versions.qemu}, seed ${c.seed}. Red: the attacker read that place's secret.`),
    h('div', { class: 'topos' }, ...cards), table,
    h('p', {}, 'Isolation has a price in memory: ', h('a', { href: '?density' }, 'how many VMs or containers fit on a host, and what they cost'), '.'),
    h('a', { href: './', class: 'close' }, '← Back to the terminal'))
}
