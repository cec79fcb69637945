// `docker stats [OPTIONS] [CONTAINER...]` (docs.docker.com/reference/cli/docker/container/stats/):
// without --no-stream it redraws every second — clear screen and cursor home
// ("\033[2J\033[H", docker/cli's stats loop) then the table — until
// interrupted (^C: SIGINT's default action, so a shell shows status 130; a
// closed pipe ends it with SIGPIPE). --no-stream prints one table. CPU % is
// docker/cli's calculateCPUPercentUnix: the cgroup's CPU time over the wall
// time between two samples (the first sample shows 0.00%).
import { err, nanosleep, out, type Sys } from '../libc/index.ts'
import { flagBool, flagStr, parseFlags, type FlagDef } from './flags.ts'
import { bytesSize, humanSize, table } from './format.ts'
import { oneReply as call } from './commands/client.ts'
import type { StatsSample } from './stats.ts'
import { renderTemplate } from './template.ts'

const FLAGS: FlagDef[] = [
  { long: 'all', short: 'a', kind: 'bool' }, { long: 'no-stream', kind: 'bool' }, { long: 'no-trunc', kind: 'bool' },
  { long: 'format', kind: 'string' },
]

/** The stats formatter's placeholders and their column headers (cli/command/container/formatter_stats.go). */
const HEADERS: Record<string, string> = {
  Container: 'CONTAINER', ID: 'CONTAINER ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
}
const DEFAULT_FORMAT = 'table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}'
export const CLEAR = '\x1b[2J\x1b[H'

const pct = (x: number) => `${x.toFixed(2)}%`

/** One row's placeholders; `prev` is the same container's previous sample (for CPU %). */
export function statsFields(s: StatsSample, prev: StatsSample | undefined, ref: string, noTrunc: boolean): Record<string, string> {
  const dt = prev ? s.atNs - prev.atNs : 0
  const cpu = prev && dt > 0 && s.running ? Math.max(0, ((s.cpuUsec - prev.cpuUsec) * 1000) / dt) * 100 : 0
  const io = `${humanSize(0)} / ${humanSize(0)}` // SIMPLIFICATION: no per-namespace interface counters or io.stat bytes yet
  return {
    Container: ref || (noTrunc ? s.id : s.id.slice(0, 12)), ID: noTrunc ? s.id : s.id.slice(0, 12), Name: s.name,
    CPUPerc: pct(cpu), MemUsage: `${bytesSize(s.mem)} / ${bytesSize(s.limit)}`,
    MemPerc: pct(s.limit > 0 ? (s.mem / s.limit) * 100 : 0), NetIO: io, BlockIO: io, PIDs: String(s.pids),
  }
}

/** The table (or template lines) for one frame. */
export function renderStats(rows: readonly Record<string, string>[], format: string | undefined): string {
  const fmt = (format === undefined || format === '' || format === 'table' ? DEFAULT_FORMAT : format).replace(/\\t/g, '\t')
  const isTable = /^table(\s|$)/.test(fmt)
  const body = isTable ? fmt.replace(/^table\s*/, '') : fmt
  const lines = rows.map((r) => renderTemplate(body, r))
  if (!isTable) return lines.map((l) => l + '\n').join('')
  return table([renderTemplate(body, HEADERS), ...lines].map((l) => l.split('\t')))
}

export function* statsCommand(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, FLAGS, true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker stats --help'.\n`)
    return 125
  }
  const refs = p.operands
  const noTrunc = flagBool(p, 'no-trunc')
  const stream = !flagBool(p, 'no-stream')
  const prev = new Map<string, StatsSample>()
  for (;;) {
    const m = yield* call({ op: 'container.stats', refs, all: flagBool(p, 'all') })
    if (!m) return 1
    if (m.t !== 'ok') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      return 1
    }
    const samples = m.samples
    const rows = samples.map((s, i) => statsFields(s, prev.get(s.id), refs[i] ?? '', noTrunc))
    const text = renderStats(rows, flagStr(p, 'format'))
    // One write per frame, as the CLI buffers it (no flicker); a failed write means the reader has gone.
    if ((yield* out(stream ? CLEAR + text : text)) < 0) return 1
    if (!stream) return 0
    prev.clear()
    for (const s of samples) prev.set(s.id, s)
    yield* nanosleep(1e9)
  }
}
