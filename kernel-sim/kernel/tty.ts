// Terminals (/dev/pts/N): the console terminals the machine's owner opens
// (Machine.openTerminal) and the slaves of pty pairs (kernel/pty.ts). Reads,
// writes, the foreground process group and hangup live here; the line
// discipline that turns typed bytes into lines and signals is kernel/n-tty.ts.
// SIMPLIFICATION: on a console in canonical mode the line editing (echo, erase,
// history) happens in the host's line editor (xterm-readline or Node's
// readline), which hands the tty complete lines; a console in raw mode
// (cfmakeraw, as a docker client sets it) gets the keystrokes themselves.
import type { Kpid } from '../abi/pid.ts'
import { E, SIG, NO_KPID } from '../abi/index.ts'
import { ICANON, ISIG, ONLCR, OPOST, STD_TERMIOS, VINTR, VQUIT, VSUSP, type Termios } from '../abi/termios.ts'
import { BLOCK } from './block.ts'
import type { Kernel } from './kernel.ts'
import type { Tty } from './state.ts'
import { sendSignal } from './task/signal.ts'
import { devptsAddSlave, devptsNewIndex, TTY_GID } from './fs/devpts.ts'

export const ttyChan = (id: number) => `tty:${id}`
/** Wait channel of a pty master's readers (and of slave writers when the master's buffer is full). */
export const ptmChan = (id: number) => `ptm:${id}`
/** N_TTY_BUF_SIZE-like bound on unread master output: slave writers sleep above it. */
export const PTY_BUF = 65536

/**
 * A console: the terminal the machine's owner types into. Like a terminal
 * emulator's pty it shows up as /dev/pts/N of the initial devpts instance (owned
 * by root, group tty); SIMPLIFICATION: it has no master side in the kernel.
 */
export function createTty(k: Kernel, sink: number, cols = 80, rows = 24): Tty {
  const c = k.ctr()
  const id = c.nextTty++
  const inst = hostDevpts(k)
  const index = inst > 0 ? devptsNewIndex(k, inst) : id
  if (inst > 0) devptsAddSlave(k, inst, index, 0, TTY_GID)
  const tty: Tty = { id, index, input: [], eof: false, fgPgrp: NO_KPID, sid: NO_KPID, cols, rows, sink, partial: '', readers: 0 }
  return k.put('ttys', id, tty)
}

/** The initial devpts instance (boot's /dev/pts), or 0. */
export function hostDevpts(k: Kernel): number {
  return k.coarse.mounts.find((m) => m.path === '/dev/pts' && m.fstype === 'devpts')?.rootIno ?? 0
}

export const termiosOf = (t: Tty): Termios => t.termios ?? STD_TERMIOS

/** Output processing (termios(3) OPOST, ONLCR: map NL to CR-NL on output). */
export function opost(tm: Termios, data: string): string {
  return tm.oflag & OPOST && tm.oflag & ONLCR ? data.replace(/\n/g, '\r\n') : data
}

export function ttyRead(k: Kernel, kpid: Kpid, id: number, count: number): string | typeof BLOCK {
  const t = k.tty(id)!
  if (t.input.length > 0) {
    const w = k.mutTty(id)
    if (!(termiosOf(t).lflag & ICANON)) {
      // Non-canonical (VMIN 1, VTIME 0): whatever bytes are there, up to count.
      const all = w.input.join('')
      w.input = all.length > count ? [all.slice(count)] : []
      return all.slice(0, count)
    }
    const line = w.input[0]!
    if (line.length <= count) {
      w.input = w.input.slice(1)
      return line // '' is an end-of-file typed at the start of a line (VEOF)
    }
    w.input = [line.slice(count), ...w.input.slice(1)]
    return line.slice(0, count)
  }
  if (t.pty?.hungUp) return '' // a hung-up terminal reads end-of-file
  if (t.eof) {
    k.mutTty(id).eof = false
    return ''
  }
  return k.sched.sleepOn(kpid, ttyChan(id), 'n_tty_read')
}

export function ttyWrite(k: Kernel, kpid: Kpid, id: number, data: string): number | typeof BLOCK {
  const t = k.tty(id)!
  if (t.pty) {
    if (t.pty.hungUp) return -E.EIO
    if (t.pty.toMaster.length >= PTY_BUF) return k.sched.sleepOn(kpid, ptmChan(id), 'n_tty_write')
  }
  // SIMPLIFICATION: a console's output processing (ONLCR) is the host terminal's (xterm's convertEol).
  ttyEmit(k, id, t.pty ? opost(termiosOf(t), data) : data)
  return data.length
}

/** Bytes leaving the terminal: to the pty master's reader, or to the console's host channel. */
export function ttyEmit(k: Kernel, id: number, out: string): void {
  const t = k.tty(id)!
  if (t.pty) {
    if (t.pty.hungUp || out === '') return
    const w = k.mutTty(id)
    w.pty = { ...t.pty, toMaster: t.pty.toMaster + out }
    k.sched.wake(ptmChan(id))
    return
  }
  k.host.output(t.sink, out)
  const nl = out.lastIndexOf('\n')
  const partial = nl >= 0 ? out.slice(nl + 1) : t.partial + out
  if (partial !== t.partial) k.mutTty(id).partial = partial.length > 4096 ? partial.slice(-4096) : partial
}

/** A line typed at the keyboard (after host-side editing); echoed like the line discipline would. */
export function ttyInput(k: Kernel, id: number, line: string): void {
  const w = k.mutTty(id)
  w.input = [...w.input, line]
  w.partial = ''
  k.sched.wake(ttyChan(id))
}

export function ttyEof(k: Kernel, id: number): void {
  if (!(termiosOf(k.tty(id)!).lflag & ICANON)) return ttyInput(k, id, '\x04') // raw: VEOF is just a byte
  const w = k.mutTty(id)
  w.eof = true
  w.partial = ''
  k.sched.wake(ttyChan(id))
}

/** Ctrl-C / Ctrl-Z / Ctrl-\: discard typed-ahead input and signal the foreground process group. */
export function ttySignal(k: Kernel, id: number, sig: number): void {
  const t = k.tty(id)!
  const tm = termiosOf(t)
  if (!(tm.lflag & ISIG)) {
    // termios(3) ISIG off (raw mode): the character is input like any other.
    const v = sig === SIG.SIGINT ? VINTR : sig === SIG.SIGQUIT ? VQUIT : VSUSP
    return ttyInput(k, id, String.fromCharCode(tm.cc[v] ?? 0))
  }
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
  w.fgPgrp = NO_KPID
  if (fg > 0 && fg !== sid) {
    signalGroup(k, fg, SIG.SIGHUP)
    signalGroup(k, fg, SIG.SIGCONT)
  }
}

/** Is some task blocked reading this terminal? */
export function ttyWantsInput(k: Kernel, id: number): boolean {
  return k.sched.hasSleepers(ttyChan(id))
}

/** Is the terminal in raw (non-canonical) mode, so the host should pass keystrokes through (n-tty.ts)? */
export function ttyRaw(k: Kernel, id: number): boolean {
  const t = k.tty(id)
  return t !== undefined && !(termiosOf(t).lflag & ICANON)
}
