// Terminals (/dev/pts/N). SIMPLIFICATION: the line discipline's editing (echo,
// erase, history) happens in the host's line editor (xterm-readline or Node's
// readline), which hands the tty complete lines; the kernel keeps canonical-mode
// reads, the foreground process group, Ctrl-C/Ctrl-Z/Ctrl-D and hangup.
import { SIG } from '../abi/index.ts'
import { BLOCK } from './block.ts'
import type { Kernel } from './kernel.ts'
import type { Tty } from './state.ts'
import { sendSignal } from './task/signal.ts'

export const ttyChan = (id: number) => `tty:${id}`

export function createTty(k: Kernel, sink: number, cols = 80, rows = 24): Tty {
  const c = k.ctr()
  const id = c.nextTty++
  const tty: Tty = { id, index: id, input: [], eof: false, fgPgrp: 0, sid: 0, cols, rows, sink, partial: '', readers: 0 }
  return k.put('ttys', id, tty)
}

export function ttyRead(k: Kernel, kpid: number, id: number, count: number): string | typeof BLOCK {
  const t = k.tty(id)!
  if (t.input.length > 0) {
    const w = k.mutTty(id)
    const line = w.input[0]!
    if (line.length <= count) {
      w.input = w.input.slice(1)
      return line
    }
    w.input = [line.slice(count), ...w.input.slice(1)]
    return line.slice(0, count)
  }
  if (t.eof) {
    k.mutTty(id).eof = false
    return ''
  }
  return k.sleepOn(kpid, ttyChan(id), 'n_tty_read')
}

export function ttyWrite(k: Kernel, id: number, data: string): number {
  const t = k.tty(id)!
  k.host.output(t.sink, data)
  const nl = data.lastIndexOf('\n')
  const partial = nl >= 0 ? data.slice(nl + 1) : t.partial + data
  if (partial !== t.partial) k.mutTty(id).partial = partial.length > 4096 ? partial.slice(-4096) : partial
  return data.length
}

/** A line typed at the keyboard (after host-side editing); echoed like the line discipline would. */
export function ttyInput(k: Kernel, id: number, line: string): void {
  const w = k.mutTty(id)
  w.input = [...w.input, line]
  w.partial = ''
  k.wake(ttyChan(id))
}

export function ttyEof(k: Kernel, id: number): void {
  const w = k.mutTty(id)
  w.eof = true
  w.partial = ''
  k.wake(ttyChan(id))
}

/** Ctrl-C / Ctrl-Z / Ctrl-\: discard typed-ahead input and signal the foreground process group. */
export function ttySignal(k: Kernel, id: number, sig: number): void {
  const t = k.tty(id)!
  if (sig === SIG.SIGINT || sig === SIG.SIGQUIT) {
    const w = k.mutTty(id)
    w.input = []
    w.partial = ''
  }
  if (t.fgPgrp > 0) signalGroup(k, t.fgPgrp, sig)
}

export function signalGroup(k: Kernel, pgid: number, sig: number): number {
  let n = 0
  for (const task of [...k.s.tasks.values()]) {
    if (task.pgid === pgid && task.state !== 'Z') {
      sendSignal(k, task.kpid, sig)
      n++
    }
  }
  return n
}

/** The session leader exited: the terminal hangs up (SIGHUP + SIGCONT to the foreground group). */
export function ttyHangupSession(k: Kernel, id: number, sid: number): void {
  const t = k.tty(id)
  if (!t || t.sid !== sid) return
  const fg = t.fgPgrp
  const w = k.mutTty(id)
  w.sid = -1
  w.fgPgrp = 0
  if (fg > 0 && fg !== sid) {
    signalGroup(k, fg, SIG.SIGHUP)
    signalGroup(k, fg, SIG.SIGCONT)
  }
}

/** Is some task blocked reading this terminal? */
export function ttyWantsInput(k: Kernel, id: number): boolean {
  return (k.waiters.get(ttyChan(id))?.length ?? 0) > 0 && k.waiters.get(ttyChan(id))!.some((p) => k.conts.get(p)?.chan === ttyChan(id))
}
