// What happened on the machine, as the lab engine asks about it ("an EMFILE
// since the step began", "an OOM kill"): syscall failures as a tracer sees
// them, and kernel log lines classified by what they report. Totals per kind
// are kept forever (a flood of a million EMFILEs is one counter); the last
// events are kept with their time and process, for filters such as `comm`.
import { E, type Kpid } from '../../kernel-sim/abi/index.ts'
import type { Kernel } from '../../kernel-sim/index.ts'

export const EVENT_KINDS = ['EMFILE', 'ENFILE', 'OOM_KILL', 'EPT_VIOLATION', 'SECCOMP_DENIED', 'LSM_DENIED', 'EXPLOIT_STEP', 'EXPLOIT'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export interface KernelEvent {
  kind: EventKind
  atNs: number
  /** The process the event happened to (0 when the log line names none). */
  kpid: Kpid
  comm: string
  /** The syscall, or the log line. */
  detail: string
  /** The VM whose guest kernel it happened in (absent: the host's). */
  vm?: string
}

const RECENT = 1024

/** Which kernel log lines are which event (the messages as Linux prints them). */
const LOG_EVENTS: [RegExp, EventKind][] = [
  [/Killed process (\d+) \(([^)]*)\)/, 'OOM_KILL'], // oom_kill_process(): "Memory cgroup out of memory: Killed process ..."
  [/apparmor="DENIED"/, 'LSM_DENIED'], // AppArmor's AVC audit record
  [/audit: type=1326 /, 'SECCOMP_DENIED'], // AUDIT_SECCOMP: a filter killed the task
  [/EPT violation/, 'EPT_VIOLATION'], // the hypervisor refused a guest-physical access
]

export class KernelEvents {
  readonly totals: Record<EventKind, number> = { EMFILE: 0, ENFILE: 0, OOM_KILL: 0, EPT_VIOLATION: 0, SECCOMP_DENIED: 0, LSM_DENIED: 0, EXPLOIT_STEP: 0, EXPLOIT: 0 }
  readonly recent: KernelEvent[] = []

  /** `guest`: the events are a VM's guest kernel's, stamped with the host's clock (`clock`) and the VM's name. */
  constructor(private readonly kernel: Kernel, private readonly guest?: { vm: string; clock: Kernel }) {}

  /** KernelHost.syscallFailed */
  syscallFailed(kpid: Kpid, nr: string, errno: number, filtered: boolean): void {
    const kind: EventKind | undefined = filtered ? 'SECCOMP_DENIED' : errno === E.EMFILE ? 'EMFILE' : errno === E.ENFILE ? 'ENFILE' : undefined
    if (kind) this.add(kind, kpid, nr)
  }

  /** KernelHost.logged */
  logged(msg: string): void {
    for (const [re, kind] of LOG_EVENTS) {
      const m = re.exec(msg)
      if (!m) continue
      const pid = kind === 'OOM_KILL' ? Number(m[1]) : Number(/ pid=(\d+)/.exec(msg)?.[1] ?? 0)
      this.add(kind, pid as Kpid, msg) // the kernel log names tasks by kpid
      return
    }
  }

  /** KernelHost.exploited: a modelled bug was used (its step that crossed the boundary). */
  exploited(kpid: Kpid, what: string): void {
    this.add('EXPLOIT', kpid, what)
  }

  /** KernelHost.exploitStep: a step the kernel can tell is an exploit's, before it succeeds. */
  exploitStep(kpid: Kpid, what: string): void {
    this.add('EXPLOIT_STEP', kpid, what)
  }

  private add(kind: EventKind, kpid: Kpid, detail: string): void {
    this.totals[kind]++
    const e: KernelEvent = { kind, atNs: (this.guest?.clock ?? this.kernel).s.nowNs, kpid, comm: this.kernel.task(kpid)?.comm ?? '', detail }
    if (this.guest) e.vm = this.guest.vm
    this.recent.push(e)
    if (this.recent.length > RECENT * 2) this.recent.splice(0, RECENT)
  }

  /** The totals now: a mark to count from ("since the step began"). */
  mark(): Record<EventKind, number> {
    return { ...this.totals }
  }
}
