// A script read from standard input (`bash < file`, `cmds | bash`): bash reads
// it a line at a time and runs each complete command as soon as it has one, so
// `(echo hostname; sleep 2; echo date) | bash` runs hostname at once, and a
// command can read the lines after it (`read x` takes the next line).
// bash(1): "when reading from a non-seekable input, bash reads one byte at a
// time so it never consumes input meant for the commands it runs"; on seekable
// input it reads a buffer and lseeks back to the end of the command it runs.
import type { Shell } from './shell.ts'
import { Parser } from './parser.ts'
import { ParseError } from './lexer.ts'
import { execList } from './exec.ts'
import { syntaxError } from './run.ts'
import { lseek, read, type Sys } from '../libc/index.ts'
import { E, SEEK_CUR } from '../../kernel-sim/abi/index.ts'
import { afterCommand } from './command.ts'

const CHUNK = 4096

/** Reads the script (fd 0, or where redirect.ts moved it) a line at a time without taking bytes past the line from the file. */
class StdinLines {
  private buf = ''
  private eof = false
  constructor(private readonly sh: Shell, private readonly seekable: boolean) {}

  /** The next line with its newline; the last line may lack one; '' at end of input. */
  *line(): Sys<string> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0 || this.eof) {
        const end = nl >= 0 ? nl + 1 : this.buf.length
        const l = this.buf.slice(0, end)
        this.buf = this.buf.slice(end)
        return l
      }
      const r = yield* read(this.sh.inputFd, this.seekable ? CHUNK : 1)
      // a trapped signal while waiting for input: run its trap, read on (as bash does)
      if (r === -E.EINTR) yield* afterCommand(this.sh)
      else if (typeof r === 'number' || r === '') this.eof = true
      else this.buf += r
    }
  }

  /** Before running a command: give back what was read past it (lseek), as bash does. */
  *sync(): Sys<void> {
    if (!this.seekable || this.buf === '') return
    yield* lseek(this.sh.inputFd, -this.buf.length, SEEK_CUR)
    this.buf = ''
    this.eof = false
  }
}

/** Runs the script on fd 0, one complete command at a time; returns the last status. */
export function* runStdinScript(sh: Shell): Sys<number> {
  sh.inputFd = 0
  const reader = new StdinLines(sh, (yield* lseek(0, 0, SEEK_CUR)) >= 0)
  let pending = '' // text read but not yet run: the start of the next command
  let line = 1 // the line number pending starts on
  let atEof = false
  let needLine = true
  for (;;) {
    if (needLine && !atEof) {
      const l = yield* reader.line()
      atEof = l === ''
      pending += l
    }
    needLine = true
    if (atEof && pending !== '' && !pending.endsWith('\n')) pending += '\n'
    const parser = new Parser(pending)
    parser.lex.line = line
    let list
    try {
      list = parser.parseNext()
    } catch (e) {
      if (!(e instanceof ParseError)) throw e
      if (e.incomplete && !atEof) continue
      // line numbers in the error name the whole script's lines
      yield* syntaxError(sh, e, '\n'.repeat(line - 1) + pending, null)
      return (sh.status = 2)
    }
    if (parser.lex.wantsMore && !atEof) continue
    if (!list) {
      if (atEof) return sh.status
      // blank lines and comments only
      line = parser.lex.line
      pending = ''
      continue
    }
    line = parser.lex.line
    pending = pending.slice(parser.lex.pos)
    yield* reader.sync()
    needLine = pending === '' // text left after the command is parsed before reading on
    yield* execList(sh, list)
    if (atEof && pending === '') return sh.status
  }
}
