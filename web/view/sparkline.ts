// Small SVG sparklines (uPlot isn't installed; a polyline is enough here).
// Built once per series, then only their points and numbers are updated.
import { bytes, fmt, h, s } from './dom.ts'
import type { Samples, Series } from './series.ts'

const W = 220
const H = 40

export function polylinePoints(pts: [number, number][]): { coords: string; ymax: number } {
  const x0 = pts[0]?.[0] ?? 0
  const x1 = pts[pts.length - 1]?.[0] ?? 1
  let ymax = 1
  for (const p of pts) if (p[1] > ymax) ymax = p[1]
  const coords = pts.map(([x, y]) => `${(((x - x0) / Math.max(x1 - x0, 1)) * W).toFixed(1)},${(H - 2 - (y / ymax) * (H - 4)).toFixed(1)}`).join(' ')
  return { coords: coords || `0,${H - 2} ${W},${H - 2}`, ymax }
}

interface Drawn { svg: SVGSVGElement; line: SVGPolylineElement; num: HTMLSpanElement }

export class Sparklines {
  private drawn = new Map<string, Drawn>()
  constructor(private root: HTMLElement) {}

  update(samples: Samples): void {
    if (samples.series.size === 0 && this.drawn.size > 0) { this.root.replaceChildren(); this.drawn.clear() }
    for (const series of samples.series.values()) {
      const d = this.drawn.get(series.label) ?? this.add(series)
      const format = series.label.startsWith('memory') ? bytes : fmt
      const last = series.points[series.points.length - 1]?.[1] ?? 0
      const { coords, ymax } = polylinePoints(series.points)
      d.line.setAttribute('points', coords)
      d.svg.setAttribute('aria-label', `${series.label} over virtual time, now ${format(last)}`)
      d.num.textContent = `${format(last)} (peak ${format(ymax)})`
    }
  }

  private add(series: Series): Drawn {
    const line = s('polyline', { fill: 'none' })
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' }, line)
    const num = h('span', { class: 'num' })
    this.root.append(h('figure', { class: 'spark' }, svg, h('figcaption', {}, h('span', {}, series.label), num)))
    const d = { svg, line, num }
    this.drawn.set(series.label, d)
    return d
  }
}
