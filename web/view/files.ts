// fs.file-nr against fs.file-max (the one table every tenant shares), and the
// processes holding the most descriptors against their own RLIMIT_NOFILE.
import type { MachineView } from '../../src/host/types.ts'
import { fmt, gauge, h } from './dom.ts'

export function renderFiles(root: HTMLElement, v: MachineView): void {
  const top = [...v.processes].sort((a, b) => b.fds - a.fds).slice(0, 6)
  root.replaceChildren(
    gauge('file-nr', v.files.nr, v.files.max, `${fmt(v.files.nr)} / ${fmt(v.files.max)}`),
    h('table', { class: 'fds', 'aria-label': 'Open file descriptors per process' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'pid'), h('th', { scope: 'col' }, 'comm'), h('th', { scope: 'col' }, 'place'), h('th', { scope: 'col' }, 'fds / nofile'))),
      h('tbody', {}, ...top.map((p) => h('tr', { class: p.fds >= p.rlimitNofile ? 'hot' : undefined },
        h('td', {}, String(p.pid)), h('td', {}, p.comm), h('td', {}, p.place), h('td', {}, `${fmt(p.fds)} / ${fmt(p.rlimitNofile)}`))))))
}
