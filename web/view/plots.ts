// The counters over virtual time as uPlot charts: axes in virtual seconds and
// in the counter's unit, the value under the pointer in the legend, and the
// peak in the caption. Scrubbing the timeline cuts the plots at that moment.
import type uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { bytes, fmt, h } from './dom.ts'
import { firstPrompt } from '../first-prompt.ts'
import { peakOf, upTo, type Samples, type Series } from './series.ts'

interface Drawn { plot: uPlot; caption: HTMLElement; figure: HTMLElement }

const HEIGHT = 90

/** uPlot loads after the first prompt (it is not needed to type), then stays. */
let UPlot: typeof uPlot | null = null
let loading: Promise<void> | null = null

export class Plots {
  private drawn = new Map<string, Drawn>()
  /** `loaded`: uPlot has arrived, draw again (its first draw found nothing to draw with). */
  constructor(private root: HTMLElement, private loaded: () => void) {}

  /** The work of one update, one task per chart (uPlot draws a chart at once; three in one task are a long one). */
  jobs(samples: Samples, untilNs?: number): (() => void)[] {
    if (!UPlot) {
      if (!loading) {
        loading = firstPrompt.then(() => import('uplot')).then((m) => { UPlot = m.default })
        void loading.then(this.loaded)
      }
      return []
    }
    if (samples.series.size === 0) return [() => this.clear()]
    return [...samples.series.values()].map((series) => () => this.updateOne(series, untilNs))
  }

  private clear(): void {
    for (const d of this.drawn.values()) d.plot.destroy()
    this.root.replaceChildren()
    this.drawn.clear()
  }

  private updateOne(series: Series, untilNs?: number): void {
    const d = this.drawn.get(series.label) ?? this.add(series)
    const pts = upTo(series.points, untilNs)
    const format = series.unit === 'bytes' ? bytes : fmt
    const last = pts[pts.length - 1]?.[1] ?? 0
    d.plot.setData([pts.map((p) => p[0] / 1e9), pts.map((p) => p[1])])
    const text = `now ${format(last)} · peak ${format(peakOf(pts))}`
    d.caption.textContent = text
    d.figure.setAttribute('aria-label', `${series.label} over virtual time: ${text}`)
  }

  /** Follow the panel's width (the live view is narrower on a phone). */
  resize(): void {
    for (const d of this.drawn.values()) d.plot.setSize({ width: this.width(), height: HEIGHT })
  }

  private width(): number { return Math.max(200, this.root.clientWidth || 300) }

  private add(series: Series): Drawn {
    const format = series.unit === 'bytes' ? bytes : fmt
    const caption = h('span', { class: 'num' })
    const chart = h('div', { class: 'chart' })
    const figure = h('figure', { class: 'plot', role: 'img' }, h('figcaption', {}, h('span', {}, series.label), caption), chart)
    this.root.append(figure)
    const plot = new UPlot!({
      width: this.width(), height: HEIGHT,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        { stroke: '#a3b1c2', grid: { stroke: '#2a3644' }, ticks: { stroke: '#2a3644' }, values: (_u, xs, _i, _space, incr) => xs.map((x) => seconds(x, incr)), size: 28, font: '11px system-ui' },
        { stroke: '#a3b1c2', grid: { stroke: '#2a3644' }, ticks: { stroke: '#2a3644' }, values: (_u, ys) => ys.map((y) => (series.unit === 'bytes' ? bytes(y) : compact(y))), size: (_u, labels) => axisWidth(labels), font: '11px system-ui' },
      ],
      series: [
        { label: 'virtual time', value: (_u, x) => (x == null ? '–' : seconds(x)) },
        { label: series.label, stroke: '#ffcc66', width: 1.5, fill: 'rgba(255, 204, 102, 0.12)', value: (_u, y) => (y == null ? '–' : format(y)), points: { show: false } },
      ],
    }, [[], []], chart)
    const d = { plot, caption, figure }
    this.drawn.set(series.label, d)
    return d
  }
}

/**
 * Virtual seconds on an axis: 0.0004 → 0.4 ms, 12.5 → 12.5 s; with the ticks' step `incr`, as many
 * decimals as tell the ticks apart (ticks 5 µs apart read 0.005, 0.01, 0.015 ms, not 0.01 three times).
 */
export function seconds(x: number, incr?: number): string {
  const ms = !(Math.abs(x) >= 1 || x === 0)
  const step = incr && incr > 0 ? (ms ? incr * 1000 : incr) : 1
  const decimals = Math.min(6, Math.max(2, Math.ceil(-Math.log10(step) - 1e-9)))
  return ms ? `${+(x * 1000).toFixed(decimals)} ms` : `${+x.toFixed(decimals)} s`
}

/** The y axis's width in px for its widest label at 11px ("233.7 MiB" needs more than "10"), so none is cut at the left. */
export function axisWidth(labels: readonly string[] | null | undefined): number {
  const longest = Math.max(2, ...(labels ?? []).map((l) => l.length))
  return Math.ceil(16 + longest * 6.6)
}

/** 1200 → 1.2k, 1048576 → 1.05M: axis labels that fit. */
function compact(n: number): string {
  if (Math.abs(n) >= 1e6) return `${+(n / 1e6).toFixed(2)}M`
  if (Math.abs(n) >= 1e3) return `${+(n / 1e3).toFixed(1)}k`
  return String(+n.toFixed(2))
}
