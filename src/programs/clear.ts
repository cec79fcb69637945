// clear(1) (ncurses): home the cursor, erase the screen and the scrollback (E3).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import type { ProgramInfo } from './lib/types.ts'

export const CLEAR_SEQUENCE = '\x1b[H\x1b[2J\x1b[3J'

function* main(argv: readonly string[]): Program {
  // SIMPLIFICATION: no terminfo lookup; `-x` (keep scrollback) is the only option.
  yield* out(argv.includes('-x') ? '\x1b[H\x1b[2J' : CLEAR_SEQUENCE)
  return 0
}

export const clear: ProgramInfo = { name: 'clear', path: '/usr/bin/clear', description: 'clear the terminal screen', main }
