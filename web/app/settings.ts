// The machine settings dialog: seed, CPUs and memory (a new machine: the
// workspace's replay depends on them), and the page's own preferences (the
// terminals' screen-reader mode), which apply at once and are remembered.
import { LIMITS, type MachineSettings } from '../workspace/workspace.ts'

const SR_KEY = 'isolab.settings.screenReader'

export interface SettingsHooks {
  current(): { seed: number } & Partial<MachineSettings>
  apply(m: { seed: number } & MachineSettings): void
  screenReader(on: boolean): void
}

export class Settings {
  screenReader: boolean
  private form: HTMLFormElement
  private error: HTMLElement

  constructor(private dialog: HTMLDialogElement, opener: HTMLElement, private hooks: SettingsHooks) {
    this.form = dialog.querySelector('form')!
    this.error = dialog.querySelector('[data-error]')!
    this.screenReader = read(SR_KEY) === '1'
    opener.addEventListener('click', () => this.open())
    dialog.querySelector('[data-cancel]')?.addEventListener('click', () => dialog.close())
    this.field('screen-reader').addEventListener('change', () => {
      this.screenReader = this.field('screen-reader').checked
      write(SR_KEY, this.screenReader ? '1' : '0')
      hooks.screenReader(this.screenReader)
    })
    this.form.addEventListener('submit', (e) => {
      e.preventDefault()
      const m = this.values()
      if (typeof m === 'string') { this.error.textContent = m; return }
      dialog.close()
      hooks.apply(m)
    })
  }

  private field(name: string): HTMLInputElement { return this.form.elements.namedItem(name) as HTMLInputElement }

  open(): void {
    const c = this.hooks.current()
    this.field('seed').value = String(c.seed)
    this.field('cpus').value = String(c.cpus ?? 2)
    this.field('memory').value = String(c.memoryMiB ?? 8192)
    this.field('screen-reader').checked = this.screenReader
    this.error.textContent = ''
    this.dialog.showModal()
  }

  /** The form's machine, or what is wrong with it. */
  private values(): ({ seed: number } & MachineSettings) | string {
    const seed = Number(this.field('seed').value)
    const cpus = Number(this.field('cpus').value)
    const memoryMiB = Number(this.field('memory').value)
    if (!Number.isSafeInteger(seed) || seed < 0) return `Seed: expected a whole number ≥ 0, got "${this.field('seed').value}".`
    if (!Number.isInteger(cpus) || cpus < LIMITS.cpus[0] || cpus > LIMITS.cpus[1]) return `CPUs: expected ${LIMITS.cpus[0]} to ${LIMITS.cpus[1]}, got "${this.field('cpus').value}".`
    if (!Number.isInteger(memoryMiB) || memoryMiB < LIMITS.memoryMiB[0] || memoryMiB > LIMITS.memoryMiB[1]) return `Memory: expected ${LIMITS.memoryMiB[0]} to ${LIMITS.memoryMiB[1]} MiB, got "${this.field('memory').value}".`
    return { seed, cpus, memoryMiB }
  }
}

function read(k: string): string | null { try { return localStorage.getItem(k) } catch { return null } }
function write(k: string, v: string): void { try { localStorage.setItem(k, v) } catch { /* storage disabled */ } }
