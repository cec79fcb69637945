// The typed contract between the page and the machine worker (over comlink).
// Everything crossing it is plain structured-clone data; domain errors travel
// as values ({ok:false, error}) so nothing is ever thrown across the boundary.
import type { Patch } from 'immer'
import type { MachineOptions, MachineView } from '../host/types.ts'
import type { Comparison } from '../compare/compare.ts'
import type { AdvisorQuestion, AdvisorResult } from '../advisor/advisor.ts'

/** `isolab compare`'s result, as the page draws it. */
export type { Comparison, Place } from '../compare/compare.ts'
/** The decision advisor's questions and answer, as the page's form shows them. */
export type { AdvisorQuestion, AdvisorResult } from '../advisor/advisor.ts'
/** `density` or `cost` run for the page's form: the command line and what it printed. */
export type { PlannerRun } from './planner.ts'
import type { PlannerRun } from './planner.ts'
import type { VersionSuggestions } from './versions.ts'

/** How virtual time is paced to real time while the machine idles (see MachineLike.runSlice). */
export type Speed = 1 | 10 | 'skip'

export type ErrorCode =
  | 'not-booted'
  | 'no-such-terminal'
  | 'terminal-closed'
  | 'bad-argument'
  | 'machine-unavailable'
  | 'bad-lab'
  | 'no-lab'
  | 'internal'

export interface ApiError {
  code: ErrorCode
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } })

/** One batch of terminal output, gathered over a slice. */
export interface TermOutput {
  term: number
  /** Raw bytes from the kernel tty, newlines as "\n" (the page converts). */
  data: string
  /** Set when a reader waits on the tty: the prompt to hand to the line editor. */
  prompt: string | null
  /**
   * Commands this terminal finished since the last batch: reads that began
   * (the prompt above, and any answered within the batch during a fast replay).
   */
  prompts: number
  closed: boolean
  /** A program put the tty in raw mode (docker run -it): send keystrokes with keys(), bypassing the line editor. */
  raw: boolean
}

/** A recorded input event: what "branch from here" and reload replay. */
export type InputEvent =
  | { kind: 'line'; term: number; text: string; atNs: number }
  | { kind: 'signal'; term: number; signal: TermSignal; atNs: number }
  | { kind: 'open'; term: number; cols: number; rows: number; atNs: number; vm?: string }
  | { kind: 'keys'; term: number; data: string; atNs: number }

export type TermSignal = 'INT' | 'EOF' | 'TSTP'

export interface ViewUpdate {
  /** Monotonic version; patches apply to version - 1. */
  version: number
  patches: Patch[]
}

export interface BootInfo {
  seed: number
  /** The lab booted with (boot's `lab`). */
  lab?: LabInfo
  version: number
  view: MachineView
}

export interface ReplayDone {
  replayed: number
  /** Stopped by cancelReplay(): only the first `replayed` events were fed. */
  cancelled: boolean
  /**
   * Output batches sent to the subscriber so far. Output travels on its own
   * port, so the page may see this reply before the replay's last output: it
   * waits until it has received this many batches.
   */
  batches: number
}

export interface Completion {
  /** Text to insert at the cursor (common prefix of all matches beyond the word). */
  insert: string
  /** All candidates, shown when there are several. */
  candidates: string[]
}

/** A lab or scenario as the player shows it (the engine keeps the checks). */
export interface LabInfo {
  id: string
  kind: 'lab' | 'scenario'
  title: string
  summary: string
  claim: string
  topic: string
  /** Terminals other than host: name → a container (docker exec) or a VM (vm exec). */
  terminals: { name: string; kind: 'container' | 'vm'; target: string }[]
  steps: { id: string; title: string; text: string; hasTask: boolean; run: { terminal: string; command: string }[] }[]
}

export interface LabState {
  /** The current step's index. */
  current: number
  /** Each step's task: done, open, locked, or none (a step without a task). */
  tasks: ('done' | 'open' | 'locked' | 'none')[]
  finished: boolean
}

/** A lab file to boot the machine for: its text and the name errors cite. */
export interface LabSource { text: string; file: string }

export interface WorkerApi {
  /**
   * A new machine. With `lab`, the file is validated first (errors come back as
   * 'bad-lab' with FILE:LINE:COL lines), the machine is the lab's, its setup runs,
   * and the first terminal is the learner's (recorded for the report).
   */
  boot(opts: MachineOptions, lab?: LabSource): Promise<Result<BootInfo>>
  /** The `lab` program's commands from the player: check, hint, next, solution, progress. */
  labAnswer(args: string[]): Promise<Result<{ status: number; text: string; state: LabState }>>
  labState(): Promise<Result<LabState>>
  /** Start at step `i` (a reload restores the learner's step after replaying their input). */
  labGoTo(i: number): Promise<Result<LabState>>
  /**
   * `isolab compare CVE`: the exploit on fresh seeded machines, one per topology
   * (src/compare). Plain data: the page draws the topologies side by side.
   */
  compare(cve: string): Promise<Result<Comparison>>
  /** `advise`'s questions, in its order, with their choices and defaults (for the page's form). */
  adviseQuestions(): Promise<Result<AdvisorQuestion[]>>
  /**
   * `advise --json` with these answers (question key → choice) on a fresh
   * seeded machine (src/advisor): the recommendation, its reasons quoting
   * figures measured there, and the lab behind each reason.
   */
  advise(answers: Record<string, string>, seed?: number): Promise<Result<AdvisorResult>>
  /**
   * `density` or `cost` with these flags (name without the dashes → value, or true for a
   * switch such as ksm) on a fresh machine with this seed: the same program as the terminal's.
   */
  planner(program: 'density' | 'cost', options: Record<string, string | boolean>, seed?: number): Promise<Result<PlannerRun>>
  /** The settings dialog's suggested versions: per component, the versions with a modelled bug and their CVEs. */
  versionSuggestions(): Promise<Result<VersionSuggestions>>
  /** The report `isolab lab grade` reads. */
  labReport(learner: string): Promise<Result<unknown>>
  openTerminal(cols: number, rows: number): Promise<Result<{ id: number }>>
  /** A terminal on VM `vm`'s console: a login shell on its guest kernel. */
  openConsole(vm: string, cols: number, rows: number): Promise<Result<{ id: number }>>
  input(term: number, line: string): Promise<Result<InputEvent>>
  signal(term: number, signal: TermSignal): Promise<Result<InputEvent>>
  /** Keystrokes for a terminal in raw mode (TermOutput.raw). */
  keys(term: number, data: string): Promise<Result<InputEvent>>
  resize(term: number, cols: number, rows: number): Promise<Result<null>>
  complete(term: number, line: string, cursor: number): Promise<Result<Completion>>
  /**
   * Replay recorded input (same seed → same machine): each line waits until its
   * terminal asks for input; each signal waits until virtual time reaches atNs.
   */
  replay(events: InputEvent[], onFeed?: (index: number) => void): Promise<Result<ReplayDone>>
  /** Stop the running replay after the events fed so far (the reply to replay() says how many). */
  cancelReplay(): Promise<Result<null>>
  /** Clock speed at the prompt: 1× or 10× real time, or 'skip': jump once to the next timer. */
  setSpeed(speed: Speed): Promise<Result<null>>
  /** The callbacks must be wrapped in Comlink.proxy by the caller. */
  subscribeOutput(cb: (batch: TermOutput[]) => void): Promise<Result<null>>
  subscribeView(cb: (update: ViewUpdate) => void): Promise<Result<null>>
  snapshot(): Promise<Result<{ version: number; view: MachineView }>>
  ping(): Promise<'pong'>
  /**
   * Test hook for the watchdog: 'hang' spins the worker forever, 'exit' closes
   * it. Only the page calls it, and only when opened with ?debug; nothing typed
   * into a terminal can reach it.
   */
  debugCrash(mode: 'hang' | 'exit'): Promise<Result<null>>
}
