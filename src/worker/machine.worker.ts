/// <reference types="vite/client" />
// Web Worker entry: owns one Machine, runs it in slices and yields to the event
// loop between them (MessageChannel, not setTimeout, to dodge 4 ms clamping),
// so Ctrl-C and pings get through even while a runaway loop is running.
import * as Comlink from 'comlink'
import { err, ok, type Result, type TermOutput, type ViewUpdate, type WorkerApi } from './api.ts'
import { Session } from './session.ts'
import { labState, loadEngine, parseLab } from './lab.ts'
import type { LabSession } from '../labs/index.ts'
import { loadAllCode } from '../programs/lib/lazy.ts'
// (Static: the catalogue then sits in this chunk, which the machine's chunks reuse, not in a chunk of its own.)
import { versionSuggestions } from './version-suggestions.ts'

/**
 * Rarely run programs and the regex engine load when first run (programs/lib/lazy.ts), and
 * a program that needs them sooner waits in virtual time. What must run the same as it did
 * (a lab's checks, a replay, `isolab compare`, the advisor's `advise --json`) loads them first; if that fails, the
 * programs that need them say so when they run.
 */
const loadRareCode = () => loadAllCode().catch(() => {})

// A chunk of its own, so the page paints before the machine's code arrives. It starts
// loading as soon as the worker runs, not when the page asks for a boot: its download
// and compile overlap the page's own start.
const machineClass: Promise<typeof import('../host/machine.ts').Machine> = import('../host/machine.ts').then((m) => m.Machine)
machineClass.catch(() => {}) // a failed load is reported by boot(), which awaits it

/**
 * The shipped scenarios and labs, installed in every machine at
 * /usr/share/isolab/scenarios/TOPIC/NAME.yaml (and any .sh scripts), so `ls` and `cat` work on them.
 * They ship as plain files (not JavaScript), fetched while the machine's code loads.
 * SIMPLIFICATION: the scenarios are YAML now, so `sh` has no script to run; `isolab scenario run` plays them.
 */
const SCENARIO_URLS = import.meta.glob(['../../scenarios/*/*.sh', '../../scenarios/*/*.yaml'], { query: '?url', import: 'default', eager: true }) as Record<string, string>
const scenarioFiles: Promise<{ path: string; data: string }[]> = Promise.all(Object.entries(SCENARIO_URLS).map(async ([p, url]) => {
  const r = await fetch(url).catch(() => null)
  return { path: `/usr/share/isolab/scenarios/${p.replace(/^(\.\.\/)+scenarios\//, '')}`, data: r?.ok ? await r.text() : '' }
})).then((fs) => fs.filter((f) => f.data !== ''))

let session: Session | null = null
let labSession: LabSession | null = null
let outputCb: ((b: TermOutput[]) => void) | null = null
/** Batches handed to outputCb (see ReplayDone.batches). */
let batchesSent = 0

function sendOutput(out: TermOutput[]): void {
  if (!outputCb) return
  batchesSent++
  outputCb(out)
}
let viewCb: ((u: ViewUpdate) => void) | null = null
let scheduled = false

const channel = new MessageChannel()
channel.port1.onmessage = () => { scheduled = false; tick() }

function schedule(): void {
  if (scheduled) return
  scheduled = true
  channel.port2.postMessage(null)
}

function tick(): void {
  if (!session) return
  let again = false
  try {
    again = session.tick()
  } catch (e) {
    // A kernel bug must not kill the worker silently: show it on every terminal.
    const msg = `\n[isolab worker] machine error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`
    sendOutput([...session.terms.keys()].map((term) => ({ term, data: msg, prompt: null, prompts: 0, closed: false, raw: false })))
  }
  flush(!again)
  if (again) rest()
  else wakeForTimer()
}

/**
 * Between busy slices the worker rests a little, so a runaway job takes at most
 * ~SLICE/(SLICE+REST) of one core: on a two-core laptop the page's own threads
 * (main, compositor, raster) keep a share and keys still echo at once. Input
 * and pings are not delayed: they schedule the next slice themselves.
 */
const REST_MS = 3
function rest(): void {
  setTimeout(schedule, REST_MS)
}

/** A process sleeps (e.g. `sleep 5 &` at a prompt): tick again when its timer is due, in real time. */
let timer: ReturnType<typeof setTimeout> | undefined
function wakeForTimer(): void {
  const ms = session?.machine.nextWakeMs?.()
  if (ms === undefined || timer !== undefined) return
  timer = setTimeout(() => {
    timer = undefined
    schedule()
  }, Math.min(ms + 1, 1000))
}

function flush(forceView: boolean): void {
  if (!session) return
  const out = session.takeOutput()
  // A prompt marks a finished command: send the view first, current, so the
  // page can pin it to the timeline point before it sees the prompt.
  const v = session.takeViewPatches(forceView || out.some((o) => o.prompt !== null))
  if (v && viewCb) viewCb(v)
  if (out.length) sendOutput(out)
}

/** Wraps an API method: no exception ever crosses comlink, and input kicks the loop. */
function guarded<A extends unknown[], T>(fn: (s: Session, ...a: A) => Result<T> | Promise<Result<T>>) {
  return async (...a: A): Promise<Result<T>> => {
    if (!session) return err('not-booted', 'call boot() first')
    try {
      const r = fn(session, ...a)
      schedule() // before awaiting: a replay only resolves once ticks run it
      return await r
    } catch (e) {
      return err('internal', e instanceof Error ? e.message : String(e))
    }
  }
}

const api: WorkerApi = {
  async boot(opts, labSource) {
    try {
      labSession = null
      const [Machine, files] = await Promise.all([machineClass, scenarioFiles])
      if (!labSource) {
        session = new Session(new Machine({ ...opts, files }))
        const { version, view } = session.snapshot()
        return ok({ seed: opts.seed ?? 0, version, view })
      }
      const p = await parseLab(labSource.text, labSource.file)
      if (!p.ok) return err('bad-lab', p.errors.join('\n'))
      const [L] = await Promise.all([loadEngine(), loadRareCode()])
      const machine = new Machine({ ...p.options, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), files })
      const ls = new L.LabSession(p.lab, machine, p.options, await L.labHash(p.lab))
      labSession = ls
      session = new Session(machine)
      session.lab = ls
      const { version, view } = session.snapshot()
      return ok({ seed: p.options.seed ?? 1, version, view, lab: p.info })
    } catch (e) {
      return err('machine-unavailable', e instanceof Error ? e.message : String(e))
    }
  },
  labAnswer: guarded((_s, args: string[]) => {
    if (!labSession) return err('no-lab', 'no lab is open')
    const a = labSession.run.answer(args)
    return ok({ ...a, state: labState(labSession) })
  }),
  async compare(cve) {
    try {
      const { compare } = await import('../compare/compare.ts')
      await loadRareCode()
      const c = compare(String(cve))
      return typeof c === 'string' ? err('bad-argument', c) : ok(c)
    } catch (e) {
      return err('internal', e instanceof Error ? e.message : String(e))
    }
  },
  async versionSuggestions() { return ok(versionSuggestions()) },
  async adviseQuestions() {
    const { advisorQuestions } = await import('../advisor/advisor.ts')
    return ok(advisorQuestions())
  },
  async advise(answers, seed) {
    try {
      const { runAdvisor } = await import('../advisor/advisor.ts')
      await loadRareCode()
      const r = runAdvisor(answers && typeof answers === 'object' ? answers : {}, Number.isInteger(seed) ? seed : 1)
      return typeof r === 'string' ? err('bad-argument', r) : ok(r)
    } catch (e) {
      return err('internal', e instanceof Error ? e.message : String(e))
    }
  },
  async planner(program, options, seed) {
    try {
      const { runPlanner } = await import('./planner.ts')
      await loadRareCode()
      const r = runPlanner(String(program), options && typeof options === 'object' ? options : {}, Number.isInteger(seed) ? seed : 1)
      return typeof r === 'string' ? err('bad-argument', r) : ok(r)
    } catch (e) {
      return err('internal', e instanceof Error ? e.message : String(e))
    }
  },
  labState: guarded(() => (labSession ? ok(labState(labSession)) : err('no-lab', 'no lab is open'))),
  labGoTo: guarded((_s, i: number) => {
    if (!labSession) return err('no-lab', 'no lab is open')
    if (!(Number.isInteger(i) && i >= 0 && i < labSession.lab.steps.length)) return err('bad-argument', `no step ${i}`)
    // Steps before it whose tasks hold now are done (a reload replays the input before it comes back here).
    for (let j = 0; j < i; j++) labSession.run.evaluateTask(j)
    labSession.run.goTo(i)
    return ok(labState(labSession))
  }),
  labReport: guarded((_s, learner: string) => (labSession ? ok(labSession.report(String(learner))) : err('no-lab', 'no lab is open'))),
  openTerminal: guarded((s, cols: number, rows: number) => s.openTerminal(cols, rows)),
  openConsole: guarded((s, vm: string, cols: number, rows: number) => s.openConsole(vm, cols, rows)),
  input: guarded((s, term: number, line: string) => s.input(term, line)),
  signal: guarded((s, term: number, sig: Parameters<WorkerApi['signal']>[1]) => s.signal(term, sig)),
  keys: guarded((s, term: number, data: string) => s.keys(term, data)),
  resize: guarded((s, term: number, cols: number, rows: number) => s.resize(term, cols, rows)),
  complete: guarded((s, term: number, line: string, cursor: number) => s.complete(term, line, cursor)),
  replay: guarded(async (s, events: Parameters<WorkerApi['replay']>[0], onFeed?: (index: number) => void) => {
    // onFeed is called before the machine runs what was fed, so the page knows
    // the culprit even if that command then kills this worker.
    await loadRareCode()
    const replaying = s.replay(events, onFeed)
    schedule() // (the one guarded() scheduled may have run while the code loaded)
    const r = await replaying
    if (!r.ok) return r
    // A finished replay resolves inside a tick: wait for that tick's flush (a cancelled one may resolve between ticks).
    flush(true)
    return ok({ replayed: r.value.replayed, cancelled: r.value.cancelled, batches: batchesSent })
  }),
  cancelReplay: guarded((s) => (s.cancelReplay(), ok(null))),
  setSpeed: guarded((s, speed: Parameters<WorkerApi['setSpeed']>[0]) => {
    if (speed !== 1 && speed !== 10 && speed !== 'skip') return err('bad-argument', `setSpeed: expected 1, 10 or 'skip', got ${String(speed)}`)
    s.setSpeed(speed)
    return ok(null)
  }),
  async subscribeOutput(cb) { outputCb = cb; batchesSent = 0; return ok(null) },
  async subscribeView(cb) { viewCb = cb; return ok(null) },
  async snapshot() {
    if (!session) return err('not-booted', 'call boot() first')
    flush(true)
    return ok(session.snapshot())
  },
  async ping() { return 'pong' },
  async debugCrash(mode) {
    if (mode !== 'hang' && mode !== 'exit') return err('bad-argument', `debugCrash: unknown mode ${String(mode)}`)
    // Answer first, then die, so the caller's promise settles.
    setTimeout(() => {
      if (mode === 'exit') self.close()
      else for (;;) { /* a hung worker: the page's watchdog must notice */ }
    }, 0)
    return ok(null)
  },
}

Comlink.expose(api)
