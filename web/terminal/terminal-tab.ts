// One terminal tab: an xterm with fit and the line editor, bound to one tty of
// the simulated machine. It knows nothing of comlink; the owner passes hooks.
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import type { Completion, TermSignal } from '../../src/worker/api.ts'
import { LineEditor } from './line-editor.ts'
import { colourPrompt } from './prompt.ts'
import { measureTypedCharacters, syncTextareaInFrame } from './xterm-internals.ts'
import { promptShown } from '../first-prompt.ts'

export interface TerminalHooks {
  line(term: number, text: string): void
  signal(term: number, sig: TermSignal): void
  /** Keystrokes while the tty is raw (a program such as `docker run -it` asked for them unedited). */
  keys(term: number, data: string): void
  complete(term: number, line: string, cursor: number): Promise<Completion | null>
  resize(term: number, cols: number, rows: number): void
  leave(term: number, backwards: boolean): void
}

const THEME = {
  background: '#0f1419', foreground: '#e6e1cf', cursor: '#ffcc66', selectionBackground: '#33415e',
  black: '#1c2128', red: '#ff6b6b', green: '#7fd962', yellow: '#ffcc66', blue: '#73b8ff',
  magenta: '#d2a6ff', cyan: '#95e6cb', white: '#e6e1cf', brightBlack: '#8a94a6',
}

/** The stylesheet's --term-font-size (larger at projector widths). */
function termFontSize(): number {
  const v = Number(getComputedStyle(document.documentElement).getPropertyValue('--term-font-size'))
  return v > 0 ? v : 15
}

export class TerminalTab {
  readonly term: Terminal
  readonly panel: HTMLDivElement
  private fit = new FitAddon()
  private editor: LineEditor
  /** Prompt waiting for the line editor while input is held (e.g. during a replay). */
  private heldPrompt: string | null = null
  /** A command to enter at the first prompt, as if typed (the live view's "Open terminal"). */
  private autoType: string | null = null
  closed = false

  private resizes: ResizeObserver
  private measureQueued = false

  constructor(readonly id: number, parent: HTMLElement, private hooks: TerminalHooks, public hold = false, screenReader = false) {
    this.panel = document.createElement('div')
    this.panel.className = 'term-panel'
    this.panel.id = `term-panel-${id}`
    this.panel.setAttribute('role', 'tabpanel')
    this.panel.setAttribute('aria-label', `Terminal tty${id}`)
    parent.append(this.panel)
    this.term = new Terminal({
      convertEol: true, // the kernel tty writes "\n"; xterm needs "\r\n"
      cursorBlink: false,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: termFontSize(),
      scrollback: 5000,
      theme: THEME,
      screenReaderMode: screenReader,
    })
    this.term.loadAddon(this.fit)
    this.editor = new LineEditor(this.term, {
      complete: (l, c) => hooks.complete(id, l, c),
      interrupt: () => hooks.signal(id, 'INT'),
      eof: () => hooks.signal(id, 'EOF'),
      leave: (back) => hooks.leave(id, back),
    })
    this.term.open(this.panel)
    syncTextareaInFrame(this.term)
    this.term.textarea?.setAttribute('aria-label', `Terminal tty${id}: type a command; Tab completes, F6 leaves the terminal`)
    this.term.onResize(({ cols, rows }) => hooks.resize(id, cols, rows))
    // Raw mode: the kernel's line discipline echoes and edits, so every key goes through unedited.
    this.term.onData((d) => { if (this.editor.raw && !this.hold) hooks.keys(id, d) })
    // Fit whenever the panel's box changes: on the first layout (a first visit
    // used to get 12 of 43 rows until a window resize), when shown, when the page reflows.
    this.resizes = new ResizeObserver(() => this.fitNow())
    this.resizes.observe(this.panel)
  }

  /** xterm's screen-reader mode (an accessible live region mirroring the output). */
  setScreenReader(on: boolean): void { this.term.options.screenReaderMode = on }

  /** Run `text` now as if typed at the prompt (the welcome's "try" buttons). */
  typeNow(text: string): void {
    this.editor.typeIn(text)
    this.focus()
  }

  /** Enters `text` at the next prompt, shown and sent as if typed there. */
  typeOnPrompt(text: string): void { this.autoType = text }

  setHistory(entries: string[]): void { this.editor.setHistory(entries) }

  fitNow(): void {
    const size = termFontSize()
    if (this.term.options.fontSize !== size) this.term.options.fontSize = size
    if (this.panel.offsetParent !== null) {
      try { this.fit.fit() } catch { /* not laid out yet */ }
      this.measureWhenIdle()
    }
  }

  /** Character widths measured ahead, while the page is idle, not in the frame that echoes a key (xterm-internals.ts). */
  private measureWhenIdle(): void {
    if (this.measureQueued) return
    this.measureQueued = true
    const run = () => { this.measureQueued = false; if (!this.closed && this.panel.offsetParent !== null) measureTypedCharacters(this.term) }
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 })
    else setTimeout(run, 0)
  }

  output(data: string, prompt: string | null, closed: boolean, raw = false): void {
    this.editor.raw = raw
    if (data) this.term.write(data)
    if (closed && !this.closed) {
      this.closed = true
      this.term.write('\r\n\x1b[2m[session ended]\x1b[0m\r\n')
      return
    }
    if (prompt !== null) {
      if (this.hold) {
        // Replaying: draw the prompt now (the worker echoes the replayed line after it).
        this.heldPrompt = prompt
        this.term.write(colourPrompt(prompt))
      }
      else this.startRead(prompt)
    }
  }

  release(): void {
    this.hold = false
    if (this.heldPrompt !== null) { const p = this.heldPrompt; this.heldPrompt = null; this.startRead(p) }
  }

  private startRead(prompt: string): void {
    promptShown()
    if (this.autoType !== null) {
      const text = this.autoType
      this.autoType = null
      this.term.write(colourPrompt(prompt) + text + '\r\n')
      return this.hooks.line(this.id, text)
    }
    void this.editor.read(colourPrompt(prompt)).then((line) => this.hooks.line(this.id, line))
  }

  focus(): void { this.term.focus() }
  dispose(): void { this.resizes.disconnect(); this.term.dispose(); this.panel.remove() }
}
