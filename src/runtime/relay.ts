// The I/O loop of containerd-shim (and of docker exec's helper): one process
// relays every stream of a container process with poll(2), as the real shim's
// goroutines do inside one process. The container's output (stdout and stderr
// pipes, or a pty master) goes to the client's connection as frames and to the
// json-file log; the client's input frames go to its stdin (a pipe or the pty
// master); the process is reaped when SIGCHLD interrupts the poll. The loop
// ends once the process has exited and its output has reached end of file.
import { CLOCK_REALTIME, E, F_GETFL, F_SETFL, O_NONBLOCK, POLLIN, POLLOUT, SIG, TIOCSWINSZ, WNOHANG, type PollFd } from '../../kernel-sim/abi/index.ts'
import { clockGettime, close, fcntl, ioctl, poll, read, sigaction, sigtake, wait4, write, writeAll, type Sys } from '../libc/index.ts'
import type { InputFrame } from './api.ts'
import { rfc3339 } from './format.ts'
import { send } from './protocol.ts'
import { logEntries } from './ops/jsonlog.ts'

export interface RelayIo {
  /** What the process writes: a pipe's read end (stream 1 or 2) or a pty master (stream 1: a tty merges both). */
  outputs: { fd: number; stream: 1 | 2 }[]
  /** The client's connection (frames out, input frames in), or -1 (detached). */
  conn: number
  /** Where the client's input goes: stdin's pipe (closed at the client's end of input) or the pty master; -1: no input. */
  input: number
  /** `input` is a pty master: resize frames set its window size, and it is not closed at end of input. */
  pty: boolean
  /** The json-file log (opened O_APPEND), or -1. */
  logFd: number
}

/** Keeps the complete JSON lines of a stream read in chunks (the client's input frames). */
class Lines<T> {
  private buf = ''
  take(chunk: string): (T | null)[] {
    this.buf += chunk
    const out: (T | null)[] = []
    for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, nl)
      this.buf = this.buf.slice(nl + 1)
      try {
        out.push(JSON.parse(line) as T)
      } catch {
        out.push(null) // not a frame: the end of input, as MsgReader's EIO ends a reader
      }
    }
    return out
  }
}

/** One chunk of output as json-file entries (ops/jsonlog.ts). */
function* logChunk(fd: number, d: string, stream: 1 | 2): Sys<void> {
  const time = rfc3339(yield* clockGettime(CLOCK_REALTIME))
  yield* writeAll(fd, logEntries(d, stream === 1 ? 'stdout' : 'stderr', time))
}

/**
 * Relays until `child` has exited and every output is at end of file; returns
 * the child's wait status. Closes the fds it was given. SIGPIPE is ignored (a
 * client that went away is an EPIPE, not the end of the shim) and SIGCHLD is
 * caught, so a child's exit interrupts the poll.
 */
export function* relay(io: RelayIo, child: number): Sys<number> {
  yield* sigaction(SIG.SIGPIPE, 'ignore')
  yield* sigaction(SIG.SIGCHLD, 'catch')
  let status = -1
  const reap = function* (options: number): Sys<void> {
    for (;;) {
      const w = yield* wait4(child, options)
      if (typeof w === 'object' && w.pid > 0) status = w.status
      else if (w === -E.ECHILD) status = 0
      else if (w === -E.EINTR) {
        yield* sigtake()
        continue
      }
      return
    }
  }
  // It may have exited already, before there was a SIGCHLD to catch.
  yield* reap(WNOHANG)
  const outs = io.outputs.map((o) => ({ ...o, open: true }))
  let clientGone = io.conn < 0
  // Input: read from the connection while there is somewhere to put it; a pipe is written without blocking (pending).
  let inputOpen = io.conn >= 0 && io.input >= 0
  let pending = ''
  /** The client's input ended: stdin is closed once what is pending is written. */
  let inputEnded = false
  const frames = new Lines<InputFrame>()
  if (inputOpen && !io.pty) yield* fcntl(io.input, F_SETFL, ((yield* fcntl(io.input, F_GETFL, 0)) | O_NONBLOCK))
  const endInput = function* (): Sys<void> {
    inputOpen = false
    pending = ''
    if (!io.pty && io.input >= 0) yield* close(io.input)
  }
  for (;;) {
    if (inputOpen && inputEnded && !pending) yield* endInput()
    const reading = outs.filter((o) => o.open)
    if (status >= 0 && reading.length === 0) break
    const fds: PollFd[] = reading.map((o) => ({ fd: o.fd, events: POLLIN, revents: 0 }))
    if (inputOpen) fds.push(pending ? { fd: io.input, events: POLLOUT, revents: 0 } : { fd: io.conn, events: POLLIN, revents: 0 })
    if (fds.length === 0) {
      yield* reap(0)
      continue
    }
    const n = yield* poll(fds, -1)
    if (n === -E.EINTR) {
      yield* sigtake()
      if (status < 0) yield* reap(WNOHANG)
      continue
    }
    if (n < 0) break
    for (let i = 0; i < reading.length; i++) {
      if (!fds[i]!.revents) continue
      const o = reading[i]!
      const d = yield* read(o.fd, 65536)
      // End of file; EIO from a pty master whose slave side is gone.
      if (typeof d === 'number' || d === '') {
        o.open = false
        yield* close(o.fd)
        if (io.pty && o.fd === io.input) inputOpen = false // the master is gone with it
        continue
      }
      if (io.logFd >= 0) yield* logChunk(io.logFd, d, o.stream)
      if (!clientGone && (yield* send(io.conn, { t: 'out', s: o.stream, d })) < 0) clientGone = true
    }
    const inp = fds[reading.length]
    if (!inp?.revents) continue
    if (pending) {
      const w = yield* write(io.input, pending)
      if (w === -E.EAGAIN) continue
      if (w < 0) yield* endInput()
      else pending = pending.slice(w)
      continue
    }
    const chunk = yield* read(io.conn, 65536)
    if (typeof chunk === 'number' || chunk === '') {
      inputEnded = true
      continue
    }
    for (const m of frames.take(chunk)) {
      if (m === null || m.t === 'eof') {
        inputEnded = true
        break
      }
      if (m.t === 'resize' && io.pty) yield* ioctl(io.input, TIOCSWINSZ, { rows: m.rows, cols: m.cols })
      else if (m.t === 'in') {
        if (io.pty) yield* writeAll(io.input, m.d)
        else pending += m.d
      }
    }
  }
  if (inputOpen) yield* endInput()
  if (io.logFd >= 0) yield* close(io.logFd)
  // What follows (stopping docker-proxy children, telling dockerd) must not see EINTR from their SIGCHLD.
  yield* sigaction(SIG.SIGCHLD, 'default')
  return status
}
