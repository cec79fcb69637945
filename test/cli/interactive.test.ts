// The interactive loop, driven with fake streams and a fake machine (no pty needed).
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { completeLine, startInteractive } from '../../src/cli/interactive.ts'
import { FakeMachine, PROMPT } from './fake-machine.ts'

function setup(terminal = false) {
  const machine = new FakeMachine()
  const input = new PassThrough()
  const output = new PassThrough()
  let text = ''
  output.on('data', (c) => (text += c.toString()))
  const session = startInteractive(machine, { input, output, terminal, cols: 80, rows: 24 })
  return { machine, input, session, out: () => text }
}

/** Wait until cond() holds, turning the event loop (the session runs on setImmediate). */
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1))
  if (!cond()) throw new Error(`timed out waiting for ${what}`)
}

describe('interactive session', () => {
  it('shows the machine prompt, runs lines, exits with the shell', async () => {
    const { input, session, out } = setup()
    await until(() => out().includes(PROMPT), 'prompt')
    input.write('echo hello\n')
    await until(() => out().includes(`hello\n${PROMPT}`), 'echo and the next prompt')
    input.write('exit 3\n')
    expect(await session.done).toBe(3)
    expect(out()).toBe(`${PROMPT}hello\n${PROMPT}`)
  })

  it('Ctrl-C interrupts a running `while true; do :; done` and the prompt comes back', async () => {
    const { machine, input, session, out } = setup()
    await until(() => out().includes(PROMPT), 'prompt')
    input.write('while true; do :; done\n')
    await until(() => machine.busy && machine.slices > 20, 'the loop to spin')
    input.write('\x03')
    await until(() => out().split(PROMPT).length === 3, 'second prompt')
    expect(machine.interrupts).toBe(1)
    expect(machine.busy).toBe(false)
    input.write('exit\n')
    expect(await session.done).toBe(0)
  })

  it('Ctrl-D on an empty line is end-of-file for the shell; Ctrl-Z suspends', async () => {
    const { machine, input, session, out } = setup()
    await until(() => out().includes(PROMPT), 'prompt')
    input.write('\x1a')
    await until(() => machine.suspends === 1, 'suspend')
    input.write('\x04')
    expect(await session.done).toBe(0)
    expect(out()).toContain('exit\n')
  })

  it('end of input ends the session', async () => {
    const { input, session } = setup()
    input.end('echo bye\n')
    expect(await session.done).toBe(0)
  })

  it('on a terminal, readline draws the prompt once, echoes input and completes from the machine', async () => {
    const { input, session, out } = setup(true)
    await until(() => out().includes(PROMPT), 'prompt')
    input.write('ec\t')
    await until(() => out().includes('echo'), 'completion')
    input.write('hi\r') // completion added the space
    const screen = () => out().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') // drop cursor movement
    await until(() => screen().includes(`hi\n${PROMPT}`), 'output and the next prompt')
    input.write('exit\r')
    expect(await session.done).toBe(0)
    expect(screen()).toBe(`${PROMPT}echo hi\r\nhi\n${PROMPT}exit\r\n`)
  })
  it('completion maps the machine lister to readline (commands, then paths)', () => {
    const m = new FakeMachine()
    expect(completeLine(m, 1, 'ec')).toEqual([['echo '], 'ec'])
    expect(completeLine(m, 1, 'e')).toEqual([['echo', 'env', 'exit'], 'e'])
    expect(completeLine(m, 1, 'cat /proc/se')).toEqual([['self/'], 'se'])
    expect(completeLine(m, 1, 'cat /proc/')).toEqual([['self/', 'stat'], ''])
  })
})

describe('interactive session on the real machine: a raw terminal (docker run -it)', () => {
  it('keys go straight to the container\'s pty while docker holds the terminal raw; exit gives the line editor back', async () => {
    const { Machine } = await import('../../src/host/machine.ts')
    const input = new PassThrough()
    const output = new PassThrough()
    let text = ''
    output.on('data', (c) => (text += c.toString()))
    const session = startInteractive(new Machine(), { input, output, terminal: false, cols: 80, rows: 24 })
    const wait = async (re: RegExp, what: string) => {
      for (let i = 0; i < 3000 && !re.test(text); i++) await new Promise((r) => setTimeout(r, 2))
      if (!re.test(text)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(text.slice(-300))}`)
    }
    await wait(/root@host:~# $/, 'prompt')
    input.write('docker run -it alpine sh\n')
    await wait(/root@[0-9a-f]{12}:\/# $/, 'the container\'s prompt')
    input.write('tty\r')
    await wait(/tty\r\n\/dev\/pts\/0\r\nroot@[0-9a-f]{12}:\/# $/, 'tty echoed by the pty and answered')
    input.write('exit\r')
    await wait(/exit\r\nexit\r\nroot@host:~# $/, 'the host prompt again')
    input.write('exit 4\n')
    expect(await session.done).toBe(4) // the real Machine reports the login shell's status (bash: exit N)
  }, 60_000)
})
