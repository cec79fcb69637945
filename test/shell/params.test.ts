// bash(1) "Shell Variables": parameters the shell computes on each expansion.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('computed parameters', () => {
  it('$LINENO and $RANDOM expand in both $NAME and ${NAME} forms (bash(1) Shell Variables)', () => {
    const r = new Machine({ seed: 3 }).runScript('echo $LINENO ${LINENO}\n[ -n "$RANDOM" ] && echo random $LINENO')
    expect(r.stdout).toBe('1 1\nrandom 2\n')
  })
})
