// The json-file log driver's file (/var/lib/docker/containers/<id>/<id>-json.log):
// one JSON object per line of output, {"log":"hello\n","stream":"stdout","time":"...Z"}
// with the time of the write in RFC 3339 with nanoseconds (moby
// daemon/logger/jsonfilelog). The shim appends; `docker logs` reads.
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, type Sys } from '../../libc/index.ts'
import { rfc3339 } from '../format.ts'
import { writeFile } from '../fsutil.ts'

export interface LogEntry { log: string; stream: 'stdout' | 'stderr'; time: string }

/** Appends one chunk of a stream's output, one entry per line (a last partial line is its own entry). */
export function* appendLog(path: string, data: string, stream: 'stdout' | 'stderr'): Sys<number> {
  const time = rfc3339(yield* clockGettime(CLOCK_REALTIME))
  const lines = data.match(/[^\n]*\n|[^\n]+$/g) ?? []
  return yield* writeFile(path, lines.map((log) => JSON.stringify({ log, stream, time }) + '\n').join(''), 0o640, true)
}

/** The entries of a log file's text (lines that do not parse are skipped). */
export function parseLog(text: string): LogEntry[] {
  const out: LogEntry[] = []
  for (const l of text.split('\n')) {
    if (!l) continue
    try {
      out.push(JSON.parse(l) as LogEntry)
    } catch {
      // a torn last line while the container is still writing
    }
  }
  return out
}
