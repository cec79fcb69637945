// The part of the simulated machine the CLI drives (see src/host/types.ts and
// src/host/machine.ts). Kept structural so tests can drive the CLI with fakes.
import type { ScriptResult, TerminalHandle } from '../host/types.ts'
import type { Lister } from '../worker/completion.ts'
import type { MachineLike, OpenTerminalOptions } from '../worker/machine-like.ts'

export interface ScriptOptions {
  stdin?: string
  /** $0 for the script's error messages (`sh -c SCRIPT NAME`). */
  argv0?: string
  /** The script is bash's standard input (`sh < file`): bash reads it line by line and ps shows just "bash". */
  fromStdin?: boolean
  onStdout?(s: string): void
  onStderr?(s: string): void
}

export interface ScriptMachine {
  runScript(script: string, opts?: ScriptOptions): ScriptResult
}

export interface CliTerminal extends TerminalHandle {
  /** Optional: exit status of the session leader once closed. */
  readonly exitStatus?: number
}

/** What the interactive CLI drives: the worker Session's machine (MachineLike), with tab completion. */
export interface InteractiveMachine extends MachineLike {
  openTerminal(opts: OpenTerminalOptions): CliTerminal
  /** Optional, read-only: lists commands (PATH) and directories for tab completion (same hook the worker uses). */
  completer?(term: number): Lister
}
