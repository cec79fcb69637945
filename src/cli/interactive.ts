// The interactive session: Node's readline does line editing, history and tab
// completion on the host side; the simulated bash on the machine's terminal
// prints the prompt and runs the lines. The machine runs in short slices from
// setImmediate turns, so keystrokes (Ctrl-C) are handled while a command runs.
import { createInterface, type Interface } from 'node:readline'
import { PassThrough } from 'node:stream'
import { complete, wordAt } from '../worker/completion.ts'
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

export interface Session {
  /** Resolves with the exit status when the shell on the terminal exits. */
  done: Promise<number>
  resize(cols: number, rows: number): void
}

export function startInteractive(machine: InteractiveMachine, io: InteractiveIO): Session {
  let resolveDone!: (status: number) => void
  const done = new Promise<number>((r) => (resolveDone = r))
  let finished = false
  let scheduled = false
  let prompting = false // readline shows the prompt and edits a line
  let inputEnded = false
  let eofsAfterEnd = 0
  let pending = '' // terminal output not yet written

  const term: CliTerminal = machine.openTerminal({
    cols: io.cols,
    rows: io.rows,
    onOutput: (data) => void (pending += data),
  })

  // Control keys go to the terminal, never to readline (which would close on Ctrl-D).
  const keys = new PassThrough({ encoding: 'utf8' })
  const rl: Interface = createInterface({
    input: keys,
    output: io.terminal ? io.output : undefined,
    terminal: io.terminal,
    prompt: '',
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string) => completeLine(machine, term.id, line),
  })

  const onData = (chunk: Buffer | string) => {
    if (term.raw && term.input) {
      // A program put the terminal in raw mode (docker run -it): keystrokes go through unedited.
      term.input(chunk.toString())
      return kick()
    }
    let text = ''
    for (const ch of chunk.toString()) {
      if (ch === CTRL_C) {
        text = flushKeys(text)
        interrupt()
      } else if (ch === CTRL_D && rl.line === '' && text === '') {
        prompting = false // the reader got its answer; what follows prints after the prompt, like bash's "exit"
        term.eof()
      } else if (ch === CTRL_Z) {
        text = flushKeys(text)
        term.suspend()
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
    term.eof()
    kick()
  }
  io.input.on('data', onData)
  io.input.on('end', onEnd)

  rl.on('line', (line) => {
    prompting = false
    term.inputLine(line + '\n')
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
    term.interrupt()
  }

  function flush() {
    if (pending === '') return
    let data = pending
    pending = ''
    if (!io.terminal || term.raw) return void io.output.write(data)
    // The prompt is the output after the last newline while bash waits: let
    // readline draw it, so editing and redraws keep it on screen.
    const prompt = term.wantsInput ? term.pendingPrompt : ''
    if (prompt && data.endsWith(prompt)) data = data.slice(0, -prompt.length)
    if (prompting) io.output.write('\r\x1b[K') // async output while editing: clear the line, redraw below
    io.output.write(data)
    if (prompting) rl.prompt(true)
  }

  function showPrompt() {
    if (prompting || !io.terminal) return
    prompting = true
    rl.setPrompt(term.pendingPrompt)
    rl.prompt(true)
  }

  function step() {
    scheduled = false
    if (finished) return
    let more: boolean
    try {
      more = machine.runSlice() // the machine's default slice: a few ms, so keys stay responsive
    } catch (e) {
      flush()
      io.output.write(`isolab: internal error: ${(e as Error)?.stack ?? e}\n`)
      return finish(70)
    }
    flush()
    if (term.closed) return finish(term.exitStatus ?? 0)
    if (term.wantsInput) {
      if (inputEnded) {
        // The reader saw EOF and asked again: keep answering EOF, but don't spin forever.
        if (++eofsAfterEnd > 3) return finish(0)
        term.eof()
        more = true
      } else if (!term.raw) showPrompt()
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
    resize: (cols, rows) => (term.resize(cols, rows), kick()),
  }
}

/**
 * Readline wants [candidates, fragment]; it inserts the candidates' common
 * prefix in place of the fragment. Same logic as the web terminal.
 */
export function completeLine(machine: InteractiveMachine, termId: number, line: string): [string[], string] {
  const lister = machine.completer?.(termId)
  if (!lister) return [[], line]
  const { word } = wordAt(line, line.length)
  const fragment = word.slice(word.lastIndexOf('/') + 1)
  const c = complete(lister, line, line.length)
  return [c.candidates.length === 1 ? [fragment + c.insert] : c.candidates, fragment]
}
