// `advise` in the page: the article's decision matrix as a form. The
// questions, the recommendation and its reasons come from the worker, which
// runs the same `advise --json` as the terminal on a fresh seeded machine, so
// every figure quoted is one measured there. Each reason links to its lab.
import type { AdvisorQuestion, AdvisorResult } from '../../src/worker/api.ts'
import type { MachineClient } from '../machine/client.ts'
import { bytes, h, vtime } from './dom.ts'

export async function renderAdvisor(root: HTMLElement, client: MachineClient): Promise<void> {
  root.hidden = false
  root.replaceChildren(h('h2', {}, 'VMs or containers? The decision advisor'), h('p', { class: 'dim' }, 'Loading the questions…'))
  const qs = await client.api.adviseQuestions()
  if (!qs.ok) return void root.replaceChildren(h('p', { class: 'error' }, `advise: ${qs.error.message}`))
  const result = h('div', { class: 'advice', 'aria-live': 'polite' })
  const button = h('button', { type: 'submit' }, 'Recommend')
  const form = h('form', { class: 'advise-form', 'aria-label': 'Your situation' }, ...qs.value.map(fieldset), h('div', {}, button))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const answers: Record<string, string> = {}
    for (const q of qs.value) {
      const checked = form.querySelector<HTMLInputElement>(`input[name="${q.key}"]:checked`)
      if (checked) answers[q.key] = checked.value
    }
    button.disabled = true
    result.replaceChildren(h('p', { class: 'dim' }, 'Measuring on a fresh machine (a container start, the boot model, a density packing)…'))
    void client.api.advise(answers).then((r) => {
      button.disabled = false
      result.replaceChildren(...(r.ok ? advice(r.value) : [h('p', { class: 'error' }, r.error.message)]))
      // On a phone the answer lands below the questions: bring it into view.
      result.scrollIntoView({ block: 'start', behavior: 'smooth' })
    })
  })
  root.replaceChildren(
    h('h2', {}, 'VMs or containers? The decision advisor'),
    h('a', { href: './', class: 'close' }, '← Back to the terminal'),
    h('p', {}, 'The article\'s decision matrix as questions. Your answers run ', h('code', {}, 'advise'),
      ' on a fresh simulated machine: every figure in the reasons is measured there, and each reason names the lab that shows it. In the terminal: ',
      h('code', {}, 'advise'), ' (or ', h('code', {}, 'advise --trust untrusted --json'), ').'),
    form, result)
}

function fieldset(q: AdvisorQuestion): HTMLElement {
  return h('fieldset', { class: 'advise-q' }, h('legend', {}, q.text),
    ...q.choices.map((c) => h('label', {}, h('input', { type: 'radio', name: q.key, value: c, checked: c === q.default }), ` ${c}`)))
}

function advice(a: AdvisorResult): HTMLElement[] {
  const f = a.figures
  return [
    h('h3', { class: 'recommendation' }, `Recommendation: ${a.recommendation}`),
    h('p', {}, a.summary),
    h('ul', { class: 'reasons' }, ...a.reasons.map((r) => h('li', {}, r.text, ' ', h('a', { href: `?lab=${encodeURIComponent(r.lab)}` }, `lab: ${r.lab}`)))),
    h('h4', {}, `Measured on this machine (seed ${a.seed}, virtual time)`),
    h('dl', { class: 'figures' },
      h('dt', {}, 'container start (docker run --rm alpine true)'), h('dd', {}, vtime(f.containerStartNs)),
      h('dt', {}, 'full VM boot'), h('dd', {}, vtime(f.vmBootNs)),
      h('dt', {}, 'microVM boot'), h('dd', {}, vtime(f.microvmBootNs)),
      h('dt', {}, 'memory per VM beyond its application'), h('dd', {}, bytes(f.vmOverheadBytes)),
      h('dt', {}, 'memory per container beyond its application'), h('dd', {}, bytes(f.containerOverheadBytes)),
      h('dt', {}, 'a 32 GiB host holds'), h('dd', {}, `${f.vmsPerHost} VMs or ${f.containersPerHost} containers`)),
  ]
}
