// Runs one fuzz case on a machine and reports what must never happen: a
// kernel oops (a syscall handler threw), a JS exception in a program (the
// kernel's "crashed" trap), or an exception out of the machine itself (or
// out of the lab loader, which must answer every file with errors).
import { Machine } from '../../src/host/machine.ts'
import { loadLab } from '../../src/labs/index.ts'
import { parseWorkspace } from '../../web/workspace/workspace.ts'

export interface Finding {
  kind: 'oops' | 'exception' | 'machine'
  input: string
  message: string
}

/** A machine that records its kernel's oopses and program crashes. */
export class FuzzMachine {
  readonly m: Machine
  readonly logged: string[] = []
  cases = 0
  /** Characters the cases printed. */
  outputBytes = 0
  /** 1 GiB of simulated RAM by default: the memory and task limits come 8 times sooner than on the CLI's 8 GiB. */
  constructor(seed = 1, memoryBytes = 2 ** 30) {
    this.m = new Machine({ seed, memoryBytes })
    const host = this.m.kernel.host as { logged?: (msg: string) => void }
    host.logged = (msg) => {
      if (msg.startsWith('BUG: isolab kernel exception') || msg.startsWith('traps: ')) this.logged.push(msg)
    }
  }

  private take(input: string): Finding[] {
    const found = this.logged.splice(0).map((message): Finding => ({ kind: message.startsWith('BUG') ? 'oops' : 'exception', input, message }))
    return found
  }

  /** `bash -c script` with a step budget (a runaway loop just ends there). */
  script(script: string, maxSteps = CASE_STEPS): Finding[] {
    this.cases++
    try {
      // output is counted, not kept: `yes | head -n 1G` would otherwise grow the real heap by gigabytes
      this.m.runScript(script, { maxSteps, onStdout: (d) => (this.outputBytes += d.length), onStderr: (d) => (this.outputBytes += d.length) })
    } catch (e) {
      return [...this.take(script), { kind: 'machine', input: script, message: String(e instanceof Error ? e.stack : e) }]
    }
    return this.take(script)
  }

  /** A workspace file: parsed (never throwing), then its lines typed into a terminal. */
  workspace(text: string, maxSyscalls = CASE_STEPS): Finding[] {
    this.cases++
    try {
      const p = parseWorkspace(text)
      if (!p.ok) return []
      const term = this.m.openTerminal({ cols: 80, rows: 24, onOutput: () => {} })
      let budget = maxSyscalls
      for (const e of p.workspace.log) {
        if (term.closed) break
        if (e.kind === 'line') term.inputLine(e.text)
        else if (e.kind === 'signal') { if (e.signal === "INT") term.interrupt(); else if (e.signal === "EOF") term.eof(); else term.suspend() }
        else if (e.kind === "keys") term.input?.(e.data)
        for (let i = 0; i < 20 && budget > 0 && this.m.runSlice(5000); i++) budget -= 5000
      }
      term.interrupt()
      term.eof()
      this.m.runSlice(5000)
    } catch (e) {
      return [...this.take(text), { kind: 'machine', input: text, message: String(e instanceof Error ? e.stack : e) }]
    }
    return this.take(text)
  }
}

/** A lab file: loadLab answers every text with a lab or with errors, never an exception. */
export function labCase(text: string): Finding[] {
  try {
    loadLab(text, 'fuzz.yaml')
  } catch (e) {
    return [{ kind: 'machine', input: text, message: String(e instanceof Error ? e.stack : e) }]
  }
  return []
}

/**
 * System calls a case may make. A runaway ends there: `cat /dev/urandom > /tmp/z` makes 64 KiB of
 * PRNG output a call, some 2 ms of real time each, so a larger budget would let one case eat a CI
 * run's minute.
 */
export const CASE_STEPS = 5_000
/** The corpus's runaways are known: a short budget shows they end cleanly (corpus.test.ts too). */
export const CORPUS_STEPS = 2_000

/** The corpus of past findings (test/fuzz/corpus.txt): one script a line, ⏎ for a newline inside it. */
export function corpus(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.replaceAll('⏎', '\n'))
}
