// The json-file log driver's file (/var/lib/docker/containers/<id>/<id>-json.log):
// one JSON object per line of output, {"log":"hello\n","stream":"stdout","time":"...Z"}
// with the time of the write in RFC 3339 with nanoseconds (moby
// daemon/logger/jsonfilelog). The shim appends (relay.ts); `docker logs` reads.

export interface LogEntry { log: string; stream: 'stdout' | 'stderr'; time: string }

/** One chunk of a stream's output as entries, one per line (a last partial line is its own entry), written at `time`. */
export function logEntries(data: string, stream: 'stdout' | 'stderr', time: string): string {
  const lines = data.match(/[^\n]*\n|[^\n]+$/g) ?? []
  return lines.map((log) => JSON.stringify({ log, stream, time }) + '\n').join('')
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
