// xterm-readline wired the bash way. Readline sees the terminal through a thin
// proxy so we can handle Tab, Ctrl-W and Ctrl-D ourselves before it does, and
// add copy (Ctrl-Shift-C / Cmd-C with a selection) to its key handler.
import type { IDisposable, Terminal } from '@xterm/xterm'
import { Readline } from 'xterm-readline'
import type { Completion } from '../../src/worker/api.ts'
import { cancelRead, cursorPos, takeRead, isReading, useOwnHistory, wordRubout } from './readline-internals.ts'

export interface LineEditorHooks {
  complete(line: string, cursor: number): Promise<Completion | null>
  interrupt(): void
  eof(): void
  /** F6 / Shift-F6: move focus out of the terminal (Tab itself completes). */
  leave(backwards: boolean): void
}

export class LineEditor {
  readonly rl = new Readline()
  private toReadline: ((d: string) => void)[] = []
  private lastPrompt = ''
  /** Keys typed while no one reads the terminal (a running command). */
  private typeahead = ''
  /** The tty is in raw mode (docker run -it): keystrokes go straight to it, not here (TerminalTab). */
  raw = false

  constructor(private term: Terminal, private hooks: LineEditorHooks) {
    const noop: IDisposable = { dispose() {} }
    const proxy = {
      get cols() { return term.cols },
      get rows() { return term.rows },
      get buffer() { return term.buffer },
      get options() { return term.options },
      write: (d: string, cb?: () => void) => term.write(d, cb),
      onData: (l: (d: string) => void) => { this.toReadline.push(l); return noop },
      onResize: (l: (e: { cols: number; rows: number }) => void) => term.onResize(l),
      attachCustomKeyEventHandler: (h: (e: KeyboardEvent) => boolean) =>
        term.attachCustomKeyEventHandler((e) => this.copyKey(e) && h(e)),
    }
    this.rl.activate(proxy as unknown as Terminal)
    this.rl.setCtrlCHandler(() => hooks.interrupt())
    term.onData((d) => this.onData(d))
  }

  setHistory(entriesNewestFirst: string[]): void { useOwnHistory(this.rl, entriesNewestFirst) }
  get reading(): boolean { return isReading(this.rl) }

  read(prompt: string): Promise<string> {
    this.lastPrompt = prompt
    const p = this.rl.read(prompt)
    // Replay keys typed while the previous command ran, up to the first Enter
    // (like a tty's input queue); the rest waits for the next read.
    this.term.write('', () => {
      if (!this.typeahead || !this.reading) return
      const enter = this.typeahead.indexOf('\r')
      const now = enter >= 0 ? this.typeahead.slice(0, enter) : this.typeahead
      this.typeahead = enter >= 0 ? this.typeahead.slice(enter + 1) : ''
      if (now) this.onData(now)
      if (enter >= 0) this.onData('\r')
    })
    return p
  }

  /** Enter `text` as if typed and Enter pressed (now if reading, else at the next prompt). */
  typeIn(text: string): void { this.onData(text + '\r') }

  private feed(d: string): void { for (const l of this.toReadline) l(d) }

  private onData(d: string): void {
    if (this.raw) return
    // A paste of several lines: the first goes to this read, the rest waits as
    // typeahead, one line per prompt, as a tty's input queue would hold them.
    if (d.length > 1 && /[\r\n]/.test(d)) {
      const text = d.replace(/\r\n?/g, '\n')
      const nl = text.indexOf('\n')
      if (!this.reading) { if (this.typeahead.length < 65536) this.typeahead += text.replace(/\n/g, '\r'); return }
      this.typeahead = text.slice(nl + 1).replace(/\n/g, '\r') + this.typeahead
      if (nl > 0) this.feed(text.slice(0, nl))
      return this.feed('\r')
    }
    if (!this.reading) {
      if (d === '\x03') {
        // Echo ^C as a tty with ECHOCTL would (the simulated tty doesn't, yet).
        this.typeahead = ''
        this.term.write('^C')
        return this.feed(d) // → ctrlCHandler (SIGINT)
      }
      if (d === '\x0c') return this.feed(d) // Ctrl-L clears the screen
      if (d === '\x04') return this.hooks.eof()
      if (this.typeahead.length < 4096) this.typeahead += d
      return
    }
    const line = this.rl.getLine()
    const pos = cursorPos(this.rl)
    if (d === '\t') return void this.tab(line, pos)
    if (d === '\x17') return this.feed('\x7f'.repeat(wordRubout(line, pos)))
    if (d === '\x04' && line === '') {
      cancelRead(this.rl)
      this.term.write('\r\n')
      return this.hooks.eof()
    }
    this.feed(d)
  }

  private async tab(line: string, pos: number): Promise<void> {
    const c = await this.hooks.complete(line, pos)
    if (!c || !this.reading) return
    if (c.insert) this.feed(c.insert)
    else if (c.candidates.length > 1) {
      // Like bash's second Tab: list the choices, then redraw the line being edited.
      const current = this.rl.getLine()
      this.term.write('\r\n' + c.candidates.join('  ') + '\r\n')
      void this.rebuildRead(current)
    }
  }

  /** Start a fresh read below the listing that resolves the pending one, then restore the text. */
  private async rebuildRead(current: string): Promise<void> {
    const pending = takeRead(this.rl)
    void this.rl.read(this.lastPrompt).then((l) => pending?.resolve(l))
    this.term.write('', () => this.rl.updateLine(current))
  }

  private copyKey(e: KeyboardEvent): boolean {
    // Tab completes, so F6 is the keyboard way out of the terminal (no trap).
    if (e.key === 'F6') {
      if (e.type === 'keydown') { e.preventDefault(); this.hooks.leave(e.shiftKey) }
      return false
    }
    const copy = e.type === 'keydown' && e.key.toLowerCase() === 'c' && ((e.ctrlKey && e.shiftKey) || e.metaKey)
    if (copy && this.term.hasSelection()) {
      void navigator.clipboard?.writeText(this.term.getSelection()).catch(() => {})
      return false
    }
    // Ctrl-Shift-V: let the browser fire a paste event, which xterm turns into input.
    if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'v') return false
    return true
  }
}
