// The registry's close_stdout (closeout.ts), driven as the kernel drives a
// program: a write to fd 1 that fails (ENOSPC, EPIPE) is remembered, and a
// program that then returns 0 ends as gnulib's closeout.c or util-linux's
// include/closestream.h end it: "PROG: write error: REASON", status 1.
import { describe, expect, it } from 'vitest'
import { E, type Program } from '../../../kernel-sim/abi/index.ts'
import { out } from '../../libc/index.ts'
import { withStdoutAtExit } from './closeout.ts'
import type { ProgramInfo, StdoutAtExit } from './types.ts'

/** Runs a program whose writes to fd 1 fail with `stdoutErrno` (0: they succeed); what reached stderr and its status. */
function run(p: ProgramInfo, stdoutErrno: number): { status: number; stderr: string; calls: number } {
  const g = p.main([p.name], [])
  let stderr = ''
  let calls = 0
  let r = g.next()
  while (!r.done) {
    calls++
    const req = r.value
    let ret: unknown = 0
    if (req.nr === 'write') {
      const [fd, data] = req.args
      if (fd === 2) stderr += data
      ret = fd === 1 && stdoutErrno ? -stdoutErrno : data.length
    }
    r = g.next(ret)
  }
  return { status: r.value, stderr, calls }
}

/** A program that prints a line with out(), ignores what write(2) returned and exits with `status`. */
function printer(stdoutAtExit: StdoutAtExit | undefined, status = 0): ProgramInfo {
  function* main(): Program {
    yield* out('hello\n')
    yield { nr: 'getpid', args: [] }
    return status
  }
  return withStdoutAtExit({ name: 'prog', path: '/usr/bin/prog', description: '', main, stdoutAtExit })
}

describe('close_stdout at exit, one mechanism for every program (lib/closeout.ts)', () => {
  it('by default (coreutils, gnulib closeout.c): "PROG: write error: No space left on device", status 1', () => {
    expect(run(printer(undefined), E.ENOSPC)).toEqual({ status: 1, stderr: 'prog: write error: No space left on device\n', calls: 3 })
  })
  it('gnulib reports EPIPE too (SIGPIPE ignored)', () => {
    expect(run(printer('close_stdout'), E.EPIPE).stderr).toBe('prog: write error: Broken pipe\n')
  })
  it("util-linux's closestream.h and procps skip EPIPE (`!(errno == EPIPE)`) but not ENOSPC", () => {
    expect(run(printer('closestream'), E.EPIPE)).toEqual({ status: 0, stderr: '', calls: 2 })
    expect(run(printer('closestream'), E.ENOSPC)).toEqual({ status: 1, stderr: 'prog: write error: No space left on device\n', calls: 3 })
  })
  it("'unchecked' (stdio's flush at exit, nobody looks: iproute2, Go) and 'own' leave the status alone", () => {
    expect(run(printer('unchecked'), E.ENOSPC)).toEqual({ status: 0, stderr: '', calls: 2 })
    expect(run(printer('own'), E.ENOSPC)).toEqual({ status: 0, stderr: '', calls: 2 })
  })
  it('output that was written is no error; a program that exits non-zero has reported its failure itself', () => {
    expect(run(printer(undefined), 0)).toEqual({ status: 0, stderr: '', calls: 2 })
    expect(run(printer(undefined, 3), E.ENOSPC)).toEqual({ status: 3, stderr: '', calls: 2 })
  })
  it('a failed write to another fd (stderr, a file) is not stdout', () => {
    function* main(): Program {
      yield { nr: 'write', args: [5, 'x'] }
      return 0
    }
    const p = withStdoutAtExit({ name: 'prog', path: '/usr/bin/prog', description: '', main })
    const g = p.main(['prog'], [])
    g.next()
    expect(g.next(-E.ENOSPC)).toEqual({ done: true, value: 0 })
  })
})
