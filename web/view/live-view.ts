// Draws the live view from one MachineView. Cheap on purpose, because it runs
// on the page's main thread beside the terminals while the machine is busy:
// at most one draw per `minGapMs` (a few per second is plenty for eyes), and
// each panel is rebuilt only when its part of the view changed (views are
// immer states, so an unchanged part keeps its identity).
import type { MachineView } from '../../src/host/types.ts'
import { renderAlerts } from './alerts.ts'
import { renderCgroups } from './cgroups.ts'
import { renderDmesg } from './dmesg.ts'
import { renderEvents } from './events.ts'
import { renderFiles } from './files.ts'
import { layersSignature, renderLayers, type LayerActions } from './layers.ts'
import { Plots } from './plots.ts'
import { ProcessPanel } from './processes.ts'
import { Samples } from './series.ts'

export type Panel = 'layers' | 'files' | 'procs' | 'cgroups' | 'alerts' | 'events' | 'dmesg' | 'plots'
const ALL: Panel[] = ['layers', 'files', 'procs', 'cgroups', 'alerts', 'events', 'dmesg', 'plots']
interface Drawn { v: MachineView; layers: string; samples: number; past: boolean }

/** The panels whose data differs from what is on screen (all of them on the first draw). */
export function panelsToDraw(d: Drawn | null, v: MachineView, layers: string, samples: number, past = false): Panel[] {
  if (!d || d.past !== past) return ALL.slice()
  const out: Panel[] = []
  if (d.layers !== layers) out.push('layers')
  if (d.v.files !== v.files || d.v.processes !== v.processes) out.push('files')
  if (d.v.processes !== v.processes) out.push('procs')
  if (d.v.cgroups !== v.cgroups || d.v.tasks.pidMax !== v.tasks.pidMax || d.v.memory.totalBytes !== v.memory.totalBytes) out.push('cgroups')
  if (d.v.alerts !== v.alerts) out.push('alerts')
  if (d.v.events !== v.events) out.push('events')
  if (d.v.dmesgTail !== v.dmesgTail) out.push('dmesg')
  if (d.samples !== samples || d.v.nowNs !== v.nowNs) out.push('plots')
  return out
}

export class LiveView {
  readonly samples = new Samples()
  private pending: { v: MachineView; past: boolean } | null = null
  private scheduled = false
  private lastDrawAt = -Infinity
  private drawn: Drawn | null = null
  private plots: Plots
  private procs: ProcessPanel
  private panel: (name: Panel) => HTMLElement
  /** Draw counts and time, for the benchmark. */
  readonly stats = { draws: 0, panels: 0, ms: 0, maxMs: 0, byPanel: {} as Record<string, { n: number; ms: number; maxMs: number }> }

  constructor(root: HTMLElement, private minGapMs = 250, private afterDraw?: (v: MachineView) => void, private actions: LayerActions = {}) {
    this.panel = (name) => root.querySelector<HTMLElement>(`[data-panel="${name}"]`)!
    this.plots = new Plots(this.panel('plots'))
    this.procs = new ProcessPanel(this.panel('procs'))
    new ResizeObserver(() => this.plots.resize()).observe(this.panel('plots'))
  }

  /** Queue a draw of the live `v`; `now` skips the pacing (a finished command). */
  show(v: MachineView, now = false): void { this.queue(v, false, now) }
  /** The machine as it was at a timeline point: every panel, the plots cut there, no actions. */
  showPast(v: MachineView): void { this.queue(v, true, true) }
  showLive(v: MachineView): void { this.queue(v, false, true) }

  private queue(v: MachineView, past: boolean, now: boolean): void {
    this.pending = { v, past }
    if (now) this.lastDrawAt = -Infinity
    if (this.scheduled) return
    this.scheduled = true
    const wait = Math.max(0, this.lastDrawAt + this.minGapMs - performance.now())
    const frame = () => requestAnimationFrame(() => this.draw())
    if (wait > 0) setTimeout(frame, wait)
    else frame()
  }

  /** Forget what is on screen (a new machine): the next draw redraws every panel. */
  reset(): void { this.drawn = null }

  private draw(): void {
    this.scheduled = false
    const p = this.pending
    this.pending = null
    if (!p) return
    const { v, past } = p
    const t0 = performance.now()
    this.lastDrawAt = t0
    const layers = layersSignature(v)
    let panels = 0
    const todo = new Set(panelsToDraw(this.drawn, v, layers, this.samples.version, past))
    const redraw = (name: Panel, f: () => void) => {
      if (!todo.has(name)) return
      const p0 = performance.now()
      f()
      const ms = performance.now() - p0
      const st = (this.stats.byPanel[name] ??= { n: 0, ms: 0, maxMs: 0 })
      st.n++
      st.ms += ms
      st.maxMs = Math.max(st.maxMs, ms)
      panels++
    }
    redraw('layers', () => renderLayers(this.panel('layers'), v, past ? {} : this.actions))
    redraw('files', () => renderFiles(this.panel('files'), v))
    redraw('procs', () => this.procs.render(v))
    redraw('cgroups', () => renderCgroups(this.panel('cgroups'), v))
    redraw('alerts', () => renderAlerts(this.panel('alerts'), v))
    redraw('events', () => renderEvents(this.panel('events'), v))
    redraw('dmesg', () => renderDmesg(this.panel('dmesg'), v))
    redraw('plots', () => this.plots.update(this.samples, past ? v.nowNs : undefined))
    this.drawn = { v, layers, samples: this.samples.version, past }
    this.afterDraw?.(v)
    const ms = performance.now() - t0
    this.stats.draws++
    this.stats.panels += panels
    this.stats.ms += ms
    this.stats.maxMs = Math.max(this.stats.maxMs, ms)
  }
}
