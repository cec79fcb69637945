// The builtin table, looked up after functions and before $PATH.
import type { Builtin } from './util.ts'
import { echo, printf } from './io.ts'
import { declare, exportB, local, readonly, set, shift, unsetB } from './vars.ts'
import { breakB, continueB, evalB, execB, exitB, falseB, returnB, source, trueB } from './flow.ts'
import { cd, pwd, umaskB } from './dir.ts'
import { bg, fg, jobs, killB, wait } from './jobctl.ts'
import { test } from './test.ts'
import { readB } from './read.ts'
import { command, type } from './type.ts'
import { hash } from './hash.ts'
import { shopt } from './shopt.ts'
import { ulimit } from './ulimit.ts'
import { trap } from './trap.ts'
import { letB } from './let.ts'

export type { Builtin }

export const BUILTINS = new Map<string, Builtin>([
  ['echo', echo], ['printf', printf],
  ['export', exportB], ['unset', unsetB], ['local', local], ['readonly', readonly],
  ['declare', declare], ['typeset', declare], ['set', set], ['shift', shift],
  ['exit', exitB], ['return', returnB], ['break', breakB], ['continue', continueB],
  ['true', trueB], ['false', falseB], [':', trueB], ['eval', evalB], ['source', source], ['.', source],
  ['exec', execB], ['cd', cd], ['pwd', pwd], ['umask', umaskB],
  ['wait', wait], ['jobs', jobs], ['kill', killB], ['fg', fg], ['bg', bg],
  ['test', test], ['[', test], ['read', readB], ['type', type], ['command', command], ['hash', hash], ['shopt', shopt],
  ['ulimit', ulimit], ['trap', trap], ['let', letB],
])
