// The kernel's last log lines (dmesg): where the OOM killer, file-max and
// the hypervisor report what they did.
import type { MachineView } from '../../src/host/types.ts'
import { h } from './dom.ts'

export function renderDmesg(root: HTMLElement, v: MachineView): void {
  if (v.dmesgTail.length === 0) return void root.replaceChildren(h('p', { class: 'dim' }, 'The kernel has logged nothing yet.'))
  root.replaceChildren(h('pre', { class: 'dmesg' }, v.dmesgTail.join('\n')))
}
