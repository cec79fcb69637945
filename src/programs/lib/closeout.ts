// What a program does at exit when a write to its standard output failed
// (`> /dev/full`: ENOSPC; a closed pipe with SIGPIPE ignored: EPIPE). C programs
// print through stdio, whose error flag remembers a failed write; most GNU and
// Linux tools register close_stdout with atexit(), which looks at that flag:
//   gnulib lib/closeout.c (coreutils):  error (0, errno, "write error"); _exit (exit_failure)
//   util-linux include/closestream.h:   if (close_stream (stdout) != 0 && !(errno == EPIPE))
//                                        { warn (_("write error")); _exit (CLOSE_EXIT_CODE); }
//   procps-ng (free, ps, top) and iputils carry the same close_stdout as util-linux.
// Either way: "PROG: write error: REASON" on stderr and status 1 (or the tool's
// exit_failure: ProgramInfo.exitFailure). The registry
// (programs/index.ts) puts every program under the convention it declares in
// ProgramInfo.stdoutAtExit, so no program loses output silently by accident.
// SIMPLIFICATION: a program whose real counterpart's exit path was not looked
// at (isolab's own tools, ncurses' clear, Debian's hostname) gets gnulib's.
import { E, strerror, type Program, type ProgramMain, type SyscallReq } from '../../../kernel-sim/abi/index.ts'
import { err } from '../../libc/index.ts'
import type { ProgramInfo, StdoutAtExit } from './types.ts'

/**
 * The program as its convention has it: a 'close_stdout' or 'closestream'
 * program is watched (below); 'unchecked' and 'own' run as they are.
 */
export function withStdoutAtExit(p: ProgramInfo): ProgramInfo {
  const how: StdoutAtExit = p.stdoutAtExit ?? 'close_stdout'
  if (how === 'unchecked' || how === 'own') return p
  return { ...p, main: closeStdoutAtExit(p.main, how === 'closestream', p.exitFailure ?? 1) }
}

/**
 * close_stdout for programs that print with libc's out(): the wrapper watches the
 * program's write(2)s to fd 1 as stdio's error flag would; if one failed and the
 * program would exit 0, it ends as close_stdout does. A program that exits
 * non-zero has said what went wrong itself and is left alone.
 * SIMPLIFICATION: close_stdout also runs after a non-zero exit, whatever its cause;
 * here a program that prints with out() and fails for another reason says only that.
 * (Programs with an Output run their own close_stdout: lib/io.ts closeStdout.)
 */
function closeStdoutAtExit(main: ProgramMain, ignoreEpipe: boolean, exitFailure: number): ProgramMain {
  return (argv, envp) => new WatchedStdout(main(argv, envp), argv[0] ?? '', ignoreEpipe, exitFailure)
}

/**
 * The program's generator with a watch on its writes to fd 1. A plain iterator,
 * not a generator function: the scheduler steps it once per system call, and a
 * second generator frame per call cost ~3x as much (lsns makes ~100,000 calls).
 */
class WatchedStdout implements Program {
  /** The system call the program asked for last (its result comes with the next step). */
  private req: SyscallReq | undefined
  /** -errno of the last failed write to stdout, 0 if none failed. */
  private failed = 0
  /** After the program returned 0 with a failed write: the message being written, then its exit_failure. */
  private report: Program | undefined

  constructor(
    private readonly prog: Program,
    private readonly name: string,
    private readonly ignoreEpipe: boolean,
    private readonly exitFailure: number,
  ) {}

  next(r?: unknown): IteratorResult<SyscallReq, number> {
    if (this.report) return this.report.next(r)
    const q = this.req
    if (q !== undefined && q.nr === 'write' && q.args[0] === 1 && typeof r === 'number' && r < 0 && !(this.ignoreEpipe && r === -E.EPIPE)) this.failed = r
    const n = this.prog.next(r)
    if (!n.done) {
      this.req = n.value
      return n
    }
    if (this.failed === 0 || n.value !== 0) return n
    this.report = writeError(this.name, this.failed, this.exitFailure)
    return this.report.next()
  }

  return(v: number): IteratorResult<SyscallReq, number> {
    return this.prog.return(v)
  }

  throw(e: unknown): IteratorResult<SyscallReq, number> {
    return this.prog.throw(e)
  }

  [Symbol.iterator](): Program {
    return this
  }
}

function* writeError(name: string, errno: number, status: number): Program {
  yield* err(`${name}: write error: ${strerror(-errno)}\n`)
  return status
}
