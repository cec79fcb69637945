// The pieces of `-t` (pty(7)) shared by docker run and docker exec: the
// runtime opens /dev/ptmx inside the container's mount namespace (so the
// slave is /dev/pts/N of the container's own devpts instance), the container
// process makes the slave its controlling terminal (setsid + TIOCSCTTY, as
// runc's console setup does), and the relay outside the container (relay.ts)
// copies the master to the client (and the json-file log) and the client's
// input frames to the master. The client puts its own terminal in raw mode (cfmakeraw) so
// that ^C, ^D and every keystroke reach the container's line discipline.
import { O_CLOEXEC, O_NOCTTY, O_RDONLY, O_RDWR, TCGETS, TIOCGWINSZ, TIOCSCTTY } from '../../kernel-sim/abi/index.ts'
import { cfmakeraw, TCSETS, TIOCGPTN, TIOCSPTLCK, type Termios } from '../../kernel-sim/abi/termios.ts'
import { close, dup2, ioctl, open, setns, setsid, type Sys } from '../libc/index.ts'
import { send } from './protocol.ts'

/** posix_openpt + unlockpt + ptsname: the master fd and N of /dev/pts/N, or -errno. */
export function* openPtmx(): Sys<{ master: number; n: number } | number> {
  const master = yield* open('/dev/ptmx', O_RDWR | O_NOCTTY | O_CLOEXEC)
  if (master < 0) return master
  yield* ioctl(master, TIOCSPTLCK, 0)
  const n = yield* ioctl(master, TIOCGPTN)
  if (typeof n !== 'number' || n < 0) return typeof n === 'number' ? n : -5
  return { master, n }
}

/** In the container process: a new session whose controlling terminal is /dev/pts/N, on fds 0, 1 and 2. */
export function* attachSlave(n: number): Sys<number> {
  yield* setsid()
  const fd = yield* open(`/dev/pts/${n}`, O_RDWR)
  if (fd < 0) return fd
  yield* ioctl(fd, TIOCSCTTY, 0)
  for (let i = 0; i < 3; i++) yield* dup2(fd, i)
  if (fd > 2) yield* close(fd)
  return 0
}

/** The client's terminal in raw mode (docker/cli SetRawTerminal); the old settings to restore, or undefined. */
export function* makeRaw(fd: number): Sys<Termios | undefined> {
  const tm = yield* ioctl(fd, TCGETS)
  if (typeof tm !== 'object') return undefined
  yield* ioctl(fd, TCSETS, cfmakeraw(tm as Termios))
  return tm as Termios
}

export function* restoreTerminal(fd: number, saved: Termios | undefined): Sys<void> {
  if (saved) yield* ioctl(fd, TCSETS, saved)
}

/** The client's window size for the container's pty (docker/cli resizeTty after attaching). */
export function* sendSize(conn: number): Sys<void> {
  const ws = yield* ioctl(0, TIOCGWINSZ)
  if (typeof ws === 'object') yield* send(conn, { t: 'resize', ...(ws as { rows: number; cols: number }) })
}

/** isatty(3). */
export function* isatty(fd: number): Sys<boolean> {
  return typeof (yield* ioctl(fd, TCGETS)) === 'object'
}

/**
 * The master of a new pty in the container of `initPid` (already pivoted into
 * its rootfs), so the slave is the container's /dev/pts/N: the shim enters the
 * init's mount namespace (setns), opens /dev/ptmx there and returns to its own.
 * SIMPLIFICATION: runc opens the pty inside the container and passes the master
 * over a unix socket (SCM_RIGHTS), which this kernel lacks.
 */
export function* openPtyIn(initPid: number): Sys<{ master: number; n: number } | number> {
  const home = yield* open('/proc/self/ns/mnt', O_RDONLY | O_CLOEXEC)
  if (home < 0) return home
  const ns = yield* open(`/proc/${initPid}/ns/mnt`, O_RDONLY | O_CLOEXEC)
  const j = ns >= 0 ? yield* setns(ns, 0) : ns
  const p = j >= 0 ? yield* openPtmx() : j
  if (j >= 0) yield* setns(home, 0)
  if (ns >= 0) yield* close(ns)
  yield* close(home)
  return p
}
