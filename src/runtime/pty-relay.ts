// The pieces of `-t` (pty(7)) shared by docker run and docker exec: the
// runtime opens /dev/ptmx inside the container's mount namespace (so the
// slave is /dev/pts/N of the container's own devpts instance), the container
// process makes the slave its controlling terminal (setsid + TIOCSCTTY, as
// runc's console setup does), and a relay outside the container copies the
// master to the client (and the json-file log) and the client's input frames
// to the master. The client puts its own terminal in raw mode (cfmakeraw) so
// that ^C, ^D and every keystroke reach the container's line discipline.
import {
  CLOCK_REALTIME, E, O_APPEND, O_CLOEXEC, O_CREAT, O_NOCTTY, O_RDONLY, O_RDWR, O_WRONLY, SIG, TCGETS, TIOCGWINSZ, TIOCSCTTY, TIOCSWINSZ, type Program,
} from '../../kernel-sim/abi/index.ts'
import { cfmakeraw, TCSETS, TIOCGPTN, TIOCSPTLCK, type Termios } from '../../kernel-sim/abi/termios.ts'
import { clockGettime, close, dup2, fork, ioctl, kill, open, pipe2, read, setns, setsid, wait4, writeAll, type Sys } from '../libc/index.ts'
import type { InputFrame } from './api.ts'
import { MsgReader, send } from './protocol.ts'
import { rfc3339 } from './format.ts'

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

export interface RelayOptions {
  /** -i: the client's input frames go to the master. */
  input: boolean
  /** A client is attached to `conn` (not -d). */
  attach: boolean
  /** The json-file log, opened O_APPEND before entering the container's mount namespace; -1 for none. */
  logFd: number
}

/** Master → client frames (stream 1: a tty merges stdout and stderr) and log; client input → master. Ends when the slave side is gone (EIO). */
export function* relayPty(master: number, conn: number, o: RelayOptions): Program {
  let feeder = 0
  if (o.input && o.attach) {
    feeder = yield* fork(function* () {
      const rd = new MsgReader<InputFrame>(conn)
      for (;;) {
        const m = yield* rd.next()
        if (m === null || typeof m === 'number' || m.t === 'eof') break
        if (m.t === 'in' && (yield* writeAll(master, m.d)) < 0) break
        if (m.t === 'resize') yield* ioctl(master, TIOCSWINSZ, { rows: m.rows, cols: m.cols })
      }
      return 0
    })
  }
  let clientGone = !o.attach
  for (;;) {
    const d = yield* read(master)
    if (typeof d === 'number' || d === '') break
    if (o.logFd >= 0) {
      // The json-file entries of ops/jsonlog.ts (one per line), written to the fd opened on the host's side.
      const time = rfc3339(yield* clockGettime(CLOCK_REALTIME))
      const lines = d.match(/[^\n]*\n|[^\n]+$/g) ?? []
      yield* writeAll(o.logFd, lines.map((log) => JSON.stringify({ log, stream: 'stdout', time }) + '\n').join(''))
    }
    if (!clientGone && (yield* send(conn, { t: 'out', s: 1, d })) < 0) clientGone = true
  }
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
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

/** The shim's console process for a -t container: its pid, the pty's N, and the pipe that starts its relay. */
export interface Console {
  pid: number
  n: number
  gate: number
}

/**
 * Forks the console process: it enters the mount namespace of the container's
 * init (`initPid`, already pivoted into its rootfs) and opens /dev/ptmx there,
 * so the pty is the container's /dev/pts/N; it then waits for releaseConsole
 * and relays. SIMPLIFICATION: runc opens the pty inside the container and
 * passes the master over a unix socket (SCM_RIGHTS), which this kernel lacks.
 */
export function* startConsole(initPid: number, conn: number, o: RelayOptions, logPath: string): Sys<Console | number> {
  const back = yield* pipe2(O_CLOEXEC), gate = yield* pipe2(O_CLOEXEC)
  if (typeof back === 'number' || typeof gate === 'number') return -E.EMFILE
  const pid = yield* fork(function* () {
    yield* close(back[0])
    yield* close(gate[1])
    // The log first: its path is the host's, and this process is about to leave the host's mount namespace.
    const logFd = logPath ? yield* open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640) : -1
    const ns = yield* open(`/proc/${initPid}/ns/mnt`, O_RDONLY | O_CLOEXEC)
    const j = ns >= 0 ? yield* setns(ns, 0) : ns
    const p = j >= 0 ? yield* openPtmx() : j
    yield* writeAll(back[1], `${typeof p === 'number' ? p : p.n}\n`)
    yield* close(back[1])
    if (typeof p === 'number') return 1
    const go = yield* read(gate[0])
    yield* close(gate[0])
    if (go !== 'go\n') return 1
    return yield* relayPty(p.master, conn, { ...o, logFd })
  })
  yield* close(back[1])
  yield* close(gate[0])
  const r = yield* read(back[0])
  yield* close(back[0])
  const n = typeof r === 'string' ? parseInt(r, 10) : NaN
  if (!(n >= 0)) {
    yield* close(gate[1])
    yield* wait4(pid)
    return Number.isNaN(n) ? -E.EIO : n
  }
  return { pid, n, gate: gate[1] }
}

/** The client knows the container started: the console may relay now. Returns its pid. */
export function* releaseConsole(c: Console): Sys<number> {
  yield* writeAll(c.gate, 'go\n')
  yield* close(c.gate)
  return c.pid
}
