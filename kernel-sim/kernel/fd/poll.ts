// poll(2) and ppoll(2) (fs/select.c do_sys_poll): one task waits on several
// files at once. Each file kind answers what it is ready for now (its f_op->poll:
// pipe_poll, unix_poll/tcp_poll, n_tty_poll, the pty master's) and names the wait
// queues that change that answer; if nothing is ready the task sleeps on all of
// them, with the timeout as a timer in virtual time. Level-triggered: a retried
// call (after a wake-up) looks again, so a spurious wake-up just sleeps again.
import type { Kpid } from '../../abi/pid.ts'
import {
  AF_UNIX, E, O_ACCMODE, O_RDONLY, O_WRONLY, PIPE_BUF_SIZE, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLRDHUP,
  POLLRDNORM, POLLWRNORM, type PollFd,
} from '../../abi/index.ts'
import type { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { OpenFile } from '../state.ts'
import { pipeChan } from '../ipc/pipe.ts'
import { REMOTE_PEER, SOCK_BUF_BYTES, isRemoteConn, sockChan, sockWriteChan } from '../net/socket.ts'
import { PTY_BUF, ptmChan, ttyChan } from '../tty.ts'
import { fdGet, nofileLimit } from './fd-table.ts'

const IN = POLLIN | POLLRDNORM
const OUT = POLLOUT | POLLWRNORM
/** DEFAULT_POLLMASK: a file without a poll op (regular files, /proc, devices) is always ready (poll(2) NOTES). */
const ALWAYS = IN | OUT

/** What a file is ready for, and the wait queues whose wake-up may change it. */
interface Readiness {
  mask: number
  chans: string[]
}

/** f_op->poll of each file kind. */
function filePoll(k: Kernel, f: OpenFile): Readiness {
  switch (f.kind) {
    case 'pipe': {
      // pipe_poll(): readable while bytes wait, POLLHUP once no writer is left; writable while there is room, POLLERR with no reader.
      const p = k.pipe(f.obj)
      if (!p) return { mask: POLLHUP, chans: [] }
      const acc = f.flags & O_ACCMODE
      let mask = 0
      if (acc !== O_WRONLY) mask |= (p.buf.length > 0 ? IN : 0) | (p.writers === 0 ? POLLHUP : 0)
      if (acc !== O_RDONLY) mask |= (p.sink >= 0 || p.buf.length < PIPE_BUF_SIZE ? OUT : 0) | (p.readers === 0 ? POLLERR : 0)
      return { mask, chans: [pipeChan(f.obj)] }
    }
    case 'socket':
      return socketPoll(k, f)
    case 'tty': {
      // n_tty_poll(): input (or a pending end-of-file) is readable; a hung-up terminal is POLLHUP; a pty slave is writable while the master's queue has room.
      const t = k.tty(f.obj)
      if (!t) return { mask: POLLHUP, chans: [] }
      if (t.pty?.hungUp) return { mask: IN | POLLHUP, chans: [] }
      const mask = (t.input.length > 0 || t.eof ? IN : 0) | (!t.pty || t.pty.toMaster.length < PTY_BUF ? OUT : 0)
      return { mask, chans: t.pty ? [ttyChan(f.obj), ptmChan(f.obj)] : [ttyChan(f.obj)] }
    }
    case 'ptm': {
      // The master: readable while the slave's output waits; POLLHUP once every slave file is closed (TTY_OTHER_CLOSED). Writes never block.
      const p = k.tty(f.obj)?.pty
      if (!p) return { mask: POLLHUP, chans: [] }
      return { mask: (p.toMaster.length > 0 ? IN : 0) | (p.slaveClosed ? POLLHUP : 0) | OUT, chans: [ptmChan(f.obj)] }
    }
    default:
      return { mask: ALWAYS, chans: [] }
  }
}

/** unix_poll() and tcp_poll() for stream sockets. */
function socketPoll(k: Kernel, f: OpenFile): Readiness {
  // A connection to a remote server that kept no record has sent nothing yet: writable (the far end takes it all).
  if (isRemoteConn(f)) return { mask: OUT, chans: [] }
  // A fresh socket (no record yet) is TCP_CLOSE: POLLHUP; unix_poll() also finds it writable.
  if (f.obj < 0) return { mask: POLLHUP | (-f.obj === AF_UNIX ? OUT : 0), chans: [] }
  const s = k.socket(f.obj)
  if (!s) return { mask: POLLHUP, chans: [] }
  if (s.state === 'listening') return { mask: s.backlog.length > 0 ? IN : 0, chans: [sockChan(s.id)] }
  if (s.state !== 'connected') return { mask: POLLHUP | (s.domain === AF_UNIX ? OUT : 0), chans: [] }
  // The peer's close (or shutdown(SHUT_WR)) shuts down our receiving side: readable (EOF), POLLRDHUP;
  // both directions shut is POLLHUP. A write that cannot block (it fails with EPIPE) counts as writable (tcp_poll()).
  let mask = s.rx.length > 0 ? IN : 0
  if (s.peerClosed) mask |= IN | POLLRDHUP
  if (s.peerClosed && (s.wrShut || s.peer < 0)) mask |= POLLHUP
  if (s.peer === REMOTE_PEER || s.peer < 0 || s.wrShut || SOCK_BUF_BYTES - (k.socket(s.peer)?.rx.length ?? 0) > 0) mask |= OUT
  return { mask, chans: s.peer >= 0 ? [sockChan(s.id), sockWriteChan(s.peer)] : [sockChan(s.id)] }
}

/**
 * poll(2): fills each entry's revents (the events asked for that hold, plus
 * POLLERR, POLLHUP and POLLNVAL always) and returns how many entries have any;
 * 0 when `timeoutNs` passes first (-1: wait for ever); EINTR when a caught
 * signal is pending or arrives; EINVAL when there are more entries than
 * RLIMIT_NOFILE allows.
 */
export function sysPoll(k: Kernel, kpid: Kpid, fds: PollFd[], timeoutNs: number): number | typeof BLOCK {
  if (!Array.isArray(fds)) return -E.EFAULT
  const t = k.taskOrOops(kpid)
  if (fds.length > nofileLimit(t)) return -E.EINVAL
  if (typeof timeoutNs !== 'number' || Number.isNaN(timeoutNs)) return -E.EINVAL
  let ready = 0
  const chans: string[] = []
  for (const p of fds) {
    if (typeof p !== 'object' || p === null || typeof p.fd !== 'number') return -E.EFAULT
    p.revents = 0
    if (p.fd < 0) continue
    const id = fdGet(k, t, p.fd)
    const f = id === undefined ? undefined : k.file(id)
    if (!f) {
      p.revents = POLLNVAL
      ready++
      continue
    }
    const r = filePoll(k, f)
    p.revents = r.mask & ((p.events | 0) | POLLERR | POLLHUP)
    if (p.revents) ready++
    else for (const c of r.chans) chans.push(c)
  }
  // do_poll(): "if (signal_pending(current))" before sleeping: the handler (sigtake here) runs first.
  const done = ready > 0 || timeoutNs === 0 ? ready : t.sigCaught.length > 0 ? -E.EINTR : undefined
  if (done !== undefined) {
    k.sched.pollDone(kpid)
    return done
  }
  return k.sched.pollWait(kpid, chans, timeoutNs < 0 || timeoutNs === Infinity ? -1 : timeoutNs)
}
