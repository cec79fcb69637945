// The line discipline (N_TTY, termios(3)) for bytes typed into a terminal:
// what a pty master's writer sends to the slave, or a console's keystrokes in
// raw mode. Canonical mode gathers a line with erase (VERASE) and kill (VKILL)
// editing and hands it to readers at NL or VEOF; ISIG turns VINTR/VQUIT/VSUSP
// into SIGINT/SIGQUIT/SIGTSTP for the foreground process group; ECHO sends the
// input back out through output processing (^C shown as "^C" with ECHOCTL).
// SIMPLIFICATION: no VREPRINT/VLNEXT editing, no IXON flow control (^S/^Q),
// and no SIGTTIN/SIGTTOU for background process groups.
import { SIG } from '../abi/index.ts'
import {
  ECHO, ECHOCTL, ECHOE, ICANON, ICRNL, IEXTEN, ISIG, VEOF, VERASE, VINTR, VKILL, VQUIT, VSUSP, VWERASE, type Termios,
} from '../abi/termios.ts'
import type { Kernel } from './kernel.ts'
import { opost, signalGroup, termiosOf, ttyChan, ttyEmit } from './tty.ts'

/** n_tty_receive_buf: processes `data` as typed into terminal `id`. */
export function nttyReceive(k: Kernel, id: number, data: string): void {
  let tm = termiosOf(k.tty(id)!)
  let echo = ''
  const flushEcho = () => {
    if (echo) ttyEmit(k, id, opost(tm, echo))
    echo = ''
  }
  for (const ch of data) {
    const t = k.tty(id)!
    tm = termiosOf(t)
    let c = ch
    if (c === '\r' && tm.iflag & ICRNL) c = '\n'
    const code = c.charCodeAt(0)
    if (tm.lflag & ISIG) {
      const sig = code === tm.cc[VINTR] ? SIG.SIGINT : code === tm.cc[VQUIT] ? SIG.SIGQUIT : code === tm.cc[VSUSP] ? SIG.SIGTSTP : 0
      if (sig) {
        // isig(): flush pending input (no NOFLSH), echo the character, signal the foreground group.
        const w = k.mutTty(id)
        w.input = []
        if (w.pty) w.pty = { ...w.pty, line: '' }
        if (tm.lflag & ECHO) echo += echoChar(tm, c)
        flushEcho()
        if (t.fgPgrp > 0) signalGroup(k, t.fgPgrp, sig)
        continue
      }
    }
    if (!(tm.lflag & ICANON)) {
      queue(k, id, c)
      if (tm.lflag & ECHO) echo += echoChar(tm, c)
      continue
    }
    const line = t.pty?.line ?? ''
    if (code === tm.cc[VERASE]) {
      if (line.length > 0) {
        setLine(k, id, line.slice(0, -1))
        if (tm.lflag & ECHO) echo += tm.lflag & ECHOE ? '\b \b' : echoChar(tm, c)
      }
      continue
    }
    if (code === tm.cc[VWERASE] && tm.lflag & IEXTEN) {
      // VWERASE (^W): the word before the cursor, and the blanks after it.
      const keep = line.replace(/\S*\s*$/, '')
      if (tm.lflag & ECHO) echo += '\b \b'.repeat(line.length - keep.length)
      setLine(k, id, keep)
      continue
    }
    if (code === tm.cc[VKILL]) {
      if (tm.lflag & ECHO) echo += '\b \b'.repeat(line.length)
      setLine(k, id, '')
      continue
    }
    if (code === tm.cc[VEOF]) {
      // VEOF: the line so far goes to the reader without a newline; alone, it is end-of-file (read returns 0).
      setLine(k, id, '')
      queue(k, id, line, true)
      continue
    }
    if (tm.lflag & ECHO) echo += echoChar(tm, c)
    if (c === '\n') {
      setLine(k, id, '')
      queue(k, id, line + '\n', true)
    } else setLine(k, id, line + c)
  }
  flushEcho()
}

/** ECHOCTL: control characters other than TAB and NL echo as ^X (DEL as ^?). */
function echoChar(tm: Termios, c: string): string {
  const code = c.charCodeAt(0)
  if (!(tm.lflag & ECHOCTL) || c === '\n' || c === '\t' || (code >= 32 && code !== 127)) return c
  return '^' + String.fromCharCode(code === 127 ? 63 : code + 64)
}

function setLine(k: Kernel, id: number, line: string): void {
  const t = k.tty(id)!
  if (t.pty) k.mutTty(id).pty = { ...t.pty, line }
  else k.mutTty(id).partial = '' // SIMPLIFICATION: a console keeps no edit buffer (its host editor does)
}

/** Input readers can take: a completed line (canonical) or bytes (raw). */
function queue(k: Kernel, id: number, s: string, line = false): void {
  const w = k.mutTty(id)
  if (!line && w.input.length > 0) w.input = [...w.input.slice(0, -1), w.input[w.input.length - 1] + s]
  else w.input = [...w.input, s]
  k.sched.wake(ttyChan(id))
}
