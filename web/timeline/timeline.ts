// Every command is a point carrying the MachineView as it stood when the
// command finished (immer views share structure, so keeping them is cheap).
// Scrubbing shows a past view read-only; "branch" hands the point to the owner.
import type { MachineView } from '../../src/host/types.ts'

export interface Point { command: number; term: number; text: string; view: MachineView }

export interface TimelineHooks {
  showPast(p: Point): void
  showLive(): void
  branch(p: Point): void
}

export class Timeline {
  readonly points: Point[] = []
  private range: HTMLInputElement
  private label: HTMLElement
  private branchBtn: HTMLButtonElement
  private selected: number | null = null // null = live

  /** `root` holds an input[type=range] and the [data-label], [data-live] and [data-branch] elements. */
  constructor(root: HTMLElement, private hooks: TimelineHooks) {
    this.range = root.querySelector('input[type="range"]')!
    this.label = root.querySelector('[data-label]')!
    this.branchBtn = root.querySelector('[data-branch]')!
    this.range.addEventListener('input', () => this.pick(Number(this.range.value)))
    root.querySelector('[data-live]')!.addEventListener('click', () => this.goLive())
    this.branchBtn.addEventListener('click', () => {
      if (this.selected !== null) this.hooks.branch(this.points[this.selected]!)
    })
    this.sync()
  }

  get live(): boolean { return this.selected === null }
  /** The view at the selected past point, or null when live. */
  get selectedView(): MachineView | null { return this.selected === null ? null : this.points[this.selected]?.view ?? null }

  add(p: Point): void {
    this.points.push(p)
    this.sync()
  }

  clear(): void {
    this.points.length = 0
    this.selected = null
    this.sync()
  }

  /** Index len = live (one past the last command). */
  private pick(i: number): void {
    if (i >= this.points.length) return this.goLive()
    this.selected = i
    this.hooks.showPast(this.points[i]!)
    this.sync()
  }

  goLive(): void {
    this.selected = null
    this.hooks.showLive()
    this.sync()
  }

  private sync(): void {
    const n = this.points.length
    this.range.max = String(n)
    this.range.value = String(this.selected ?? n)
    this.range.disabled = n === 0
    this.branchBtn.disabled = this.selected === null
    const p = this.selected === null ? null : this.points[this.selected]!
    const text = p ? `#${p.command + 1} (tty${p.term}): ${p.text}` : `live · ${n} command${n === 1 ? '' : 's'}`
    this.label.textContent = text
    this.range.setAttribute('aria-valuetext', text)
  }
}
