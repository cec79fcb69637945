// vm exec (a command in the guest, like ssh) and vm console (the serial
// console; Ctrl-] or end of input detaches, as in virsh console).
import {
  TCGETS, VM_CONSOLE_READ, VM_CONSOLE_WRITE, VM_EXEC, VM_EXEC_READ, type ExecChunk, type VmLifecycle,
} from '../../../kernel-sim/abi/index.ts'
import { err, ioctl, out, statusToShell, W_EXITCODE, type Sys } from '../../libc/index.ts'
import { LineReader } from '../lib/io.ts'
import { failure, kvm } from './kvm.ts'
import { fail } from './lifecycle.ts'

/** Runs CMD in the guest; its output comes back here; the exit status is CMD's. */
export function* exec(fd: number, name: string, cmd: string): Sys<number> {
  const id = yield* kvm<number>(fd, VM_EXEC, { name, cmd })
  const why = failure(id)
  if (why) return yield* fail(why)
  for (;;) {
    const c = yield* kvm<ExecChunk>(fd, VM_EXEC_READ, { name, id })
    if (typeof c !== 'object' || 'error' in c) return yield* fail(`exec: ${failure(c)}`)
    if (c.stdout) yield* out(c.stdout)
    if (c.stderr) yield* err(c.stderr)
    if (c.status >= 0) {
      if (c.status === W_EXITCODE(255, 0)) yield* err(`Connection to ${name} closed by remote host.\n`)
      return statusToShell(c.status)
    }
  }
}

/** The escape character that detaches (virsh console's default). */
export const ESCAPE = '\x1d'

interface ConsoleChunk {
  data: string
  next: number
  state: VmLifecycle
  prompt: boolean
}

export function* console(fd: number, name: string): Sys<number> {
  const first = yield* kvm<ConsoleChunk>(fd, VM_CONSOLE_READ, { name, from: Infinity, whileBooting: true })
  const why = failure(first)
  if (why) return yield* fail(why)
  if (!['booting', 'running', 'paused'].includes((first as ConsoleChunk).state)) return yield* fail(`cannot attach to '${name}': the VM is ${(first as ConsoleChunk).state}`)
  let from = -1 // start with the current line: the shell's prompt
  yield* out(`Connected to domain '${name}'\nEscape character is ^] (Ctrl + ])\n`)
  const input = new LineReader(0)
  // The guest tty echoes what is typed (n_tty ECHO); a host terminal already shows it as it is typed.
  const echo = (yield* ioctl(0, TCGETS)) !== 0
  for (;;) {
    const c = yield* kvm<ConsoleChunk>(fd, VM_CONSOLE_READ, { name, from, prompt: true })
    if (typeof c !== 'object' || 'error' in c) break
    if (c.data) yield* out(c.data)
    from = c.next
    if (!c.prompt && !c.data) break // the VM went down
    if (!c.prompt) continue
    const line = yield* input.line()
    if (line === null || line.includes(ESCAPE)) break
    if (echo) yield* out(line.endsWith('\n') ? line : line + '\n')
    const w = yield* kvm<number>(fd, VM_CONSOLE_WRITE, { name, line })
    if (typeof w === 'number' && w < 0) break
  }
  yield* out('\n')
  return 0
}
