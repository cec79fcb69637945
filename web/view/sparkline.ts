// A small SVG sparkline (uPlot isn't installed; a polyline is enough here).
import { fmt, h, s } from './dom.ts'
import type { Series } from './series.ts'

const W = 220
const H = 40

export function sparkline(series: Series, format: (n: number) => string = fmt): HTMLElement {
  const pts = series.points
  const last = pts[pts.length - 1]?.[1] ?? 0
  const x0 = pts[0]?.[0] ?? 0
  const x1 = pts[pts.length - 1]?.[0] ?? 1
  const ymax = Math.max(1, ...pts.map((p) => p[1]))
  const coords = pts.map(([x, y]) => `${(((x - x0) / Math.max(x1 - x0, 1)) * W).toFixed(1)},${(H - 2 - (y / ymax) * (H - 4)).toFixed(1)}`).join(' ')
  return h('figure', { class: 'spark' },
    s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${series.label} over virtual time, now ${format(last)}` },
      s('polyline', { points: coords || `0,${H - 2} ${W},${H - 2}`, fill: 'none' })),
    h('figcaption', {}, h('span', {}, series.label), h('span', { class: 'num' }, `${format(last)} (peak ${format(ymax)})`)))
}
