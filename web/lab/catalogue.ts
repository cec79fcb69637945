// The catalogue page: every shipped lab and scenario by topic, with the
// article claim each one tests, linking to ?lab=ID or ?scenario=ID. Also the
// door for a lab file of one's own (a file picker or a same-origin URL).
import { h } from '../view/dom.ts'
import type { Heading } from './catalogue-data.ts'
import { SHIPPED } from './files.ts'

type Entry = Heading & { id: string }

const COMPARE: [string, string][] = [
  ['CVE-2022-0185', 'a kernel heap overflow: containers share the kernel it corrupts'],
  ['CVE-2022-0847', 'Dirty Pipe: overwriting read-only files through the page cache'],
  ['CVE-2019-5736', 'runc: a container overwrites the host\'s runc binary'],
  ['CVE-2024-21626', 'runc: a leaked fd to the host\'s filesystem'],
  ['CVE-2015-3456', 'VENOM: a guest escapes through QEMU\'s floppy controller'],
]

const TOPICS = ['containers', 'namespaces', 'cgroups', 'security', 'vm', 'hybrid', 'measure']

export async function renderCatalogue(root: HTMLElement, open: (file: { name: string; text: string }) => void): Promise<void> {
  root.hidden = false
  root.replaceChildren(h('h2', {}, 'Labs and scenarios'), h('p', { class: 'dim' }, 'Loading…'))
  const { HEADINGS } = await import('./catalogue-data.ts')
  const entries: Entry[] = []
  for (const s of SHIPPED) {
    const d = HEADINGS[s.path]
    // A broken shipped file is caught by the lab tests; leave it out here.
    if (d && typeof d.title === 'string') entries.push({ ...d, id: s.id })
  }
  const sections = TOPICS.map((topic) => {
    const list = entries.filter((e) => e.topic === topic).sort((a, b) => (a.kind === b.kind ? a.title.localeCompare(b.title) : a.kind === 'lab' ? -1 : 1))
    if (!list.length) return null
    return h('section', { class: 'cat-topic', 'aria-labelledby': `cat-${topic}` },
      h('h3', { id: `cat-${topic}` }, topic),
      h('ul', {}, ...list.map((e) => h('li', {},
        h('a', { href: `?${e.kind === 'lab' ? 'lab' : 'scenario'}=${encodeURIComponent(e.id)}` }, e.title),
        h('span', { class: `badge ${e.kind}` }, e.kind === 'lab' ? `lab${e.minutes ? ` · ${e.minutes} min` : ''}` : 'scenario'),
        h('div', { class: 'dim' }, e.summary),
        e.claim ? h('div', { class: 'claim' }, `Claim: “${e.claim}”`) : null))))
  })
  const picker = h('input', { type: 'file', accept: '.yaml,.yml,text/yaml', id: 'lab-file', class: 'visually-hidden' })
  picker.addEventListener('change', async () => {
    const f = picker.files?.[0]
    picker.value = ''
    if (f) open({ name: f.name, text: await f.text() })
  })
  const url = h('input', { type: 'url', id: 'lab-url', placeholder: 'labs/my-lab.yaml (this site)', 'aria-label': 'Lab file URL' })
  const go = h('button', { type: 'button' }, 'Open URL')
  go.addEventListener('click', async () => {
    const u = url.value.trim()
    if (!u) return
    // Same origin only (the page's CSP); the text is validated like any file.
    const r = await fetch(u).catch((e: unknown) => e as Error)
    if (r instanceof Error || !r.ok) return open({ name: u, text: `# could not fetch ${u}: ${r instanceof Error ? r.message : `HTTP ${r.status}`}\n` })
    open({ name: u.replace(/^.*\//, ''), text: await r.text() })
  })
  const close = h('a', { href: './', class: 'close' }, '← Back to the terminal')
  root.replaceChildren(
    h('h2', {}, 'Labs and scenarios'), close,
    h('p', {}, 'A lab gives you tasks and checks them on the live machine; a scenario plays a demonstration step by step. Each tests a claim of the article on containers and VMs.'),
    ...sections.filter((x) => x !== null),
    h('section', { class: 'cat-compare', 'aria-labelledby': 'cat-compare' }, h('h3', { id: 'cat-compare' }, 'One exploit, seven topologies (isolab compare)'),
      h('ul', {}, ...COMPARE.map(([id, what]) => h('li', {}, h('a', { href: `?compare=${id}` }, id), h('div', { class: 'dim' }, what))))),
    h('section', { class: 'cat-advise', 'aria-labelledby': 'cat-advise' }, h('h3', { id: 'cat-advise' }, 'Which one for you? (isolab advise)'),
      h('p', {}, h('a', { href: '?advise' }, 'The decision advisor'), ': the article\'s decision matrix as questions, answered with figures measured on the simulated machine.')),
    h('section', { class: 'cat-own', 'aria-labelledby': 'cat-own' }, h('h3', { id: 'cat-own' }, 'Your own lab file'),
      h('p', { class: 'dim' }, 'A YAML lab file (docs/labs.md): it is validated, and errors are shown at their line and column.'),
      h('label', { class: 'file-btn', for: 'lab-file' }, 'Open a lab file…'), picker, ' ', url, ' ', go))
}
