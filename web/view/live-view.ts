// Draws the whole live view from one MachineView, at most once per frame.
import type { MachineView } from '../../src/host/types.ts'
import { renderAlerts } from './alerts.ts'
import { renderCgroups } from './cgroups.ts'
import { bytes } from './dom.ts'
import { renderFiles } from './files.ts'
import { renderLayers } from './layers.ts'
import { renderProcesses } from './processes.ts'
import { Samples } from './series.ts'
import { sparkline } from './sparkline.ts'

const $ = (id: string) => document.getElementById(id)!

export class LiveView {
  readonly samples = new Samples()
  private pending: MachineView | null = null

  show(v: MachineView): void {
    if (this.pending === null) requestAnimationFrame(() => this.draw())
    this.pending = v
  }

  private draw(): void {
    const v = this.pending
    this.pending = null
    if (!v) return
    renderLayers($('layers'), v)
    renderFiles($('files'), v)
    renderProcesses($('procs'), v)
    renderCgroups($('cgroups'), v)
    renderAlerts($('alerts'), v)
    $('plots').replaceChildren(...[...this.samples.series.values()].map((s) => sparkline(s, s.label.startsWith('memory') ? bytes : undefined)))
  }
}
