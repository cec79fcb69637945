import type { Program } from '../../kernel-sim/abi/index.ts'
import type { ProgramInfo } from './lib/types.ts'

// SIMPLIFICATION: coreutils true/false also answer --help; these ignore all arguments.
export const trueProgram: ProgramInfo = {
  name: 'true',
  path: '/bin/true',
  description: 'do nothing, successfully',
  main: function* (): Program {
    return 0
  },
}

export const falseProgram: ProgramInfo = {
  name: 'false',
  path: '/bin/false',
  description: 'do nothing, unsuccessfully',
  main: function* (): Program {
    return 1
  },
}
