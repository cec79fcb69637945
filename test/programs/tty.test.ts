// tty(1) (coreutils): the terminal on stdin, "not a tty" (status 1) otherwise,
// -s silent, status 2 for bad usage. On a terminal see test/docker/interactive.test.ts.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('tty(1)', () => {
  it('stdin not a terminal: "not a tty", status 1; -s prints nothing; an operand is bad usage (2)', () => {
    const r = new Machine().runScript('tty; echo $?; tty -s; echo $?; tty extra; echo $?')
    expect(r.stdout).toBe('not a tty\n1\n1\n2\n')
    expect(r.stderr).toBe("tty: extra operand 'extra'\nTry 'tty --help' for more information.\n")
  })
})
