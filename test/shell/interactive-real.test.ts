// The interactive login shell on a real terminal (Machine.openTerminal):
// prompts, job control notices, Ctrl-C / Ctrl-Z, exit.
import { describe, it, expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function terminal() {
  const m = new Machine()
  let out = ''
  const t = m.openTerminal({ cols: 80, rows: 24, onOutput: (d) => (out += d) })
  /** Runs the machine until the shell reads the terminal again; returns what was printed. */
  const settle = (): string => {
    for (let k = 0; k < 500 && !t.wantsInput && !t.closed; k++) m.runSlice()
    const s = out
    out = ''
    return s
  }
  /** Lets a foreground job run a little (it does not read the terminal). */
  const spin = () => {
    for (let k = 0; k < 3; k++) m.runSlice()
  }
  const type = (line: string): string => {
    t.inputLine(line)
    return settle()
  }
  settle()
  return { m, t, settle, spin, type }
}

describe('interactive bash on a terminal', () => {
  it('shows the prompt, and cd changes it', () => {
    const { t, type } = terminal()
    expect(t.pendingPrompt).toBe('root@host:~# ')
    expect(type('cd /tmp')).toBe('root@host:/tmp# ')
    expect(type('echo $PWD')).toBe('/tmp\nroot@host:/tmp# ')
  })

  it('Ctrl-C stops a busy loop and the prompt returns', () => {
    const { t, settle, spin } = terminal()
    t.inputLine('while true; do :; done')
    spin()
    expect(t.wantsInput).toBe(false)
    t.interrupt()
    expect(settle()).toBe('\nroot@host:~# ')
  })

  it('Ctrl-C at the prompt prints a newline and a new prompt', () => {
    const { t, settle } = terminal()
    t.interrupt()
    expect(settle()).toBe('\nroot@host:~# ')
  })

  it('a non-interactive bash -c dies of SIGINT (status 130)', () => {
    const { t, settle, spin } = terminal()
    t.inputLine("bash -c 'while true; do :; done'; echo st=$?")
    spin()
    t.interrupt()
    expect(settle()).toBe('\nst=130\nroot@host:~# ')
  })

  it('background jobs: [1] PID, jobs', () => {
    const { type } = terminal()
    expect(type('sleep 100 & jobs')).toBe('[1] 3\n[1]+  Running                 sleep 100 &\nroot@host:~# ')
  })

  it('Ctrl-Z stops the foreground job; jobs lists it; fg resumes it', () => {
    const { t, settle, spin, type } = terminal()
    // SIMPLIFICATION of the test: `cat` rather than `sleep 100`, because the
    // virtual clock jumps to the next timer while the terminal waits for input
    t.inputLine('cat')
    spin()
    t.suspend()
    expect(settle()).toBe('\n[1]+  Stopped                 cat\nroot@host:~# ')
    expect(type('jobs')).toBe('[1]+  Stopped                 cat\nroot@host:~# ')
    t.inputLine('fg')
    spin()
    t.interrupt()
    expect(settle()).toBe('cat\n\nroot@host:~# ')
  })

  it('a SIGKILLed foreground job: Killed', () => {
    const { type } = terminal()
    expect(type("sh -c 'kill -9 $$'; echo $?")).toBe('Killed\n137\nroot@host:~# ')
  })

  it('messages omit "line N:" interactively', () => {
    const { type } = terminal()
    expect(type('ulimit -n abc')).toBe('bash: ulimit: abc: invalid number\nroot@host:~# ')
    expect(type('if then')).toBe("bash: syntax error near unexpected token `then'\nroot@host:~# ")
  })

  it('exit closes the terminal; a login shell says logout', () => {
    const { t, type } = terminal()
    expect(type('exit')).toBe('logout\n')
    expect(t.closed).toBe(true)
  })

  it('Ctrl-D on an empty line logs out', () => {
    const { t, settle } = terminal()
    t.eof()
    expect(settle()).toBe('logout\n')
    expect(t.closed).toBe(true)
  })
})
