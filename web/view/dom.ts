// Tiny DOM builders (no innerHTML: CSP-friendly and injection-proof).
type Attrs = Record<string, string | number | boolean | undefined>
type Child = Node | string | null | undefined | false

function apply(e: Element, attrs: Attrs, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) e.setAttribute(k, String(v))
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c)
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  apply(e, attrs, children)
  return e
}

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag)
  apply(e, attrs, children)
  return e
}

export function gauge(label: string, value: number, max: number, text: string): HTMLElement {
  const ratio = max > 0 ? value / max : 0
  return h('div', { class: 'gauge' },
    h('span', { class: 'gauge-label' }, label),
    h('meter', { min: 0, max: Math.max(max, 1), value, low: max * 0.7, high: max * 0.9, optimum: 0, 'aria-label': `${label}: ${text}` }),
    h('span', { class: ratio >= 0.9 ? 'gauge-text hot' : 'gauge-text' }, text))
}

// One shared formatter: toLocaleString builds a new one per call (slow in a redraw).
const NUMBER = new Intl.NumberFormat('en-US')
export const fmt = (n: number): string => NUMBER.format(n)

export function bytes(n: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++ }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${u[i]}`
}

export const vtime = (ns: number): string => (ns >= 1e9 ? `${(ns / 1e9).toFixed(3)} s` : `${(ns / 1e6).toFixed(1)} ms`)

/** "1 command", "2 commands". */
export const plural = (n: number, word: string): string => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`
