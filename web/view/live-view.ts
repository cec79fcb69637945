// Draws the live view from one MachineView. Cheap on purpose, because it runs
// on the page's main thread beside the terminals while the machine is busy:
// at most one draw per `minGapMs` (a few per second is plenty for eyes), and
// each panel is rebuilt only when its part of the view changed (views are
// immer states, so an unchanged part keeps its identity). A draw is cut into
// one job per panel (and per chart), run at the start of frames, a few
// milliseconds' worth per frame; while the learner types, only in the frame
// right after one that echoed a key (frames.ts): a key is echoed between two
// jobs, in a frame of its own, not after the whole view.
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
import { inQuietFrame } from './frames.ts'

export type Panel = 'layers' | 'files' | 'procs' | 'cgroups' | 'alerts' | 'events' | 'dmesg' | 'plots'
const ALL: Panel[] = ['layers', 'files', 'procs', 'cgroups', 'alerts', 'events', 'dmesg', 'plots']
interface Drawn { v: MachineView; layers: string; samples: number; past: boolean }
/** Jobs run in one frame until they have taken this long (at least one job a frame). */
const FRAME_BUDGET_MS = 3

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
  /** The layers panel's width when they were drawn. */
  private layersWidth = 0
  private panel: (name: Panel) => HTMLElement
  /** Draw counts and time (maxMs: the longest task of one), for the benchmark. */
  readonly stats = { draws: 0, panels: 0, ms: 0, maxMs: 0, byPanel: {} as Record<string, { n: number; ms: number; maxMs: number }> }

  constructor(root: HTMLElement, private minGapMs = 250, private afterDraw?: (v: MachineView) => void, private actions: LayerActions = {}) {
    this.panel = (name) => root.querySelector<HTMLElement>(`[data-panel="${name}"]`)!
    this.plots = new Plots(this.panel('plots'), () => {
      // uPlot arrived after the first draws: draw the plots (only them) again.
      if (!this.drawn) return
      this.drawn = { ...this.drawn, samples: -1 }
      this.queue(this.pending?.v ?? this.drawn.v, this.pending?.past ?? this.drawn.past, false)
    })
    this.procs = new ProcessPanel(this.panel('procs'))
    new ResizeObserver(() => this.plots.resize()).observe(this.panel('plots'))
    // The layers are drawn at the panel's width (their labels keep their size): a new width lays them out again.
    new ResizeObserver(() => {
      const d = this.drawn
      if (d && Math.floor(this.panel('layers').clientWidth) !== this.layersWidth) inQuietFrame(() => this.render('layers', d.v, d.past))
    }).observe(this.panel('layers'))
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
    // Due now (or after the gap): typing may hold the whole draw back MAX_WAIT_MS from here, not more.
    const go = () => { const due = performance.now(); inQuietFrame((t) => this.draw(t, due), due) }
    if (wait > 0) setTimeout(go, wait)
    else go()
  }

  /** Forget what is on screen (a new machine): the next draw redraws every panel. */
  reset(): void { this.drawn = null }

  /** Starts a draw (due since `due`) of the latest view in the frame begun at `frameStart`: its panels as jobs; the next draw waits for this one. */
  private draw(frameStart: number, due: number): void {
    const p = this.pending
    this.pending = null
    if (!p) return void (this.scheduled = false)
    const { v, past } = p
    this.lastDrawAt = performance.now()
    const layers = layersSignature(v)
    const samples = this.samples.version
    const jobs: [Panel, () => void][] = []
    for (const name of panelsToDraw(this.drawn, v, layers, samples, past)) {
      if (name === 'plots') for (const job of this.plots.jobs(this.samples, past ? v.nowNs : undefined)) jobs.push([name, job])
      else jobs.push([name, () => this.render(name, v, past)])
    }
    this.drawn = { v, layers, samples, past }
    let ms = 0
    const step = (i: number, frameStart: number) => {
      for (; i < jobs.length; i++) {
        // The rest in later frames; typing holds the whole draw back at most MAX_WAIT_MS, not each part of it.
        if (performance.now() - frameStart >= FRAME_BUDGET_MS) return void inQuietFrame((t) => step(i, t), due)
        const [name, job] = jobs[i]!
        const t0 = performance.now()
        job()
        const dt = performance.now() - t0
        const st = (this.stats.byPanel[name] ??= { n: 0, ms: 0, maxMs: 0 })
        st.n++
        st.ms += dt
        st.maxMs = Math.max(st.maxMs, dt)
        this.stats.maxMs = Math.max(this.stats.maxMs, dt)
        ms += dt
      }
      this.afterDraw?.(v)
      this.stats.draws++
      this.stats.panels += new Set(jobs.map(([name]) => name)).size
      this.stats.ms += ms
      this.scheduled = false
      // A view that came while this one was drawn: its turn, after the usual gap.
      if (this.pending) { const q = this.pending; this.queue(q.v, q.past, false) }
    }
    step(0, frameStart)
  }

  private render(name: Exclude<Panel, 'plots'>, v: MachineView, past: boolean): void {
    switch (name) {
      case 'layers':
        this.layersWidth = Math.floor(this.panel('layers').clientWidth)
        return renderLayers(this.panel('layers'), v, past ? {} : this.actions)
      case 'files': return renderFiles(this.panel('files'), v)
      case 'procs': return this.procs.render(v)
      case 'cgroups': return renderCgroups(this.panel('cgroups'), v)
      case 'alerts': return renderAlerts(this.panel('alerts'), v)
      case 'events': return renderEvents(this.panel('events'), v)
      case 'dmesg': return renderDmesg(this.panel('dmesg'), v)
    }
  }
}
