// The machine settings dialog: seed, CPUs, memory and component versions (a
// new machine: the workspace's replay depends on them), and the page's own
// preferences (the terminals' screen-reader mode), which apply at once and are
// remembered. Versions are checked as the command line checks its flags; the
// suggested vulnerable versions come from the worker when the dialog first opens.
import { CPU_MODEL_NAMES, DEFAULT_VERSIONS, parseVersionOptions, type ComponentVersions, type VersionOption, type VersionSuggestions } from '../../src/worker/versions.ts'
import { LIMITS, type MachineSettings } from '../workspace/workspace.ts'

const SR_KEY = 'isolab.settings.screenReader'
const LABEL: Record<VersionOption, string> = { kernel: 'Host kernel', runc: 'runc', qemu: 'QEMU', cpu: 'CPU model', mitigations: 'mitigations=', smt: 'SMT' }
const FIELDS = Object.keys(LABEL) as VersionOption[]
const defaultOf = (name: VersionOption): string => (name === 'smt' ? DEFAULT_VERSIONS.smt ?? 'on' : DEFAULT_VERSIONS[name])

export interface SettingsHooks {
  current(): { seed: number } & Partial<MachineSettings>
  apply(m: { seed: number } & MachineSettings): void
  screenReader(on: boolean): void
  /** The versions with a modelled bug (the worker's catalogue), or null if the machine cannot answer now. */
  suggestions(): Promise<VersionSuggestions | null>
}

export class Settings {
  screenReader: boolean
  private form: HTMLFormElement
  private error: HTMLElement
  private suggested = false

  constructor(private dialog: HTMLDialogElement, opener: HTMLElement, private hooks: SettingsHooks) {
    this.form = dialog.querySelector('form')!
    this.error = dialog.querySelector('[data-error]')!
    this.screenReader = read(SR_KEY) === '1'
    const cpu = this.form.elements.namedItem('cpu') as HTMLSelectElement
    for (const name of CPU_MODEL_NAMES) cpu.append(new Option(name, name))
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
    for (const name of FIELDS) this.field(name).value = c.versions?.[name] ?? defaultOf(name)
    this.field('screen-reader').checked = this.screenReader
    this.error.textContent = ''
    this.dialog.showModal()
    if (!this.suggested) void this.suggest()
  }

  /** The version fields' suggestions: the default, then each version with a modelled bug and its CVEs. */
  private async suggest(): Promise<void> {
    this.suggested = true
    const s = await this.hooks.suggestions().catch(() => null)
    if (!s) { this.suggested = false; return } // asked again at the next opening
    for (const c of ['kernel', 'runc', 'qemu'] as const) {
      this.dialog.querySelector(`#${c}-versions`)?.replaceChildren(new Option(`${DEFAULT_VERSIONS[c]} (default, patched)`, DEFAULT_VERSIONS[c]),
        ...s[c].map((v) => new Option(`${v.version} (${v.cves.join(', ')})`, v.version)))
    }
  }

  /** The form's machine, or what is wrong with it. */
  private values(): ({ seed: number } & MachineSettings) | string {
    const seed = Number(this.field('seed').value)
    const cpus = Number(this.field('cpus').value)
    const memoryMiB = Number(this.field('memory').value)
    if (!Number.isSafeInteger(seed) || seed < 0) return `Seed: expected a whole number ≥ 0, got "${this.field('seed').value}".`
    if (!Number.isInteger(cpus) || cpus < LIMITS.cpus[0] || cpus > LIMITS.cpus[1]) return `CPUs: expected ${LIMITS.cpus[0]} to ${LIMITS.cpus[1]}, got "${this.field('cpus').value}".`
    if (!Number.isInteger(memoryMiB) || memoryMiB < LIMITS.memoryMiB[0] || memoryMiB > LIMITS.memoryMiB[1]) return `Memory: expected ${LIMITS.memoryMiB[0]} to ${LIMITS.memoryMiB[1]} MiB, got "${this.field('memory').value}".`
    // Only what differs from the defaults is kept: a workspace names the versions it chose.
    const chosen: Partial<Record<VersionOption, string>> = {}
    for (const name of FIELDS) {
      const s = this.field(name).value.trim()
      if (s !== defaultOf(name)) chosen[name] = s
    }
    const r = parseVersionOptions(chosen)
    if (!r.ok) return `${LABEL[r.name]}: ${r.what} "${r.value}" (expected ${r.expected}).`
    const versions: Partial<ComponentVersions> = r.versions
    return { seed, cpus, memoryMiB, ...(Object.keys(versions).length ? { versions } : {}) }
  }
}

function read(k: string): string | null { try { return localStorage.getItem(k) } catch { return null } }
function write(k: string, v: string): void { try { localStorage.setItem(k, v) } catch { /* storage disabled */ } }
