import type { ProgramMain } from '../../../kernel-sim/abi/index.ts'

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
}
