// The tab strip: one tab per terminal, ARIA tabs pattern (arrow keys move
// between tabs, the selected tab's panel is the only one shown).
import type { TerminalTab } from './terminal-tab.ts'

export class Tabs {
  private tabs = new Map<number, { tab: TerminalTab; button: HTMLButtonElement }>()
  active: number | null = null

  constructor(private strip: HTMLElement) {
    strip.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
      const ids = [...this.tabs.keys()]
      const i = ids.indexOf(this.active ?? ids[0]!)
      const next = ids[(i + (e.key === 'ArrowRight' ? 1 : ids.length - 1)) % ids.length]
      if (next !== undefined) { this.select(next); this.tabs.get(next)!.button.focus() }
    })
  }

  add(tab: TerminalTab, label: string): void {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'tab'
    button.id = `tab-${tab.id}`
    button.textContent = label
    button.setAttribute('role', 'tab')
    button.setAttribute('aria-controls', tab.panel.id)
    tab.panel.setAttribute('aria-labelledby', button.id)
    button.addEventListener('click', () => { this.select(tab.id); tab.focus() })
    this.strip.append(button)
    this.tabs.set(tab.id, { tab, button })
    this.select(tab.id)
  }

  /** Columns and rows for a new terminal: the current one's (they share the panel), else 100x30. */
  sizeHint(): { cols: number; rows: number } {
    const t = this.active !== null ? this.get(this.active) : undefined
    return t ? { cols: t.term.cols, rows: t.term.rows } : { cols: 100, rows: 30 }
  }

  get(id: number): TerminalTab | undefined { return this.tabs.get(id)?.tab }
  all(): TerminalTab[] { return [...this.tabs.values()].map((t) => t.tab) }

  select(id: number): void {
    this.active = id
    for (const [tid, { tab, button }] of this.tabs) {
      const on = tid === id
      button.setAttribute('aria-selected', String(on))
      button.tabIndex = on ? 0 : -1
      tab.panel.hidden = !on
      if (on) tab.fitNow()
    }
  }

  clear(): void {
    for (const { tab, button } of this.tabs.values()) { tab.dispose(); button.remove() }
    this.tabs.clear()
    this.active = null
  }
}
