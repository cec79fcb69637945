// A tiny stand-in for the simulated machine: a "shell" that knows echo, a
// busy loop, exit, and honours interrupt/eof. Enough to test the CLI's loop.
import type { CliTerminal, InteractiveMachine } from '../../src/cli/machine-api.ts'
import type { Lister } from '../../src/worker/completion.ts'
import type { MachineView } from '../../src/host/types.ts'

export const PROMPT = 'root@host:~# '

export class FakeMachine implements InteractiveMachine {
  slices = 0
  busy = false
  interrupts = 0
  suspends = 0
  lines: string[] = []
  private out!: (s: string) => void
  private waiting = false
  private greeted = false
  term!: CliTerminal & { closed: boolean }

  openTerminal(opts: { cols: number; rows: number; onOutput(data: string): void }): CliTerminal {
    this.out = opts.onOutput
    const self = this
    this.term = {
      id: 1,
      closed: false,
      exitStatus: 0,
      get wantsInput() { return self.waiting },
      get pendingPrompt() { return self.waiting ? PROMPT : '' },
      inputLine(line: string) { self.waiting = false; self.lines.push(line) },
      interrupt() { self.interrupts++; if (self.busy) { self.busy = false; self.out('\n') } self.lines = []; self.waiting = false },
      eof() { self.lines.push('\u0004') ; self.waiting = false },
      suspend() { self.suspends++ },
      resize() {},
    }
    return this.term
  }

  /** No virtual time passes in the fake (input events are stamped with it). */
  nowNs(): number {
    return 0
  }

  /** The CLI shows no live view: the Session must never derive one. */
  view(): MachineView {
    throw new Error('the interactive CLI asked for the machine view')
  }

  completer(): Lister {
    return {
      commands: () => ['echo', 'exit', 'env'],
      list: (dir) => (dir === '/proc' ? [{ name: 'self', dir: true }, { name: 'stat', dir: false }] : null),
      cwd: () => '/root',
    }
  }

  runSlice(): boolean {
    this.slices++
    if (this.term.closed) return false
    if (this.busy) return true // `while true; do :; done` never finishes by itself
    const line = this.lines.shift()
    if (line === undefined) {
      if (!this.waiting) { this.out(PROMPT); this.waiting = true; this.greeted = true }
      return false
    }
    if (line === '\u0004' || line.trim() === 'exit') { this.out(line === '\u0004' ? 'exit\n' : ''); this.term.closed = true; return false }
    if (line.startsWith('exit ')) { (this.term as { exitStatus: number }).exitStatus = Number(line.slice(5)); this.term.closed = true; return false }
    if (line.startsWith('while true')) { this.busy = true; return true }
    if (line.startsWith('echo ')) this.out(line.slice(5))
    return true
  }
}
