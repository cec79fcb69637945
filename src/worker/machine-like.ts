// The part of src/host/machine.ts the worker relies on. Kept as an interface so
// the worker can load the real Machine lazily and fall back to a stub while it
// is missing; adapt here if the real signatures drift.
import type { MachineOptions, MachineView, TerminalHandle } from '../host/types.ts'

export interface OpenTerminalOptions {
  cols: number
  rows: number
  onOutput(data: string): void
}

export interface MachineLike {
  openTerminal(opts: OpenTerminalOptions): TerminalHandle
  /** Runs for at most maxMs of real time; true while runnable work remains. */
  runSlice(maxMs: number): boolean
  view(): MachineView
}

export type MachineFactory = (opts: MachineOptions) => MachineLike
