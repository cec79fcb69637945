// A simulated machine: a kernel, its userland, and the channels that connect
// it to whoever drives it (the CLI in Node, the Web Worker, tests). Plain data
// in, plain data out; never throws for anything a user can type.
import {
  installFile, createKernel, createTty, memInfo, nextWakeNs, runSlice, sendSignal, spawnTask, ttyEof, ttyInput, ttyRaw, ttySignal, ttyWantsInput,
  type Kernel,
} from '../../kernel-sim/index.ts'
import { SIG, okKpid, statusToShell } from '../../kernel-sim/abi/index.ts'
import { DEFAULT_VERSIONS, type ComponentVersions } from '../../kernel-sim/index.ts'
import { PROGRAMS } from '../programs/index.ts'
import { bashMain } from '../shell/index.ts'
import { initMain } from './init.ts'
import { installRootfs, type InstalledProgram } from './rootfs.ts'
import type { MachineOptions, MachineView, ScriptResult, TerminalHandle, ViewBreach } from './types.ts'
import { buildView } from './view.ts'
import { KernelEvents } from './kernel-events.ts'
import { driveUntil } from './drive.ts'
import { AlertLog } from './alerts.ts'
import { BreachLog } from './breaches.ts'
import { DockerNames } from './docker-names.ts'
import { lister, type Lister } from './completer.ts'
import { attachHypervisor, type GuestEvents, type Hypervisor } from '../../kernel-sim/index.ts'
import { guestConsole } from './guest-console.ts'

const GiB = 2 ** 30
/** Syscalls per scheduler call while driving interactively: small, so a slice stays a few ms. */
const SLICE_SYSCALLS = 20_000
/** Default step budget for a non-interactive script (a runaway loop ends here). */
export const DEFAULT_MAX_STEPS = 5_000_000

const SHELLS: InstalledProgram[] = [
  { name: 'bash', path: '/bin/bash' },
  { name: 'bash', path: '/bin/sh' },
  { name: 'init', path: '/sbin/init' },
]

export const ROOT_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/root',
  'USER=root',
  'LOGNAME=root',
  'SHELL=/bin/bash',
  'TERM=xterm-256color',
  'LANG=C.UTF-8',
]

export interface RunScriptOptions {
  stdin?: string
  onStdout?(s: string): void
  onStderr?(s: string): void
  /** Step budget in syscalls (default DEFAULT_MAX_STEPS). */
  maxSteps?: number
  /** argv[0] for `bash -c` error messages (default "bash"). */
  argv0?: string
  /** Run `bash` with the script as its standard input (`bash < file`) instead of `bash -c script`; `stdin` is then unused. */
  fromStdin?: boolean
  /**
   * Virtual time passes only while the script runs: when it has exited, the
   * clock stays (no jump to the next timer of a sleeping background process).
   * For checks that must not change what they look at.
   */
  holdClock?: boolean
}

export class Machine {
  readonly kernel: Kernel
  readonly hypervisor: Hypervisor
  readonly options: Required<Omit<MachineOptions, 'versions' | 'files'>> & { versions: ComponentVersions }
  private readonly sinks = new Map<number, (data: string) => void>()
  private readonly exits = new Map<number, number>()
  private nextChannel = 1
  /** Messages for the user that are not process output (simulation limits, panics). */
  readonly notices: string[] = []
  /** The most open files at any moment since the last view (files.peak). */
  private filesPeak = 0
  private lastSliceWallMs = realMs()
  private readonly names: DockerNames
  private readonly alerts: AlertLog
  private readonly breaches: BreachLog
  /** Exploits that worked, on the host and in the VMs' guests (the blast radius). */
  private readonly breachList: ViewBreach[] = []
  /** Each guest kernel's isolation events (kept apart from the host's, which the lab checks count). */
  private readonly guestEventLogs: KernelEvents[] = []
  private readonly guestNames = new WeakMap<Kernel, DockerNames>()
  /** EMFILE, ENFILE, OOM kills, seccomp and LSM denials, EPT violations (for lab checks). */
  readonly events: KernelEvents

  constructor(opts: MachineOptions = {}) {
    this.options = {
      seed: opts.seed ?? 1,
      memoryBytes: opts.memoryBytes ?? 8 * GiB,
      cpus: opts.cpus ?? 2,
      hostname: opts.hostname ?? 'host',
      versions: { ...DEFAULT_VERSIONS, ...opts.versions },
    }
    const byName = new Map(PROGRAMS.map((p) => [p.name, p.main]))
    byName.set('bash', bashMain)
    byName.set('init', initMain)
    this.kernel = createKernel({
      machine: { cpus: this.options.cpus, memoryBytes: this.options.memoryBytes, diskBytes: 64 * GiB, versions: this.options.versions },
      seed: this.options.seed,
      hostname: this.options.hostname,
      programs: (name) => byName.get(name),
      host: {
        output: (ch, data) => this.sinks.get(ch)?.(data),
        notice: (m) => this.notices.push(m),
        exited: (kpid, status) => this.exits.set(kpid, status),
        enfile: (kpid) => this.alerts.enfile(kpid),
        fileOpened: (nr) => { if (nr > this.filesPeak) this.filesPeak = nr },
        syscallFailed: (kpid, nr, errno, filtered) => this.events?.syscallFailed(kpid, nr, errno, filtered),
        logged: (msg) => this.events?.logged(msg), // (boot logs before the log exists)
        exploited: (kpid, what, detail) => { this.events.exploited(kpid, what); this.breaches.exploited(kpid, what, detail) },
        exploitStep: (kpid, what) => { this.events.exploitStep(kpid, what); this.breaches.step(kpid) },
      },
    })
    this.events = new KernelEvents(this.kernel)
    this.names = new DockerNames(this.kernel)
    this.alerts = new AlertLog(this.kernel, this.names)
    this.breaches = new BreachLog(this.kernel, this.names, () => this.hypervisor, this.breachList)
    installRootfs(this.kernel, this.options.hostname, [...PROGRAMS, ...SHELLS])
    for (const f of opts.files ?? []) installFile(this.kernel, f.path, f.data, 0o644)
    // The hypervisor (/dev/kvm): guests boot the same kernel code with the same userland.
    this.hypervisor = attachHypervisor(this.kernel, {
      userland: { programs: (name) => byName.get(name), install: (k, h) => installRootfs(k, h, [...PROGRAMS, ...SHELLS]), rootEnv: ROOT_ENV },
      createKernel, seed: this.options.seed,
      guestEvents: (vm, g) => this.guestEvents(vm, g),
    })
    this.kernel.commit()
    runSlice(this.kernel, 1000) // let init settle
  }

  /** A guest kernel's events, as the hypervisor passes them up: its own event log and the shared breach list, tagged with the VM. */
  private guestEvents(vm: string, g: Kernel): ReturnType<GuestEvents> {
    const events = new KernelEvents(g, { vm, clock: this.kernel })
    const breaches = new BreachLog(g, this.namesIn(g), () => undefined, this.breachList, vm, this.kernel)
    this.guestEventLogs.push(events)
    if (this.guestEventLogs.length > 16) this.guestEventLogs.shift() // VMs restarted many times: the last guests' logs
    return {
      logged: (msg) => events.logged(msg),
      syscallFailed: (kpid, nr, errno, filtered) => events.syscallFailed(kpid, nr, errno, filtered),
      exploited: (kpid, what, detail) => { events.exploited(kpid, what); breaches.exploited(kpid, what, detail) },
      exploitStep: (kpid, what) => { events.exploitStep(kpid, what); breaches.step(kpid) },
    }
  }

  /** The container names of a guest kernel's dockerd. */
  private namesIn(g: Kernel): DockerNames {
    let n = this.guestNames.get(g)
    if (!n) this.guestNames.set(g, (n = new DockerNames(g)))
    return n
  }

  private channel(sink: (data: string) => void): number {
    const ch = this.nextChannel++
    this.sinks.set(ch, sink)
    return ch
  }

  /** Runs `bash -c script` as root on this machine to completion (or the step budget). */
  runScript(script: string, o: RunScriptOptions = {}): ScriptResult {
    let stdout = ''
    let stderr = ''
    const out = this.channel((s) => (o.onStdout ? o.onStdout(s) : (stdout += s)))
    const err = this.channel((s) => (o.onStderr ? o.onStderr(s) : (stderr += s)))
    const pid = spawnTask(this.kernel, {
      path: '/bin/bash', argv: o.fromStdin ? [o.argv0 ?? 'bash'] : [o.argv0 ?? 'bash', '-c', script], envp: [...ROOT_ENV, 'PWD=/root'], cwd: '/root',
      stdio: { kind: 'host', stdin: o.fromStdin ? script : o.stdin ?? '', stdout: out, stderr: err },
    })
    if (pid < 0) return { status: 126, stdout, stderr: `isolab: cannot start the shell (errno ${-pid})\n` }
    const max = o.maxSteps ?? DEFAULT_MAX_STEPS
    const start = this.kernel.syscalls
    const noticesBefore = this.notices.length
    let status: number | undefined
    if (o.holdClock) {
      const r = driveUntil(this.kernel, () => this.exits.has(pid), max)
      if (r === 'budget') {
        const msg = `isolab: step budget exhausted after ${max} system calls (a runaway loop?); the script was stopped\n`
        o.onStderr ? o.onStderr(msg) : (stderr += msg)
        this.killSession(pid)
        return { status: 124, stdout, stderr }
      }
      status = this.exits.get(pid)
    }
    while (!o.holdClock && (status = this.exits.get(pid)) === undefined) {
      // no slice past the budget: `maxSteps: 5000` stops near 5,000 calls, not at the slice's 20,000
      const r = runSlice(this.kernel, Math.max(1, Math.min(SLICE_SYSCALLS, max + 1 - (this.kernel.syscalls - start))))
      if (r === 'panic' || r === 'idle') {
        // idle: every process waits for something; either the script ended or it waits for input that never comes
        status = this.exits.get(pid)
        break
      }
      if (this.kernel.syscalls - start > max) {
        const msg = `isolab: step budget exhausted after ${max} system calls (a runaway loop?); the script was stopped\n`
        o.onStderr ? o.onStderr(msg) : (stderr += msg)
        this.killSession(pid)
        return { status: 124, stdout, stderr }
      }
    }
    for (const n of this.notices.slice(noticesBefore)) {
      const line = n + '\n'
      o.onStderr ? o.onStderr(line) : (stderr += line)
    }
    if (status === undefined) {
      const why = this.kernel.panicked || 'the script is waiting for input that never comes'
      const line = `isolab: ${why}\n`
      o.onStderr ? o.onStderr(line) : (stderr += line)
      this.killSession(pid)
      return { status: 125, stdout, stderr }
    }
    this.exits.delete(pid)
    runSlice(this.kernel, 1000, o.holdClock ? this.kernel.s.nowNs : Infinity) // let init reap
    return { status: statusToShell(status), stdout, stderr }
  }

  private killSession(sid: number): void {
    for (const t of [...this.kernel.s.tasks.values()]) {
      if (t.sid === sid && t.state !== 'Z') sendSignal(this.kernel, t.kpid, SIG.SIGKILL)
    }
    runSlice(this.kernel, 1000)
  }

  /** Opens a terminal (/dev/pts/N) with an interactive login bash on it. */
  openTerminal(o: { cols: number; rows: number; onOutput(data: string): void }): TerminalHandle {
    const k = this.kernel
    const sink = this.channel(o.onOutput)
    const tty = createTty(k, sink, o.cols, o.rows)
    const ttyId = tty.id
    const pid = spawnTask(k, {
      path: '/bin/bash', argv: ['-bash', '-i'], envp: [...ROOT_ENV, 'PWD=/root'], cwd: '/root',
      stdio: { kind: 'tty', tty: ttyId },
    })
    k.commit()
    const machine = this
    return {
      id: ttyId,
      inputLine: (line: string) => ttyInput(k, ttyId, line.endsWith('\n') ? line : line + '\n'),
      input: (data: string) => ttyInput(k, ttyId, data),
      get raw() { return ttyRaw(k, ttyId) },
      interrupt: () => ttySignal(k, ttyId, SIG.SIGINT),
      suspend: () => ttySignal(k, ttyId, SIG.SIGTSTP),
      eof: () => ttyEof(k, ttyId),
      resize: (cols: number, rows: number) => {
        const w = k.mutTty(ttyId)
        w.cols = cols
        w.rows = rows
        k.commit()
      },
      get wantsInput() { return ttyWantsInput(k, ttyId) },
      get pendingPrompt() { return k.tty(ttyId)?.partial ?? '' },
      get closed() { const kp = okKpid(pid); return !kp || machine.exits.has(kp) || k.task(kp)?.state === 'Z' || !k.task(kp) },
      /** The login shell's status as a shell shows it ($?), once it has exited. */
      get exitStatus() { const st = machine.exits.get(pid); return st === undefined ? undefined : statusToShell(st) },
    }
  }

  /** A terminal on VM `name`'s guest kernel (a login shell there), or why not. */
  openGuestConsole(name: string, o: { cols: number; rows: number; onOutput(data: string): void }): TerminalHandle | string {
    return guestConsole(this.hypervisor, name, o)
  }

  /**
   * Runs the scheduler for about `maxSyscalls`; true while work remains runnable.
   * Interactive pacing: idle virtual time passes `speed` times as fast as real
   * time (Infinity: as fast as the CLI, every wait skipped); `untilNs` lets idle
   * time run at once but not past that virtual moment (a replay: up to when the
   * next recorded input was typed, never beyond); `skip` jumps once
   * to the next timer (a sleeping process's wake-up), as if that wait were over.
   */
  runSlice(maxSyscalls = SLICE_SYSCALLS, pace: { speed?: number; skip?: boolean; untilNs?: number } = {}): boolean {
    const speed = pace.speed ?? 1
    const wall = realMs()
    const now = this.kernel.s.nowNs
    let ceiling = pace.untilNs !== undefined ? Math.max(now, pace.untilNs) : speed === Infinity ? Infinity : now + Math.max(0, wall - this.lastSliceWallMs) * 1e6 * speed
    if (pace.skip) ceiling = Math.max(ceiling, nextWakeNs(this.kernel) ?? now)
    this.lastSliceWallMs = wall
    return runSlice(this.kernel, maxSyscalls, ceiling) === 'busy'
  }

  /** Real milliseconds until the next timer or disk completion (a sleeping process) is due, if any: when to call runSlice again. */
  nextWakeMs(): number | undefined {
    const at = nextWakeNs(this.kernel)
    return at === undefined ? undefined : Math.max(0, (at - this.kernel.s.nowNs) / 1e6)
  }

  /** Tab completion's read-only view of the machine, as seen from terminal `term`. */
  completer(term: number): Lister {
    return lister(this.kernel, term)
  }

  /** The live view's data, derived from kernel state now. Starts a new peak interval (files.peak). */
  view(): MachineView {
    const v = this.buildView()
    this.filesPeak = 0
    return v
  }

  private buildView(): MachineView {
    return buildView(this.kernel, {
      names: this.names, alerts: this.alerts.alerts, hypervisor: this.hypervisor, events: this.events.recent, breaches: this.breachList,
      guestEvents: this.guestEventLogs.map((e) => e.recent), filesPeak: this.filesPeak, guestNames: (g) => this.namesIn(g),
    })
  }

  /** Virtual time since boot, ns: the cheap read for stamping input (no view is built). */
  nowNs(): number {
    return this.kernel.s.nowNs
  }

  memory() {
    return memInfo(this.kernel)
  }
}

/**
 * Real time for pacing an interactive session (never read by the kernel, and
 * not used by runScript: scripts are paced by virtual time alone).
 */
function realMs(): number {
  return globalThis.performance?.now() ?? 0
}


