// Draws the live view from one MachineView. Cheap on purpose, because it runs
// on the page's main thread beside the terminals while the machine is busy:
// at most one draw per `minGapMs` (a few per second is plenty for eyes), and
// each panel is rebuilt only when its part of the view changed (views are
// immer states, so an unchanged part keeps its identity).
import type { MachineView } from '../../src/host/types.ts'
import { renderAlerts } from './alerts.ts'
import { renderCgroups } from './cgroups.ts'
import { renderFiles } from './files.ts'
import { layersSignature, renderLayers } from './layers.ts'
import { renderProcesses } from './processes.ts'
import { Samples } from './series.ts'
import { Sparklines } from './sparkline.ts'

const $ = (id: string) => document.getElementById(id)!

export type Panel = 'layers' | 'files' | 'procs' | 'cgroups' | 'alerts' | 'plots'
interface Drawn { v: MachineView; layers: string; samples: number }

/** The panels whose data differs from what is on screen (all of them on the first draw). */
export function panelsToDraw(d: Drawn | null, v: MachineView, layers: string, samples: number): Panel[] {
  if (!d) return ['layers', 'files', 'procs', 'cgroups', 'alerts', 'plots']
  const out: Panel[] = []
  if (d.layers !== layers) out.push('layers')
  if (d.v.files !== v.files || d.v.processes !== v.processes) out.push('files')
  if (d.v.processes !== v.processes) out.push('procs')
  if (d.v.cgroups !== v.cgroups || d.v.tasks.pidMax !== v.tasks.pidMax || d.v.memory.totalBytes !== v.memory.totalBytes) out.push('cgroups')
  if (d.v.alerts !== v.alerts) out.push('alerts')
  if (d.samples !== samples) out.push('plots')
  return out
}

export class LiveView {
  readonly samples = new Samples()
  private pending: MachineView | null = null
  private scheduled = false
  private lastDrawAt = -Infinity
  private drawn: Drawn | null = null
  private sparks: Sparklines | null = null
  /** Draw counts and time, for the benchmark. */
  readonly stats = { draws: 0, panels: 0, ms: 0, maxMs: 0, byPanel: {} as Record<string, { n: number; ms: number; maxMs: number }> }

  constructor(private minGapMs = 250, private afterDraw?: (v: MachineView) => void, private openTerminal?: (container: string) => void) {}

  /** Queue a draw of `v`; `now` skips the pacing (a timeline scrub, a finished command). */
  show(v: MachineView, now = false): void {
    this.pending = v
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
    const v = this.pending
    this.pending = null
    if (!v) return
    const t0 = performance.now()
    this.lastDrawAt = t0
    const d = this.drawn
    const layers = layersSignature(v)
    let panels = 0
    const todo = new Set(panelsToDraw(d, v, layers, this.samples.version))
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
    redraw('layers', () => renderLayers($('layers'), v, this.openTerminal))
    redraw('files', () => renderFiles($('files'), v))
    redraw('procs', () => renderProcesses($('procs'), v))
    redraw('cgroups', () => renderCgroups($('cgroups'), v))
    redraw('alerts', () => renderAlerts($('alerts'), v))
    redraw('plots', () => (this.sparks ??= new Sparklines($('plots'))).update(this.samples))
    this.drawn = { v, layers, samples: this.samples.version }
    this.afterDraw?.(v)
    const ms = performance.now() - t0
    this.stats.draws++
    this.stats.panels += panels
    this.stats.ms += ms
    this.stats.maxMs = Math.max(this.stats.maxMs, ms)
  }
}
