// GET /containers/{id}/logs: the json-file log's entries, the last N (--tail),
// each with its time (-t), and with -f a child that keeps sending new entries
// until the container stops (moby daemon/logs.go with the json-file reader).
import { fork, nanosleep, type Sys } from '../../libc/index.ts'
import { readFile } from '../../programs/lib/io.ts'
import { containerDir } from '../bundle.ts'
import { tellDaemon } from '../protocol.ts'
import { findContainer } from '../store.ts'
import { parseLog, type LogEntry } from './jsonlog.ts'
import type { Handler, Handlers } from './types.ts'
import type { OutFrame } from '../api.ts'
import { parseTime } from '../commands/since.ts'

function* sendEntries(reply: (f: OutFrame) => Sys<number>, entries: readonly LogEntry[], timestamps: boolean): Sys<number> {
  for (const e of entries) {
    const r = yield* reply({ t: 'out', s: e.stream === 'stderr' ? 2 : 1, d: timestamps ? `${e.time} ${e.log}` : e.log })
    if (r < 0) return r
  }
  return 0
}

const logs: Handler<'container.logs'> = function* (d, m, reply) {
  const ref = m.ref
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* reply({ t: 'error', error: `No such container: ${ref}` })
    return
  }
  const path = `${containerDir(c.id)}/${c.id}-json.log`
  const text = yield* readFile(path)
  // --since/--until (moby's json-file reader: skip entries before Since, stop after Until).
  const since = m.since ?? -Infinity, until = m.until ?? Infinity
  const inWindow = (e: LogEntry) => {
    const t = parseTime(e.time) ?? 0
    return t >= since && t <= until
  }
  const all = parseLog(typeof text === 'string' ? text : '').filter(inWindow)
  // --tail: a number of lines from the end; "all", negative or malformed: everything.
  const tail = /^\d+$/.test(m.tail) ? Number(m.tail) : -1
  const ts = !!m.timestamps
  yield* sendEntries(reply, tail >= 0 ? all.slice(all.length - Math.min(tail, all.length)) : all, ts)
  if (!m.follow || c.status !== 'running') {
    yield* reply({ t: 'ok' })
    return
  }
  // -f: a child owns the connection and polls the file (the json-file reader's inotify watch).
  const id = c.id
  let seen = all.length
  yield* fork(function* () {
    for (;;) {
      const r = yield* tellDaemon({ op: 'container.inspect', ref: id })
      const running = r?.t === 'ok' && r.json.State.Running
      const now = yield* readFile(path)
      const entries = parseLog(typeof now === 'string' ? now : '').filter(inWindow)
      if ((yield* sendEntries(reply, entries.slice(seen), ts)) < 0) return 0
      seen = entries.length
      if (!running) break
      yield* nanosleep(100_000_000)
    }
    yield* reply({ t: 'ok' })
    return 0
  })
}

export const LOG_OPS: Handlers<'container.logs'> = { 'container.logs': logs }
