// `density` and `cost` in the page: a form whose fields are the programs'
// flags. The worker runs the programs themselves on a fresh seeded machine
// (they measure a probe container there), so the page shows exactly what the
// terminal prints for the command line it shows above it.
import type { MachineClient } from '../machine/client.ts'
import { h } from './dom.ts'

/** The form's fields: the flag, its label, the CLI's default, and what a value looks like. */
const FIELDS = [
  { flag: 'host-memory', label: 'Host RAM', value: '32G', hint: 'a size: 32G, 256G' },
  { flag: 'workload', label: 'Each application', value: '50M', hint: 'a size: 50M, 2G' },
  { flag: 'vm-memory', label: 'RAM per VM', value: '4G', hint: 'a size: 4G' },
  { flag: 'host-price', label: 'Host price per month (USD, cost)', value: '1000', hint: 'an amount: 1000' },
  { flag: 'tenants', label: 'Tenants (cost; empty: 10 and 100)', value: '', hint: 'a whole number' },
] as const

export function renderPlanner(root: HTMLElement, client: MachineClient): void {
  root.hidden = false
  const inputs = FIELDS.map((f) => h('input', { name: f.flag, value: f.value, placeholder: f.hint, 'aria-label': f.label, autocomplete: 'off', spellcheck: 'false' }))
  const ksm = h('input', { type: 'checkbox', name: 'ksm' })
  const result = h('div', { class: 'planner-result', 'aria-live': 'polite' })
  const buttons = (['density', 'cost'] as const).map((p) => h('button', { type: 'submit', value: p }, p === 'density' ? 'How many fit (density)' : 'What it costs (cost)'))
  const form = h('form', { class: 'planner-form', 'aria-label': 'Host and workload' },
    ...FIELDS.map((f, i) => h('label', {}, h('span', {}, f.label), inputs[i]!)),
    h('label', { class: 'switch' }, ksm, h('span', {}, 'KSM: VMs share identical guest kernel pages (--ksm)')),
    h('div', { class: 'planner-buttons' }, ...buttons))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const program = ((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'cost' ? 'cost' : 'density'
    const options: Record<string, string | boolean> = { ksm: ksm.checked }
    FIELDS.forEach((f, i) => {
      // cost's own flags mean nothing to density.
      if (program === 'density' && (f.flag === 'host-price' || f.flag === 'tenants')) return
      options[f.flag] = inputs[i]!.value
    })
    for (const b of buttons) b.disabled = true
    result.replaceChildren(h('p', { class: 'dim' }, `Running ${program} on a fresh machine (it measures a probe container there)…`))
    void client.api.planner(program, options).then((r) => {
      for (const b of buttons) b.disabled = false
      if (!r.ok) return void result.replaceChildren(h('p', { class: 'error' }, r.error.message))
      const { command, status, stdout, stderr } = r.value
      result.replaceChildren(
        h('p', {}, 'In the terminal: ', h('code', {}, command)),
        ...(stdout ? [h('pre', { class: 'planner-output', tabindex: 0, 'aria-label': `${program} output` }, stdout)] : []),
        ...(status !== 0 || stderr ? [h('p', { class: 'error' }, stderr.trim() || `${program} exited with status ${status}`)] : []))
      result.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
    })
  })
  root.replaceChildren(
    h('h2', {}, 'How many fit, and what it costs'),
    h('a', { href: './', class: 'close' }, '← Back to the terminal'),
    h('p', {}, 'The article\'s density and cost tables, computed here: ', h('code', {}, 'density'),
      ' packs a host with VMs, then with containers, from parts measured on a fresh simulated machine; ', h('code', {}, 'cost'),
      ' prices the hosts that takes. The form runs the same programs as the terminal, with these fields as their flags.'),
    form, result)
}
