// Page entry: wires the worker client, terminals, live view, timeline and the
// saved workspace together. All machine access goes through MachineClient.
import '@xterm/xterm/css/xterm.css'
import { applyPatches, enablePatches } from 'immer'
import type { MachineView } from '../src/host/types.ts'
import type { InputEvent, TermOutput, TermSignal, ViewUpdate } from '../src/worker/api.ts'
import { Comlink, MachineClient } from './machine/client.ts'
import { Tabs } from './terminal/tabs.ts'
import { TerminalTab } from './terminal/terminal-tab.ts'
import { Timeline, type Point } from './timeline/timeline.ts'
import { LiveView } from './view/live-view.ts'
import { vtime } from './view/dom.ts'
import { exportWorkspace, readWorkspaceFile } from './workspace/file-io.ts'
import { KEY, loadWorkspace, saveWorkspace } from './workspace/storage.ts'
import { emptyWorkspace, historyFor, logPrefixThroughCommand, type Workspace } from './workspace/workspace.ts'

enablePatches()

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const DEFAULT_SEED = 1
/** ?debug in the address: test and benchmark hooks (worker crash, patch byte counts). */
const DEBUG = new URLSearchParams(location.search).has('debug')
const stats = { viewUpdates: 0, patchOps: 0, patchBytes: 0, slowest: {} as Record<string, number> }

let workspace: Workspace = emptyWorkspace(DEFAULT_SEED)
let client: MachineClient | null = null
let generation = 0
let view: MachineView | null = null
let version = 0
let replaying = false
let machineKind = '?'
let deathsInRow = 0
/** Per terminal: the lines typed there (with global command index), and prompts seen. */
const linesByTerm = new Map<number, { command: number; text: string }[]>()
const promptsSeen = new Map<number, number>()

const tabs = new Tabs($('tabs'))
// The live view redraws at most 4 times a second, and the status line with it.
const live = new LiveView(250, () => status(), (c) => openContainerTerminal(c))
const timeline = new Timeline({
  showPast: (p) => { $('past-notice').hidden = false; $('past-notice').textContent = `Viewing the machine after command #${p.command + 1}: ${p.text} (read-only)`; live.show(p.view, true) },
  showLive: () => { $('past-notice').hidden = true; if (view) live.show(view, true) },
  branch: (p) => branchFrom(p),
})

function banner(text: string | null, kind: 'info' | 'error' = 'info'): void {
  const b = $('banner')
  b.hidden = text === null
  b.className = `banner ${kind}`
  b.textContent = text ?? ''
}

function status(): void {
  const parts = [`machine: ${machineKind}`, `seed ${workspace.seed}`]
  if (view) parts.push(`t = ${vtime(view.nowNs)}`)
  if (replaying) parts.push('replaying…')
  $('machine-status').textContent = parts.join(' · ')
}

function persist(): void {
  const e = saveWorkspace(localStorage, workspace)
  if (e) banner(`Could not save the workspace in this browser: ${e}. Use Export to keep it.`, 'error')
}

function indexLines(): void {
  linesByTerm.clear()
  promptsSeen.clear()
  let n = 0
  for (const e of workspace.log) if (e.kind === 'line') noteLine(e.term, e.text, n++)
}

function noteLine(term: number, text: string, command: number): void {
  const l = linesByTerm.get(term) ?? []
  l.push({ command, text })
  linesByTerm.set(term, l)
}

function record(ev: InputEvent): void {
  workspace.log.push(ev)
  if (ev.kind === 'line') noteLine(ev.term, ev.text, workspace.log.filter((e) => e.kind === 'line').length - 1)
  persist()
}

const termHooks = {
  line: (term: number, text: string) => {
    void client?.api.input(term, text).then((r) => (r.ok ? record(r.value) : banner(`input: ${r.error.message}`, 'error')))
  },
  signal: (term: number, sig: TermSignal) => {
    if (replaying) return
    void client?.api.signal(term, sig).then((r) => (r.ok ? record(r.value) : banner(`signal: ${r.error.message}`, 'error')))
  },
  keys: (term: number, data: string) => {
    if (replaying) return
    void client?.api.keys(term, data).then((r) => (r.ok ? record(r.value) : banner(`keys: ${r.error.message}`, 'error')))
  },
  complete: async (term: number, line: string, cursor: number) => {
    const r = await client?.api.complete(term, line, cursor)
    return r?.ok ? r.value : null
  },
  resize: (term: number, cols: number, rows: number) => { void client?.api.resize(term, cols, rows) },
  // F6 leaves the terminal: forward to the live view, back to the terminal tabs.
  leave: (term: number, backwards: boolean) => { (backwards ? $(`tab-${term}`) : $('live-view')).focus() },
}

function tabFor(id: number): TerminalTab {
  const existing = tabs.get(id)
  if (existing) return existing
  const tab = new TerminalTab(id, $('term-panels'), termHooks, replaying)
  tabs.add(tab, `tty${id}`)
  tab.setHistory(historyFor(workspace, id))
  return tab
}

/** Output batches received from this worker, and who waits for a count (see ReplayDone.batches). */
let batchesSeen = 0
let batchWaiter: { n: number; resolve(): void } | null = null

function outputsReceived(n: number): Promise<void> {
  if (batchesSeen >= n) return Promise.resolve()
  return new Promise((resolve) => { batchWaiter = { n, resolve } })
}

function onOutput(batch: TermOutput[]): void {
  batchesSeen++
  if (batchWaiter && batchesSeen >= batchWaiter.n) { batchWaiter.resolve(); batchWaiter = null }
  for (const o of batch) {
    tabFor(o.term).output(o.data, o.prompt, o.closed, o.raw)
    if (o.prompt) commandFinished(o.term)
  }
}

/** The n-th prompt on a terminal closes its (n-1)-th line: pin the view to the timeline. */
function commandFinished(term: number): void {
  const k = promptsSeen.get(term) ?? 0
  promptsSeen.set(term, k + 1)
  const line = k >= 1 ? linesByTerm.get(term)?.[k - 1] : undefined
  if (line && view) timeline.add({ command: line.command, term, text: line.text, view })
}

function onView(u: ViewUpdate): void {
  if (!view || u.version <= version) return
  if (u.version !== version + 1) return void resync()
  view = applyPatches(view, u.patches)
  version = u.version
  stats.viewUpdates++
  stats.patchOps += u.patches.length
  if (DEBUG) stats.patchBytes += JSON.stringify(u.patches).length
  live.samples.add(view)
  if (timeline.live) live.show(view)
}

async function resync(): Promise<void> {
  const r = await client?.api.snapshot()
  if (r?.ok && r.value.version > version) { view = r.value.view; version = r.value.version }
}

async function openTerminal(command?: string): Promise<void> {
  if (!client) return
  const cols = 100
  const rows = 30
  const r = await client.api.openTerminal(cols, rows)
  if (!r.ok) return banner(`Could not open a terminal: ${r.error.message}`, 'error')
  record({ kind: 'open', term: r.value.id, cols, rows, atNs: view?.nowNs ?? 0 })
  const tab = tabFor(r.value.id)
  if (command) tab.typeOnPrompt(command)
  tab.fitNow()
  tab.focus()
}

/** The live view's "Open terminal" on a container: a new tab attached to a shell in it. */
function openContainerTerminal(container: string): void {
  void openTerminal(`docker exec -it ${container} sh`)
}

/** (Re)start a fresh worker with this workspace's seed and replay its input. */
async function start(ws: Workspace, note?: string): Promise<void> {
  const gen = ++generation
  client?.dispose()
  tabs.clear()
  timeline.clear()
  live.samples.clear()
  live.reset()
  workspace = ws
  indexLines()
  persist()
  batchesSeen = 0
  batchWaiter = null
  const c = new MachineClient((silentMs) => gen === generation && void onDead(silentMs))
  client = c
  const mine = <A extends unknown[]>(f: (...a: A) => void) => Comlink.proxy((...a: A) => {
    if (gen !== generation) return
    const t0 = performance.now()
    f(...a)
    const ms = performance.now() - t0
    const slow = stats.slowest[f.name] ?? 0
    if (ms > slow) stats.slowest[f.name] = ms
  })
  await c.api.subscribeView(mine(onView))
  await c.api.subscribeOutput(mine(onOutput))
  const r = await c.api.boot({ seed: ws.seed })
  if (gen !== generation) return
  if (!r.ok) return banner(`The machine did not boot: ${r.error.message}`, 'error')
  view = r.value.view
  version = r.value.version
  machineKind = r.value.machine
  live.samples.add(view)
  live.show(view, true)
  if (note) banner(note)
  if (ws.log.some((e) => e.kind === 'open')) {
    replaying = true
    status()
    const rr = await c.api.replay(ws.log)
    if (gen !== generation) return
    // The replay's last output may still be on its way (another port): take it
    // while input is held, so the line editor starts below it.
    if (rr.ok) await outputsReceived(rr.value.batches)
    if (gen !== generation) return
    replaying = false
    if (!rr.ok) banner(`Replay stopped: ${rr.error.message}`, 'error')
    for (const t of tabs.all()) t.release()
    tabs.get(tabs.active ?? -1)?.focus()
  } else {
    await openTerminal()
  }
  deathsInRow = 0
  status()
}

async function onDead(silentMs: number): Promise<void> {
  deathsInRow++
  let ws = workspace
  let extra = ''
  if (deathsInRow > 1) {
    // Replaying the same input hung it again: leave out the last command.
    const lines = ws.log.filter((e) => e.kind === 'line').length
    ws = { ...ws, log: logPrefixThroughCommand(ws, lines - 2) }
    extra = ' The last command was left out because it hung the machine again.'
  }
  await start(ws, `The machine stopped answering for ${(silentMs / 1000).toFixed(0)} s, so it was restarted from the saved workspace.${extra}`)
}

function branchFrom(p: Point): void {
  localStorage.setItem(`${KEY}.before-branch`, JSON.stringify(workspace))
  const ws = { ...workspace, log: logPrefixThroughCommand(workspace, p.command) }
  $('past-notice').hidden = true
  void start(ws, `Branched after command #${p.command + 1} (${p.text}); the previous workspace is kept under "${KEY}.before-branch".`)
}

function wireControls(): void {
  $('btn-new-term').addEventListener('click', () => void openTerminal())
  $('btn-export').addEventListener('click', () => exportWorkspace(workspace))
  $('btn-reset').addEventListener('click', () => void start(emptyWorkspace(workspace.seed), 'Started a fresh machine.'))
  $<HTMLInputElement>('import-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    const r = await readWorkspaceFile(file)
    // A bad file changes nothing: the running machine and the saved workspace stay as they are.
    if (!r.ok) return banner(`Import of ${file.name} failed: ${r.reason}. Nothing was changed.`, 'error')
    localStorage.setItem(`${KEY}.before-import`, JSON.stringify(workspace))
    await start(r.workspace, `Imported ${file.name} (${r.workspace.log.filter((e) => e.kind === 'line').length} commands replayed); the previous workspace is kept under "${KEY}.before-import".`)
  })
  window.addEventListener('resize', () => tabs.get(tabs.active ?? -1)?.fitNow())
}

// A handle for the e2e tests and the benchmark (read-only inspection).
const debug = {
  termText(id = tabs.active ?? 1): string {
    const b = tabs.get(id)?.term.buffer.active
    if (!b) return ''
    const lines: string[] = []
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '')
    return lines.join('\n').trimEnd()
  },
  view: () => view,
  workspace: () => workspace,
  timeline: () => timeline.points.map((p) => ({ command: p.command, text: p.text, filesNr: p.view.files.nr })),
  get replaying() { return replaying },
  get activeTerm() { return tabs.active },
  terminal: (id = tabs.active ?? 1) => tabs.get(id)?.term,
  stats: () => ({ ...stats, fullViewBytes: JSON.stringify(view).length, draws: structuredClone(live.stats) }),
  /** Only with ?debug: make the worker hang or exit, to exercise the watchdog. */
  crashWorker: (mode: 'hang' | 'exit') => (DEBUG ? client?.api.debugCrash(mode).then((r) => r.ok) : Promise.resolve(false)),
}
declare global { interface Window { isolab: typeof debug } }
window.isolab = debug

function boot(): void {
  wireControls()
  const loaded = loadWorkspace(localStorage)
  if (loaded.kind === 'corrupt') {
    void start(emptyWorkspace(DEFAULT_SEED), `The saved workspace could not be read (${loaded.reason}). It was kept under "${loaded.keptAs}" and a fresh machine was started.`)
  } else if (loaded.kind === 'ok') {
    void start(loaded.workspace, `Restored your workspace (${loaded.workspace.log.filter((e) => e.kind === 'line').length} commands replayed).`)
  } else {
    void start(emptyWorkspace(DEFAULT_SEED))
  }
}

boot()
