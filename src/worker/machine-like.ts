// The part of src/host/machine.ts the worker's Session relies on: an interface,
// so the Session's tests can drive a small scripted machine (test/worker).
import type { MachineView, TerminalHandle } from '../host/types.ts'

export interface OpenTerminalOptions {
  cols: number
  rows: number
  onOutput(data: string): void
}

export interface MachineLike {
  openTerminal(opts: OpenTerminalOptions): TerminalHandle
  /**
   * One scheduler burst; true while runnable work remains. The real Machine
   * takes a syscall budget (default ~20k syscalls, a few ms), not milliseconds:
   * the worker calls it with no budget and paces bursts by real time itself.
   * `pace.speed` is virtual seconds per real second while idle (Infinity: no waiting,
   * as the CLI); `pace.skip` jumps once to the next timer.
   */
  runSlice(budget?: number, pace?: { speed?: number; skip?: boolean; untilNs?: number }): boolean
  /** Real ms until a sleeping process's timer is due (Machine.nextWakeMs). */
  nextWakeMs?(): number | undefined
  view(): MachineView
  /** A terminal on VM `name`'s console, or why not (a message). */
  openGuestConsole?(name: string, opts: OpenTerminalOptions): TerminalHandle | string
  /** Virtual time, ns, without building a view (input is stamped with it on every keystroke). */
  nowNs?(): number
}

