// The interactive session: Node's readline does line editing, history and tab
// completion on the host side; the simulated bash on the machine's terminal
// prints the prompt and runs the lines. The machine is driven by the worker's
// own Session (src/worker/session.ts: input, signals, raw keys, slices, the
// output with the prompt the line editor draws), so the CLI and the web app
// share one session loop; this file only maps a Node terminal onto it. Slices
// run from setImmediate turns, so keystrokes (Ctrl-C) are handled while a command runs.
import { createInterface, type Interface } from 'node:readline'
import { PassThrough } from 'node:stream'
import { complete, wordAt } from '../worker/completion.ts'
import { Session, type LabHook } from '../worker/session.ts'
import type { CliTerminal, InteractiveMachine } from './machine-api.ts'

export interface InteractiveIO {
  /** Keystrokes: raw bytes from a terminal in raw mode, or plain lines from a pipe. */
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** True on a real TTY: readline echoes, edits and redraws the prompt. */
  terminal: boolean
  cols: number
  rows: number
}

const CTRL_C = '\x03'
const CTRL_D = '\x04'
const CTRL_Z = '\x1a'

export interface InteractiveSession {
  /** Resolves with the exit status when the shell on the terminal exits. */
  done: Promise<number>
  resize(cols: number, rows: number): void
}

/** `lab`: a lab in progress (isolab lab start), checked after each slice as in the web app. */
export function startInteractive(machine: InteractiveMachine, io: InteractiveIO, opts: { lab?: LabHook } = {}): InteractiveSession {
  let resolveDone!: (status: number) => void
  const done = new Promise<number>((r) => (resolveDone = r))
  let finished = false
  let scheduled = false
  let prompting = false // readline shows the prompt and edits a line
  let inputEnded = false
  let eofsAfterEnd = 0

  const session = new Session(machine, { sliceMs: 4 })
  if (opts.lab) session.lab = opts.lab
  // A pty that reports no size (0x0, as `script` makes one) gets the VT100's 80x24.
  const opened = session.openTerminal(io.cols > 0 ? io.cols : 80, io.rows > 0 ? io.rows : 24)
  if (!opened.ok) throw new Error(opened.error.message) // unreachable: the size is positive
  const id = opened.value.id
  const term = session.terms.get(id)!.handle as CliTerminal

  // Control keys go to the terminal, never to readline (which would close on Ctrl-D).
  const keys = new PassThrough({ encoding: 'utf8' })
  const rl: Interface = createInterface({
    input: keys,
    output: io.terminal ? io.output : undefined,
    terminal: io.terminal,
    prompt: '',
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string) => readlineCompletion(line, session.complete(id, line, line.length)),
  })

  const onData = (chunk: Buffer | string) => {
    if (term.raw) {
      // A program put the terminal in raw mode (docker run -it): keystrokes go through unedited.
      session.keys(id, chunk.toString())
      return kick()
    }
    let text = ''
    for (const ch of chunk.toString()) {
      if (ch === CTRL_C) {
        text = flushKeys(text)
        interrupt()
      } else if (ch === CTRL_D && rl.line === '' && text === '') {
        prompting = false // the reader got its answer; what follows prints after the prompt, like bash's "exit"
        session.signal(id, 'EOF')
      } else if (ch === CTRL_Z) {
        text = flushKeys(text)
        session.signal(id, 'TSTP')
      } else {
        text += ch
      }
    }
    flushKeys(text)
    kick()
  }
  const flushKeys = (text: string) => (text && keys.write(text), '')
  const onEnd = () => {
    inputEnded = true
    session.signal(id, 'EOF')
    kick()
  }
  io.input.on('data', onData)
  io.input.on('end', onEnd)

  rl.on('line', (line) => {
    prompting = false
    session.input(id, line)
    kick()
  })

  function interrupt() {
    if (io.terminal) {
      // Drop the half-typed line without a redraw (readline would repaint a
      // stale prompt while a command runs), and show ^C like a tty with ECHOCTL.
      // At the prompt the line is abandoned (newline, new prompt); while a job
      // runs, bash prints the newline itself when the job dies of SIGINT.
      Object.assign(rl, { line: '', cursor: 0 })
      io.output.write(prompting ? '^C\n' : '^C')
    }
    prompting = false
    session.signal(id, 'INT')
  }

  /** The session's news for our terminal: output, and the prompt once per read (readline draws it). */
  function flush() {
    for (const o of session.takeOutput()) {
      if (o.term !== id) continue
      if (!io.terminal || o.raw) {
        io.output.write(o.data + (o.prompt ?? ''))
        continue
      }
      if (o.data) {
        if (prompting) io.output.write('\r\x1b[K') // async output while editing: clear the line, redraw below
        io.output.write(o.data)
        if (prompting) rl.prompt(true)
      }
      if (o.prompt !== null && !prompting) {
        prompting = true
        rl.setPrompt(o.prompt)
        rl.prompt(true)
      }
    }
  }

  function step() {
    scheduled = false
    if (finished) return
    let more: boolean
    try {
      more = session.tick()
    } catch (e) {
      flush()
      io.output.write(`isolab: internal error: ${(e as Error)?.stack ?? e}\n`)
      return finish(70)
    }
    flush()
    if (term.closed) return finish(term.exitStatus ?? 0)
    if (term.wantsInput && inputEnded) {
      // The reader saw EOF and asked again: keep answering EOF, but don't spin forever.
      if (++eofsAfterEnd > 3) return finish(0)
      session.signal(id, 'EOF')
      more = true
    }
    if (more) kick()
    else wakeForTimer()
  }

  /** A process sleeps (e.g. `sleep 5 &`): come back when its timer is due, in real time. */
  let timer: ReturnType<typeof setTimeout> | undefined
  function wakeForTimer() {
    const ms = machine.nextWakeMs?.()
    if (ms === undefined || timer) return
    timer = setTimeout(() => {
      timer = undefined
      kick()
    }, Math.min(ms + 1, 1000))
  }

  function kick() {
    if (!scheduled && !finished) {
      scheduled = true
      setImmediate(step)
    }
  }

  function finish(status: number) {
    finished = true
    io.input.off('data', onData)
    io.input.off('end', onEnd)
    rl.close()
    keys.end()
    resolveDone(status)
  }

  kick()
  return {
    done,
    resize: (cols, rows) => (session.resize(id, cols, rows), kick()),
  }
}

/**
 * Readline wants [candidates, fragment]; it inserts the candidates' common
 * prefix in place of the fragment. The candidates come from the same
 * completion as the web terminal (Session.complete).
 */
function readlineCompletion(line: string, r: ReturnType<Session['complete']>): [string[], string] {
  if (!r.ok) return [[], line]
  const { word } = wordAt(line, line.length)
  const fragment = word.slice(word.lastIndexOf('/') + 1)
  const c = r.value
  return [c.candidates.length === 1 ? [fragment + c.insert] : c.candidates, fragment]
}

/** Tab completion of `line` on terminal `termId` of a machine, as readline wants it. */
export function completeLine(machine: InteractiveMachine, termId: number, line: string): [string[], string] {
  const lister = machine.completer?.(termId)
  return readlineCompletion(line, lister ? { ok: true, value: complete(lister, line, line.length) } : { ok: true, value: { insert: '', candidates: [] } })
}
