import type { ProgramMain } from '../../../kernel-sim/abi/index.ts'

/**
 * What a program does at exit when a write to its stdout failed (lib/closeout.ts):
 * - 'close_stdout': gnulib's, as coreutils has it: "PROG: write error: REASON", status 1, EPIPE included.
 * - 'closestream': util-linux's and procps-ng's: the same, except for EPIPE.
 * - 'unchecked': stdio flushes at exit and nobody looks: nothing said, status unchanged (iproute2, Go programs).
 * - 'own': the program reports a failed write itself (an Output flushed with closeStdout, or its tool's own words).
 */
export type StdoutAtExit = 'close_stdout' | 'closestream' | 'unchecked' | 'own'

/** One installed program: where the host puts it and what `help` says about it. */
export interface ProgramInfo {
  readonly name: string
  /** Install path, as on Debian: '/bin/cat', '/usr/bin/seq'. */
  readonly path: string
  /** One line for `help`. */
  readonly description: string
  readonly main: ProgramMain
  /** Only inside images (python3 of the python image): not installed on the host, not in `help`. */
  readonly imageOnly?: boolean
  /** Its real counterpart's convention for a failed write to stdout; 'close_stdout' if not given. */
  readonly stdoutAtExit?: StdoutAtExit
  /** gnulib's exit_failure, the status close_stdout exits with: 1 unless the tool sets it (ls 2, env and chroot 125). */
  readonly exitFailure?: number
}
