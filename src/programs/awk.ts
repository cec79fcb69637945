// awk(1): pattern scanning and processing (lib/awk/ holds the interpreter).
// -F FS, -v var=value, -f progfile, var=value operands between files.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { CLOCK_REALTIME, E, O_APPEND, O_CREAT, O_TRUNC, O_WRONLY, strerror } from '../../kernel-sim/abi/index.ts'
import { clockGettime, err, getrandom, Heap, open, writeAll, type Sys } from '../libc/index.ts'
import { parseOpts, quotef, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { AwkOutOfMemory, compileAwk, type AwkProgram } from './lib/awk/compile.ts'
import { AwkSyntaxError } from './lib/awk/lex.ts'
import { AwkState, ExitSignal, NextSignal, StrNum, toBool } from './lib/awk/runtime.ts'
import { echoEscapes } from './echo.ts'
import { regexReady } from './lib/regex.ts'
import { closeInput, LineReader, openInput, Output, readFile } from './lib/io.ts'

/**
 * A write that failed while the program ran: gawk's efwrite/wrerror ends with
 * fatal("%s to \"%s\" failed (%s)"), status 2 (EPIPE on stdout dies of SIGPIPE first).
 */
class WriteFailed {
  constructor(readonly message: string) {}
}

/** Output chunks go to stdout or to files opened on first use (print > "f"). */
class Sink {
  private files = new Map<string, number>()
  /** A failed write already ended the program with its fatal message. */
  failed = false
  constructor(readonly prog: string, readonly o: Output) {}
  *drain(s: AwkState): Sys<void> {
    const chunks = s.output
    s.output = []
    for (const c of chunks) {
      const from = c.printf ? 'printf' : 'print'
      if (c.file === undefined || c.file === '/dev/stdout' || c.file === '-') {
        yield* this.o.write(c.text)
        if (this.o.error) throw new WriteFailed(`${from} to "standard output" failed (${strerror(-this.o.error)})`)
        continue
      }
      let fd = this.files.get(c.file)
      if (fd === undefined) {
        fd = yield* open(c.file, O_WRONLY | O_CREAT | (c.append ? O_APPEND : O_TRUNC), 0o666)
        if (fd < 0) {
          yield* warnErrno(this.prog, `cannot open "${c.file}" for output`, fd)
          throw new ExitSignal(2)
        }
        this.files.set(c.file, fd)
      }
      const w = yield* writeAll(fd, c.text)
      if (w < 0) throw new WriteFailed(`${from} to "${c.file}" failed (${strerror(-w)})`)
    }
  }
}

/** `-v x=1` and `x=1` operands: the value takes escape sequences, as awk does. */
const assign = (s: AwkState, a: string) => {
  const i = a.indexOf('=')
  s.setVar(a.slice(0, i), new StrNum(echoEscapes(a.slice(i + 1)).text))
}
const isAssign = (a: string) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)

function* run(prog: AwkProgram, s: AwkState, files: string[], sink: Sink, name: string): Sys<number> {
  const record = function* (): Sys<void> {
    for (const r of prog.rules) {
      let hit: boolean
      if (r.range) {
        if (!r.inRange) { hit = toBool(yield* r.range[0](s)); if (hit) r.inRange = !toBool(yield* r.range[1](s)) }
        else { hit = true; if (toBool(yield* r.range[1](s))) r.inRange = false }
      } else hit = r.pattern ? toBool(yield* r.pattern(s)) : true
      if (hit) yield* r.action(s)
    }
  }
  let status = 0
  const heap = new Heap()
  try {
    for (const b of prog.begin) yield* b(s)
    yield* sink.drain(s)
    if (prog.rules.length || prog.end.length) {
      const inputs = files.filter((f) => !isAssign(f)).length ? files : [...files, '-']
      for (const f of inputs) {
        if (isAssign(f)) { assign(s, f); continue }
        const fd = yield* openInput(f)
        if (fd < 0) {
          yield* sink.o.flush()
          yield* warnErrno(name, `cannot open ${quotef(f)}`, fd)
          status = 2
          continue
        }
        s.setVar('FILENAME', f === '-' ? '' : f)
        s.setVar('FNR', 0)
        const r = new LineReader(fd, sink.o)
        for (let l = yield* r.line(); l !== null; l = yield* r.line()) {
          s.setVar('NR', Number(s.getVar('NR')) + 1)
          s.setVar('FNR', Number(s.getVar('FNR')) + 1)
          s.setRecord(l.endsWith('\n') ? l.slice(0, -1) : l)
          try { yield* record() } catch (e) { if (!(e instanceof NextSignal)) throw e }
          if (s.held > heap.used && (yield* heap.resize(s.held + 65536)) < 0) {
            yield* sink.o.flush()
            yield* err(`${name}: fatal: out of memory\n`) // SIMPLIFICATION: one text for every failed allocation
            return 2
          }
          yield* sink.drain(s)
          if (sink.o.error) break
        }
        yield* closeInput(fd)
      }
    }
    for (const e of prog.end) yield* e(s)
  } catch (e) {
    if (e instanceof ExitSignal) {
      status = e.status
      // exit in BEGIN or a rule still runs END (POSIX), unless exit is in END itself
      try { for (const end of prog.end) yield* end(s) } catch (e2) { if (e2 instanceof ExitSignal) status = e2.status; else throw e2 }
    } else if (e instanceof WriteFailed) {
      sink.failed = true
      yield* err(`${name}: fatal: ${e.message}\n`)
      return 2
    } else if (e instanceof AwkOutOfMemory) {
      yield* sink.drain(s)
      yield* sink.o.flush()
      yield* err(`${name}: fatal: out of memory\n`)
      return 2
    } else if (e instanceof AwkSyntaxError || e instanceof Error) {
      yield* sink.drain(s)
      yield* sink.o.flush()
      yield* warn(name, `run time error: ${e.message}`)
      return 2
    } else throw e
  }
  yield* sink.drain(s)
  return status
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+F:v:f:', usage: "Usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]" , usageStatus: 2 })
  if (typeof p === 'number') return p
  const name = argv[0]!
  if (!(yield* regexReady(name))) return 2
  const s = new AwkState()
  const bytes = yield* getrandom(4)
  if (typeof bytes === 'string') for (let i = 0; i < bytes.length; i++) s.seed = (s.seed * 256 + bytes.charCodeAt(i)) % 2147483648
  s.randState = s.seed
  const now = yield* clockGettime(CLOCK_REALTIME)
  s.timeOfDay = typeof now === 'number' ? Math.floor(now / 1e9) : 0
  let text: string | undefined
  for (const o of p.opts) {
    if (o.opt === 'F') s.setVar('FS', o.arg === 't' ? '\t' : echoEscapes(o.arg!).text)
    else if (o.opt === 'v') {
      if (!isAssign(o.arg!)) { yield* warn(name, `improper assignment: -v ${o.arg}`); return 2 }
      assign(s, o.arg!)
    } else if (o.opt === 'f') {
      const t = yield* readFile(o.arg!)
      if (typeof t === 'number') { yield* warnErrno(name, `couldn't open file ${o.arg}`, t); return 2 }
      text = (text ?? '') + t + '\n'
    }
  }
  const files = [...p.operands]
  if (text === undefined) {
    if (!files.length) {
      yield* warn(name, 'no program given')
      yield* tryHelp(name)
      return 2
    }
    text = files.shift()!
  }
  let prog: AwkProgram
  try {
    prog = compileAwk(text)
  } catch (e) {
    if (!(e instanceof AwkSyntaxError)) throw e
    yield* warn(name, e.message)
    return 2
  }
  const o = new Output()
  const sink = new Sink(name, o)
  const status = yield* run(prog, s, files, sink, name)
  if (sink.failed) return status
  // gawk's close_io at exit: stdout is flushed; a failure is a warning and status 1 (EPIPE: status only).
  yield* o.flush()
  if (o.error && o.error !== -E.EPIPE) yield* warn(name, `warning: error writing standard output (${strerror(-o.error)})`)
  return o.error && status === 0 ? 1 : status
}

export { main as awkMain }
