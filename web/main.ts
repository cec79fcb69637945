// Page entry: wires the worker client, terminals, live view, timeline and the
// saved workspace together. All machine access goes through MachineClient;
// the machine's lifecycle (booting → replaying → ready, or dead) is explicit
// in Lifecycle, and every piece of page state lives in the one `app` record.
// First: it starts the machine's worker before the other modules are evaluated.
import { machineClient } from './machine/early.ts'
import '@xterm/xterm/css/xterm.css'
import { applyPatches, enablePatches } from 'immer'
import type { MachineView } from '../src/host/types.ts'
import type { InputEvent, LabInfo, Speed, TermOutput, TermSignal, ViewUpdate } from '../src/worker/api.ts'
import { Lifecycle } from './app/lifecycle.ts'
import { Comlink, MachineClient } from './machine/client.ts'
import { ClockControl } from './app/clock.ts'
import { Settings } from './app/settings.ts'
import { Welcome } from './app/welcome.ts'
import { renderCatalogue } from './lab/catalogue.ts'
import { shipped } from './lab/files.ts'
import { Player } from './lab/player.ts'
import { renderComparison } from './view/compare.ts'
import { Tabs } from './terminal/tabs.ts'
import { TerminalTab } from './terminal/terminal-tab.ts'
import { Timeline, type Point } from './timeline/timeline.ts'
import { LiveView } from './view/live-view.ts'
import { plural, vtime } from './view/dom.ts'
import { exportWorkspace, readWorkspaceFile } from './workspace/file-io.ts'
import { Saver } from './workspace/saver.ts'
import { KEY, loadWorkspace } from './workspace/storage.ts'
import { emptyWorkspace, historyFor, logPrefixThroughCommand, unfinishedCommand, type Workspace } from './workspace/workspace.ts'

enablePatches()

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T
const DEFAULT_SEED = 1
const PARAMS = new URLSearchParams(location.search)
/** ?debug in the address: test and benchmark hooks (worker crash, patch byte counts). */
const DEBUG = PARAMS.has('debug')
const stats = { viewUpdates: 0, patchOps: 0, patchBytes: 0, slowest: {} as Record<string, number> }

/** Everything the page knows about the machine it drives. */
const app = {
  life: new Lifecycle(),
  workspace: emptyWorkspace(DEFAULT_SEED) as Workspace,
  client: null as MachineClient | null,
  view: null as MachineView | null,
  version: 0,
  speed: 1 as Exclude<Speed, 'skip'>,
  /** Events of the log the machine has been given (all of them once a replay is over). */
  started: 0,
  /** Per terminal: the lines typed there (global command index), and prompts seen. */
  linesByTerm: new Map<number, { command: number; text: string }[]>(),
  promptsSeen: new Map<number, number>(),
  /** Lines in the log so far: the next typed line's global command index. */
  lineCount: 0,
  /** Output batches received from this worker, and who waits for a count (see ReplayDone.batches). */
  batchesSeen: 0,
  batchWaiter: null as { n: number; resolve(): void } | null,
  /** The lab booted with this machine, if any. */
  lab: null as LabInfo | null,
  /** Waiting for a terminal's next prompt (the player's Run). */
  promptWaiters: [] as { term: number; n: number; resolve(): void }[],
}

const saver = new Saver(localStorage, () => app.workspace, (e) => banner(`Could not save the workspace in this browser: ${e}. Use Export to keep it.`, 'error'))
const tabs = new Tabs($('tabs'))
// The live view redraws at most 4 times a second, and the status line with it.
const live = new LiveView($('live-view'), 250, () => status(), { openTerminal: (c) => openContainerTerminal(c), openConsole: (vm) => void openConsole(vm) })
const timeline = new Timeline($('timeline'), {
  showPast: (p) => {
    $('past-notice').hidden = false
    $('past-notice').textContent = `Viewing the machine after command #${p.command + 1}: ${p.text} (read-only)`
    live.showPast(p.view) // the header says "(past)" once the panels are drawn (afterDraw), not before them
  },
  showLive: () => { $('past-notice').hidden = true; if (app.view) live.showLive(app.view); status() },
  branch: (p) => branchFrom(p),
})
new ClockControl($('clock'), (s) => setSpeed(s)) // it keeps itself alive through its DOM listeners
const settings = new Settings($('settings-dialog'), $('btn-settings'), {
  current: () => ({ seed: app.workspace.seed, ...app.workspace.machine }),
  apply: (m) => {
    const { seed, ...machine } = m
    const vs = Object.entries(machine.versions ?? {}).map(([k, v]) => `${k} ${v}`)
    void start({ ...emptyWorkspace(seed), machine }, `Started a fresh machine: seed ${seed}, ${machine.cpus} CPUs, ${machine.memoryMiB} MiB${vs.length ? `, ${vs.join(', ')}` : ''}.`)
  },
  screenReader: (on) => { for (const t of tabs.all()) t.setScreenReader(on) },
  suggestions: async () => {
    const r = await app.client?.api.versionSuggestions()
    return r?.ok ? r.value : null
  },
})
const player = new Player($('lab'), {
  run: (terminal, command) => runInTerminal(terminal, command),
  answer: async (args) => {
    const r = await app.client?.api.labAnswer(args)
    if (!r?.ok) { if (r) banner(`lab: ${r.error.message}`, 'error'); return null }
    return r.value
  },
  state: async () => {
    const r = await app.client?.api.labState()
    return r?.ok ? r.value : null
  },
  stepChanged: (i) => {
    if (app.workspace.lab) { app.workspace.lab.step = i; saver.changed() }
    // A lab's step moves with `lab next` (in the input log); a scenario's is the player's choice.
    if (app.lab?.kind === 'scenario') void app.client?.api.labGoTo(i)
  },
  exportReport: (learner) => void exportReport(learner),
  close: () => {
    player.hide()
    history.replaceState(null, '', location.pathname)
    if (app.workspace.lab) void start({ ...emptyWorkspace(app.workspace.seed) }, 'Left the lab; a fresh machine was started.')
  },
})
const welcome = new Welcome($('welcome'), {
  tryCommand: (cmd) => { const t = tabs.get(tabs.active ?? -1); if (t) t.typeNow(cmd) },
})

function banner(text: string | null, kind: 'info' | 'error' = 'info'): void {
  const b = $('banner')
  b.hidden = text === null
  b.className = `banner ${kind}`
  b.textContent = text ?? ''
}

/** Header status: virtual time of what is shown (a past point while scrubbing), and the machine's phase. */
function status(): void {
  const shown = timeline.selectedView ?? app.view
  const parts = [`seed ${app.workspace.seed}`]
  if (shown) parts.push(`virtual time ${vtime(shown.nowNs)}${timeline.live ? '' : ' (past)'}`)
  if (app.life.replaying) parts.push('replaying… (Ctrl-C stops)')
  else if (app.life.phase === 'booting') parts.push('booting…')
  $('machine-status').textContent = parts.join(' · ')
}
app.life.onChange(() => status())

function indexLines(): void {
  app.linesByTerm.clear()
  app.promptsSeen.clear()
  let n = 0
  for (const e of app.workspace.log) if (e.kind === 'line') noteLine(e.term, e.text, n++)
}

function noteLine(term: number, text: string, command: number): void {
  const l = app.linesByTerm.get(term) ?? []
  l.push({ command, text })
  app.linesByTerm.set(term, l)
}

function record(ev: InputEvent): void {
  app.workspace.log.push(ev)
  app.started = app.workspace.log.length
  if (ev.kind === 'line') noteLine(ev.term, ev.text, app.lineCount++)
  saver.changed()
}

const termHooks = {
  line: (term: number, text: string) => {
    void app.client?.api.input(term, text).then((r) => (r.ok ? record(r.value) : banner(`input: ${r.error.message}`, 'error')))
  },
  signal: (term: number, sig: TermSignal) => {
    if (app.life.replaying) {
      if (sig === 'INT') void stopReplay(term)
      return
    }
    void app.client?.api.signal(term, sig).then((r) => (r.ok ? record(r.value) : banner(`signal: ${r.error.message}`, 'error')))
  },
  keys: (term: number, data: string) => {
    if (app.life.replaying) return
    void app.client?.api.keys(term, data).then((r) => (r.ok ? record(r.value) : banner(`keys: ${r.error.message}`, 'error')))
  },
  complete: async (term: number, line: string, cursor: number) => {
    const r = await app.client?.api.complete(term, line, cursor)
    return r?.ok ? r.value : null
  },
  resize: (term: number, cols: number, rows: number) => { void app.client?.api.resize(term, cols, rows) },
  // F6 leaves the terminal: forward to the live view, back to the terminal tabs.
  leave: (term: number, backwards: boolean) => { (backwards ? $(`tab-${term}`) : $('live-view')).focus() },
}

/** A terminal's tab label: ttyN on the host, "console VM" for a VM's console. */
const labels = new Map<number, string>()
function tabFor(id: number): TerminalTab {
  const existing = tabs.get(id)
  if (existing) return existing
  const tab = new TerminalTab(id, $('term-panels'), termHooks, app.life.replaying, settings.screenReader)
  tabs.add(tab, labels.get(id) ?? `tty${id}`)
  tab.setHistory(historyFor(app.workspace, id))
  return tab
}

function outputsReceived(n: number): Promise<void> {
  if (app.batchesSeen >= n) return Promise.resolve()
  return new Promise((resolve) => { app.batchWaiter = { n, resolve } })
}

function onOutput(batch: TermOutput[]): void {
  app.batchesSeen++
  if (app.batchWaiter && app.batchesSeen >= app.batchWaiter.n) { app.batchWaiter.resolve(); app.batchWaiter = null }
  for (const o of batch) {
    tabFor(o.term).output(o.data, o.prompt, o.closed, o.raw)
    for (let i = 0; i < o.prompts; i++) commandFinished(o.term)
  }
}

/** The n-th prompt on a terminal closes its (n-1)-th line: pin the view to the timeline. */
function commandFinished(term: number): void {
  const k = app.promptsSeen.get(term) ?? 0
  app.promptsSeen.set(term, k + 1)
  app.promptWaiters = app.promptWaiters.filter((w) => (w.term === term && k + 1 >= w.n ? (w.resolve(), false) : true))
  if (app.lab && app.life.accepting) void app.client?.api.labState().then((r) => { if (r.ok) player.update(r.value) })
  const line = k >= 1 ? app.linesByTerm.get(term)?.[k - 1] : undefined
  // SIMPLIFICATION: during a fast replay several commands end in one batch; they share its view.
  if (line && app.view) timeline.add({ command: line.command, term, text: line.text, view: app.view })
}

function onView(u: ViewUpdate): void {
  if (!app.view || u.version <= app.version) return
  if (u.version !== app.version + 1) return void resync()
  app.view = applyPatches(app.view, u.patches)
  app.version = u.version
  stats.viewUpdates++
  stats.patchOps += u.patches.length
  if (DEBUG) stats.patchBytes += JSON.stringify(u.patches).length
  live.samples.add(app.view)
  if (timeline.live) live.show(app.view)
}

async function resync(): Promise<void> {
  const r = await app.client?.api.snapshot()
  if (r?.ok && r.value.version > app.version) { app.view = r.value.view; app.version = r.value.version }
}

async function openTerminal(command?: string): Promise<void> {
  const c = app.client
  if (!c || !app.life.accepting) return
  const { cols, rows } = tabs.sizeHint()
  const r = await c.api.openTerminal(cols, rows)
  if (!r.ok) return banner(`Could not open a terminal: ${r.error.message}`, 'error')
  record({ kind: 'open', term: r.value.id, cols, rows, atNs: app.view?.nowNs ?? 0 })
  const tab = tabFor(r.value.id)
  if (command) tab.typeOnPrompt(command)
  tab.fitNow()
  tab.focus()
}

/** A terminal on a VM's serial console (its guest kernel's login shell). */
async function openConsole(vm: string): Promise<void> {
  const c = app.client
  if (!c || !app.life.accepting) return
  const { cols, rows } = tabs.sizeHint()
  const r = await c.api.openConsole(vm, cols, rows)
  if (!r.ok) return banner(`Could not open the console of ${vm}: ${r.error.message}`, 'error')
  labels.set(r.value.id, `console ${vm}`)
  record({ kind: 'open', term: r.value.id, cols, rows, atNs: app.view?.nowNs ?? 0, vm })
  const tab = tabFor(r.value.id)
  tab.fitNow()
  tab.focus()
}

/** The live view's "Open terminal" on a container: a new tab attached to a shell in it. */
function openContainerTerminal(container: string): void {
  void openTerminal(`docker exec -it ${container} sh`)
}

function setSpeed(s: Speed): void {
  if (s !== 'skip') app.speed = s
  void app.client?.api.setSpeed(s)
}

/** (Re)start a fresh worker with this workspace's seed and machine, and replay its input. */
async function start(ws: Workspace, note?: string): Promise<void> {
  const gen = app.life.start()
  app.client?.dispose()
  tabs.clear()
  labels.clear()
  timeline.clear()
  live.samples.clear()
  live.reset()
  app.workspace = ws
  app.started = 0
  app.lineCount = ws.log.filter((e) => e.kind === 'line').length
  for (const e of ws.log) if (e.kind === 'open' && e.vm !== undefined) labels.set(e.term, `console ${e.vm}`)
  indexLines()
  saver.flush()
  app.batchesSeen = 0
  app.batchWaiter = null
  const c = machineClient((silentMs) => app.life.current(gen) && void onDead(silentMs))
  app.client = c
  const mine = <A extends unknown[]>(f: (...a: A) => void) => Comlink.proxy((...a: A) => {
    if (!app.life.current(gen)) return
    const t0 = performance.now()
    f(...a)
    const ms = performance.now() - t0
    const slow = stats.slowest[f.name] ?? 0
    if (ms > slow) stats.slowest[f.name] = ms
  })
  await c.api.subscribeView(mine(onView))
  await c.api.subscribeOutput(mine(onOutput))
  const m = ws.machine
  const r = await c.api.boot({ seed: ws.seed, ...(m ? { cpus: m.cpus, memoryBytes: m.memoryMiB * 2 ** 20 } : {}), ...(m?.versions ? { versions: m.versions } : {}) }, ws.lab ? { text: ws.lab.text, file: ws.lab.file } : undefined)
  if (!app.life.current(gen)) return
  if (!r.ok && r.error.code === 'bad-lab' && ws.lab) {
    // A lab file that does not validate: say where, and boot the plain machine.
    const { lab, ...plain } = ws
    await start({ ...plain, log: [] }, note)
    player.showErrors(lab.file, lab.text, r.error.message.split('\n'))
    return
  }
  if (!r.ok) { app.life.go('dead'); return banner(`The machine did not boot: ${r.error.message}`, 'error') }
  app.lab = r.value.lab ?? null
  app.view = r.value.view
  app.version = r.value.version
  live.samples.add(app.view)
  // A fresh machine's view is drawn once its terminal is up: the prompt comes first.
  const replay = ws.log.some((e) => e.kind === 'open')
  if (replay) live.show(app.view, true)
  if (note) banner(note)
  if (app.speed !== 1) void c.api.setSpeed(app.speed)
  if (replay) {
    app.life.go('replaying')
    const crashOn = DEBUG ? PARAMS.get('crashOn') : null
    const rr = await c.api.replay(ws.log, mine((i: number) => {
      app.started = Math.max(app.started, i + 1)
      // ?debug&crashOn=LINE: the worker hangs when the replay feeds LINE (a command that kills it, for the tests).
      const e = ws.log[i]
      if (crashOn !== null && e?.kind === 'line' && e.text === crashOn) void c.api.debugCrash('hang')
    }))
    if (!app.life.current(gen)) return
    // The replay's last output may still be on its way (another port): take it
    // while input is held, so the line editor starts below it.
    if (rr.ok) await outputsReceived(rr.value.batches)
    if (!app.life.current(gen)) return
    if (!rr.ok) banner(`Replay stopped: ${rr.error.message}`, 'error')
    else if (rr.value.cancelled) replayCancelled(rr.value.replayed)
    app.started = app.workspace.log.length
    app.life.go('ready')
    for (const t of tabs.all()) t.release()
    tabs.get(tabs.active ?? -1)?.focus()
  } else {
    app.life.go('ready')
    await openTerminal()
    if (app.life.current(gen) && app.view) live.show(app.view, true)
  }
  if (app.lab) {
    // The replay's last command must be back at its prompt before the engine is told the learner's step.
    for (let i = 0; i < 200 && unfinishedCommand(app.workspace.log, app.workspace.log.length, finished) !== null; i++) await new Promise((r) => setTimeout(r, 50))
    // A lab's replayed `lab next` lines brought the engine to the learner's step; a scenario goes back to its step.
    const st = app.lab.kind === 'scenario' ? await c.api.labGoTo(Math.min(ws.lab?.step ?? 0, app.lab.steps.length - 1)) : await c.api.labState()
    if (!app.life.current(gen)) return
    if (st.ok) player.show(app.lab, st.value)
  } else if (player.open) player.hide()
  if (!app.lab) welcome.showOnce()
  else welcome.hide()
}

/** The player's Run: type `command` into the lab's terminal `name` and wait for its prompt. */
async function runInTerminal(name: string, command: string): Promise<void> {
  const host = app.workspace.log.find((e) => e.kind === 'open' && e.vm === undefined)?.term ?? tabs.active
  if (host === null || host === undefined) return
  const t = app.lab?.terminals.find((x) => x.name === name)
  const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  // A container or VM terminal runs each line through docker exec / vm exec, as the engine does.
  const line = !t ? command : t.kind === 'container' ? `docker exec ${t.target} sh -c ${quoted(command)}` : `vm exec ${t.target} -- sh -c ${quoted(command)}`
  tabs.select(host)
  const tab = tabs.get(host)!
  const n = (app.promptsSeen.get(host) ?? 0) + 1
  const done = new Promise<void>((resolve) => app.promptWaiters.push({ term: host, n, resolve }))
  tab.typeNow(line)
  await done
}

async function exportReport(learner: string): Promise<void> {
  const r = await app.client?.api.labReport(learner || 'anonymous')
  if (!r?.ok) return banner(`Export report: ${r?.error.message ?? 'no machine'}`, 'error')
  const rep = r.value as { lab: { id: string } }
  const url = URL.createObjectURL(new Blob([JSON.stringify(r.value, null, 1) + '\n'], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `isolab-lab-report-${rep.lab.id}.json`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Open a lab file (shipped, picked or fetched): a fresh machine for it, unless it is the saved one (progress kept). */
function openLab(file: string, text: string, saved?: Workspace): void {
  if (saved?.lab?.file === file && saved.lab.text === text) return void start(saved, `Back in ${file}: your progress was restored.`)
  void start({ ...emptyWorkspace(DEFAULT_SEED), lab: { file, text, step: 0 } })
}

/** Ctrl-C while replaying: keep what was fed, drop the rest, then interrupt the running command. */
async function stopReplay(term: number): Promise<void> {
  const c = app.client
  if (!c) return
  await c.api.cancelReplay()
  // The replay's reply (in start) trims the log; the interrupt follows once input is live again.
  const wait = () => new Promise<void>((r) => { const check = () => (app.life.accepting ? r() : setTimeout(check, 20)); check() })
  await wait()
  termHooks.signal(term, 'INT')
}

function replayCancelled(fed: number): void {
  const total = app.workspace.log.length
  const dropped = app.workspace.log.slice(fed).filter((e) => e.kind === 'line').length
  app.workspace.log = app.workspace.log.slice(0, fed)
  app.lineCount = app.workspace.log.filter((e) => e.kind === 'line').length
  indexLines()
  saver.flush()
  banner(`Replay stopped at your Ctrl-C after ${fed} of ${total} recorded events; the ${plural(dropped, 'command')} after it ${dropped === 1 ? 'was' : 'were'} left out.`)
}

/** Commands each terminal has finished: prompts after its first. */
const finished = (term: number) => Math.max(0, (app.promptsSeen.get(term) ?? 0) - 1)

async function onDead(silentMs: number): Promise<void> {
  app.life.go('dead')
  let ws = app.workspace
  const why = `The machine stopped answering for ${(silentMs / 1000).toFixed(0)} s, so it was restarted from the saved workspace.`
  let extra = ''
  const culprit = unfinishedCommand(ws.log, app.started, finished)
  if (culprit !== null) {
    // The command it was running: leave it and everything after it out, keep what came before.
    const text = (ws.log[culprit] as { text: string }).text
    const n = ws.log.slice(0, culprit).filter((e) => e.kind === 'line').length
    ws = { ...ws, log: ws.log.slice(0, culprit) }
    extra = ` Command #${n + 1} (${text}) was running and was left out; the ${plural(n, 'command')} before it ${n === 1 ? 'was' : 'were'} kept.`
  } else if (app.life.deathsInRow > 1) {
    // Restarting the same input hung it again, with no command running: leave out the last command.
    const lines = ws.log.filter((e) => e.kind === 'line').length
    ws = { ...ws, log: logPrefixThroughCommand(ws, lines - 2) }
    extra = ' The last command was left out because it hung the machine again.'
  }
  // Saved at once, so a reload does not bring the culprit back.
  app.workspace = ws
  saver.flush()
  await start(ws, why + extra)
}

function branchFrom(p: Point): void {
  localStorage.setItem(`${KEY}.before-branch`, JSON.stringify(app.workspace))
  const ws = { ...app.workspace, log: logPrefixThroughCommand(app.workspace, p.command) }
  $('past-notice').hidden = true
  void start(ws, `Branched after command #${p.command + 1} (${p.text}); the previous workspace is kept under "${KEY}.before-branch".`)
}

function wireControls(): void {
  $('btn-new-term').addEventListener('click', () => void openTerminal())
  $('btn-export').addEventListener('click', () => exportWorkspace(app.workspace))
  $('btn-reset').addEventListener('click', () => void start({ ...emptyWorkspace(app.workspace.seed), ...(app.workspace.machine ? { machine: app.workspace.machine } : {}) }, 'Started a fresh machine.'))
  $<HTMLInputElement>('import-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    const r = await readWorkspaceFile(file)
    // A bad file changes nothing: the running machine and the saved workspace stay as they are.
    if (!r.ok) return banner(`Import of ${file.name} failed: ${r.reason}. Nothing was changed.`, 'error')
    localStorage.setItem(`${KEY}.before-import`, JSON.stringify(app.workspace))
    const n = r.workspace.log.filter((e) => e.kind === 'line').length
    await start(r.workspace, `Imported ${file.name} (${plural(n, 'command')} replayed); the previous workspace is kept under "${KEY}.before-import".`)
  })
  window.addEventListener('resize', () => tabs.get(tabs.active ?? -1)?.fitNow())
  // Save at once when the page goes away (the quiet-spell save may not have run yet).
  window.addEventListener('pagehide', () => saver.flushPending())
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saver.flushPending() })
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
  view: () => app.view,
  workspace: () => app.workspace,
  timeline: () => timeline.points.map((p) => ({ command: p.command, text: p.text, filesNr: p.view.files.nr })),
  get replaying() { return app.life.replaying },
  get phase() { return app.life.phase },
  get activeTerm() { return tabs.active },
  get saves() { return saver.saves },
  terminal: (id = tabs.active ?? 1) => tabs.get(id)?.term,
  stats: () => ({ ...stats, fullViewBytes: JSON.stringify(app.view).length, draws: structuredClone(live.stats) }),
  /** Only with ?debug: make the worker hang or exit, to exercise the watchdog. */
  crashWorker: (mode: 'hang' | 'exit') => (DEBUG ? app.client?.api.debugCrash(mode).then((r) => r.ok) : Promise.resolve(false)),
}
declare global { interface Window { isolab: typeof debug } }
window.isolab = debug

function boot(): void {
  wireControls()
  const loaded = loadWorkspace(localStorage)
  const saved = loaded.kind === 'ok' ? loaded.workspace : undefined
  const want = PARAMS.get('lab') ?? PARAMS.get('scenario')
  if (PARAMS.has('catalogue')) {
    void renderCatalogue($('catalogue'), (f) => {
      $('catalogue').hidden = true
      history.replaceState(null, '', location.pathname)
      openLab(f.name, f.text)
    })
  }
  const cve = PARAMS.get('compare')
  if (cve !== null) {
    // Runs in its own worker (fresh machines per topology), beside the page's machine.
    const section = $('compare')
    section.hidden = false
    section.textContent = `Running ${cve} in seven topologies…`
    const cmp = new MachineClient(() => {})
    void cmp.api.compare(cve).then((r) => {
      cmp.dispose()
      if (!r.ok) { section.textContent = `compare ${cve}: ${r.error.message}`; return }
      renderComparison(section, r.value)
    })
  }
  if (PARAMS.has('density')) {
    // Its own worker too: density and cost measure a probe container on a fresh machine.
    const client = new MachineClient(() => {})
    void import('./view/planner.ts').then((m) => m.renderPlanner($('density'), client))
  }
  if (PARAMS.has('advise')) {
    // Its own worker, like compare: fresh machines for the measurements, beside the page's machine.
    const client = new MachineClient(() => {})
    void import('./view/advise.ts').then((m) => m.renderAdvisor($('advise'), client))
  }
  if (want !== null) {
    const s = shipped(want)
    if (s) return void s.load().then((text) => openLab(s.file, text, saved))
    banner(`There is no lab or scenario named "${want}"; the catalogue (?catalogue) lists them.`, 'error')
  }
  if (loaded.kind === 'corrupt') {
    void start(emptyWorkspace(DEFAULT_SEED), `The saved workspace could not be read (${loaded.reason}). It was kept under "${loaded.keptAs}" and a fresh machine was started.`)
  } else if (loaded.kind === 'ok') {
    const n = loaded.workspace.log.filter((e) => e.kind === 'line').length
    void start(loaded.workspace, `Restored your workspace (${plural(n, 'command')} replayed).`)
  } else {
    void start(emptyWorkspace(DEFAULT_SEED))
  }
}

boot()
