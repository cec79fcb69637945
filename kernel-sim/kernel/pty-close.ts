// Closing either side of a pty pair (pty(7)): the master's last close hangs
// the slave up; the slaves' last close makes the master's reads fail with EIO.
// Kept apart from pty.ts so that the fd layer (fd/release.ts) can call it.
import { SIG, NO_KPID } from '../abi/index.ts'
import { devptsRemoveSlave } from './fs/devpts.ts'
import type { Kernel } from './kernel.ts'
import { sendSignal } from './task/signal.ts'
import { ptmChan, ttyChan } from './tty.ts'

/** The last close of a master (pty_close → tty_vhangup of the slave). */
export function ptmRelease(k: Kernel, id: number): void {
  const tty = k.tty(id)
  if (!tty?.pty) return
  devptsRemoveSlave(k, tty.pty.devpts, tty.index, tty.pty.node)
  const w = k.mutTty(id)
  w.pty = { ...tty.pty, node: 0, hungUp: true, toMaster: '' }
  w.sid = -1
  w.fgPgrp = NO_KPID
  // tty_signal_session_leader: every task of the session loses the terminal; the leader gets SIGHUP and SIGCONT.
  if (tty.sid !== -1) {
    for (const x of [...k.s.tasks.values()]) if (x.sid === tty.sid && x.ctty === id) k.mutTask(x.kpid).ctty = -1
    const leader = k.task(tty.sid)
    if (leader && leader.state !== 'Z') {
      sendSignal(k, tty.sid, SIG.SIGHUP)
      sendSignal(k, tty.sid, SIG.SIGCONT)
    }
  }
  k.sched.wake(ttyChan(id))
  k.sched.wake(ptmChan(id))
  if (tty.pty.slaveFiles === 0) k.remove('ttys', id)
}

/** The last close of a slave open file. */
export function ptsRelease(k: Kernel, id: number): void {
  const tty = k.tty(id)
  if (!tty?.pty) return
  const n = tty.pty.slaveFiles - 1
  if (n <= 0 && tty.pty.hungUp) {
    k.remove('ttys', id)
    return
  }
  k.mutTty(id).pty = { ...tty.pty, slaveFiles: n, slaveClosed: n <= 0 }
  if (n <= 0) k.sched.wake(ptmChan(id))
}

/** One more slave open file (an open of /dev/tty naming a pty slave). */
export function ptsGet(k: Kernel, id: number): void {
  const tty = k.tty(id)
  if (tty?.pty) k.mutTty(id).pty = { ...tty.pty, slaveFiles: tty.pty.slaveFiles + 1, slaveClosed: false }
}
