// What every docker subcommand needs to talk to dockerd: one request with its
// reply stream, a single reply, an image pull with its progress lines, and
// the "Error response from daemon" wording.
import { close, err, out, read, type Sys } from '../../libc/index.ts'
import type { ErrorReply, Ok, OpName, Reply, Request } from '../api.ts'
import { dial, dialError, MsgReader, send } from '../protocol.ts'

/** Sends one request; the reader for the replies, or null (message printed). */
export function* request<K extends OpName>(m: Request<K>): Sys<MsgReader<Reply<K>> | null> {
  const fd = yield* dial()
  if (fd < 0) {
    yield* err(dialError(fd, m.op))
    return null
  }
  yield* send(fd, m)
  return new MsgReader<Reply<K>>(fd)
}

/** One request, one reply; null when the daemon is unreachable (message printed). */
export function* oneReply<K extends OpName>(m: Request<K>): Sys<Reply<K> | null> {
  const r = yield* request(m)
  if (!r) return null
  const x = yield* r.next()
  yield* close(r.fd)
  return x !== null && typeof x === 'object' ? x : { t: 'error', error: 'unexpected EOF' }
}

/** One request whose error is the command's failure: the "ok" reply, or null after printing "Error response from daemon: ...". */
export function* okReply<K extends OpName>(m: Request<K>): Sys<Ok<K> | null> {
  const r = yield* oneReply(m)
  if (r?.t === 'ok') return r as Ok<K>
  if (r?.t === 'error') yield* err(`Error response from daemon: ${r.error}\n`)
  return null
}

/** `docker run`/`create` wording: "docker: Error response from daemon: ...\nSee 'docker run --help'." */
export function* daemonError(e: string, cmd = 'run'): Sys<void> {
  yield* err(`docker: Error response from daemon: ${e}.\nSee 'docker ${cmd} --help'.\n`)
}

/** Pulls with the progress lines on `fd` (stderr for run, stdout for pull, -1 for none: pull -q); true when the image is there. */
export function* pullImage(ref: string, fd: number, cmd: string): Sys<boolean> {
  const r = yield* request({ op: 'image.pull', ref })
  if (!r) return false
  for (;;) {
    const m = yield* r.next()
    if (m === null || typeof m === 'number') break
    if (m.t === 'error') {
      yield* close(r.fd)
      if (cmd === 'pull') yield* err(`Error response from daemon: ${m.error}\n`)
      else yield* daemonError(m.error, cmd)
      return false
    }
    const line = m.line + '\n'
    if (fd >= 0) yield* (fd === 1 ? out(line) : err(line))
    if (m.t === 'ok') break
  }
  yield* close(r.fd)
  return true
}

/** Most commands: "Error response from daemon: ..." on stderr for each failed operand. */
export function* eachRef(refs: readonly string[], f: (ref: string) => Sys<{ t: 'ok' } | ErrorReply | null>, echo = true): Sys<number> {
  let status = 0
  for (const ref of refs) {
    const m = yield* f(ref)
    if (!m) return 1
    if (m.t === 'ok') {
      if (echo) yield* out(ref + '\n')
    } else {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  return status
}

/** cobra's argument-count error ("docker start" requires at least 1 argument.), status 1. */
export function* needArgs(cmd: string, usage: string, what: string, line: string): Sys<number> {
  yield* err(`"docker ${cmd}" requires ${what}.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${usage}\n\n${line}\n`)
  return 1
}

/** docker run -i / start -i / exec -i: our stdin → input frames, then "eof" (the CLI's stdin-copying goroutine); with -t, raw keystrokes. */
export function* feedStdin(conn: number): Sys<number> {
  for (;;) {
    const d = yield* read(0)
    if (typeof d === 'number' || d === '') break
    if ((yield* send(conn, { t: 'in', d })) < 0) return 0
  }
  yield* send(conn, { t: 'eof' })
  return 0
}
