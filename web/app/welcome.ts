// The first-run welcome: what isolab is, three things to try (each types its
// command into the terminal), and where to go next. Dismissed for good.
const KEY = 'isolab.welcome.dismissed'

export class Welcome {
  constructor(private root: HTMLElement, hooks: { tryCommand(cmd: string): void }) {
    for (const b of root.querySelectorAll<HTMLButtonElement>('button[data-try]')) {
      b.addEventListener('click', () => hooks.tryCommand(b.dataset.try!))
    }
    root.querySelector('[data-dismiss]')?.addEventListener('click', () => this.dismiss())
  }

  /** Shown on a first visit only. */
  showOnce(): void {
    let gone = false
    try { gone = localStorage.getItem(KEY) === '1' } catch { /* storage disabled: show it */ }
    this.root.hidden = gone
  }

  /** Out of the way for now (a lab is open), not dismissed. */
  hide(): void { this.root.hidden = true }

  dismiss(): void {
    this.root.hidden = true
    try { localStorage.setItem(KEY, '1') } catch { /* storage disabled: gone for this visit */ }
  }
}
