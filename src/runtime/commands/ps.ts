// docker ps / docker container ls (docs.docker.com/reference/cli/docker/container/ls):
// -a, -q, --no-trunc, -n/--last, -l/--latest, -s/--size, -f/--filter key=value,
// --format (table, a Go template, json). The daemon filters; this formats.
import { err, out, type Sys } from '../../libc/index.ts'
import { flagBool, flagList, flagStr, parseFlags, type FlagDef } from '../flags.ts'
import { humanDuration, humanSize, psCommand } from '../format.ts'
import { civil } from '../../programs/lib/time.ts'
import { oneReply } from './client.ts'
import { formatRows, type Row } from './formatter.ts'

const PS_FLAGS: FlagDef[] = [
  { long: 'all', short: 'a', kind: 'bool' }, { long: 'quiet', short: 'q', kind: 'bool' }, { long: 'no-trunc', kind: 'bool' },
  { long: 'format', kind: 'string' }, { long: 'filter', short: 'f', kind: 'list' }, { long: 'last', short: 'n', kind: 'string' },
  { long: 'latest', short: 'l', kind: 'bool' }, { long: 'size', short: 's', kind: 'bool' },
]

export interface Summary {
  Id: string; Names: string[]; Image: string; Path: string; Args: string[]; Created: number; CreatedNs: number
  Ports: { IP: string; PrivatePort: number; PublicPort: number; Type: string }[]
  SizeRw: number; SizeRootFs: number; State: string; Status: string; Networks: string[]
  Mounts: { Name?: string; Source: string }[]
}

const HEADERS: Row = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
}

/** Go's time.Time.String() of a Unix second in UTC: "2026-11-26 20:44:02 +0000 UTC". */
export function goTime(sec: number): string {
  const c = civil(sec * 1e9)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${c.year}-${p(c.month)}-${p(c.day)} ${p(c.hour)}:${p(c.min)}:${p(c.sec)} +0000 UTC`
}

/** go-units "…" ellipsis at n characters (cli formatter.Ellipsis). */
const ellipsis = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s)

/** The ps formatter's placeholders for one container (cli/command/formatter/container.go). */
export function psRow(s: Summary, now: number, trunc: boolean): Row {
  return {
    ID: trunc ? s.Id.slice(0, 12) : s.Id,
    Image: s.Image,
    Command: trunc ? psCommand(s.Path, s.Args) : `"${[s.Path, ...s.Args].join(' ')}"`,
    // The rarely used placeholders are computed only when a template asks for them.
    get CreatedAt() { return goTime(s.Created) },
    RunningFor: `${humanDuration(now - s.CreatedNs)} ago`,
    Ports: s.Ports.map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`).join(', '),
    State: s.State,
    Status: s.Status,
    get Size() { return `${humanSize(s.SizeRw)} (virtual ${humanSize(s.SizeRootFs)})` },
    Names: s.Names.map((n) => n.slice(1)).join(','),
    Labels: '',
    get Mounts() { return s.Mounts.map((m) => (trunc ? ellipsis(m.Name ?? m.Source, 15) : m.Name ?? m.Source)).join(',') },
    Networks: s.Networks.join(','),
    get LocalVolumes() { return String(s.Mounts.filter((m) => m.Name).length) },
  }
}

export function* ps(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, PS_FLAGS, true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker ps --help'.\n`)
    return 125
  }
  const filters = flagList(p, 'filter')
  const bad = filters.find((f) => !f.includes('='))
  if (bad !== undefined) {
    yield* err(`invalid argument "${bad}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker ps --help'.\n`)
    return 125
  }
  const last = flagStr(p, 'last')
  if (last !== undefined && !/^-?\d+$/.test(last)) {
    yield* err(`invalid argument "${last}" for "-n, --last" flag: strconv.ParseInt: parsing "${last}": invalid syntax\nSee 'docker ps --help'.\n`)
    return 125
  }
  const limit = flagBool(p, 'latest') && (last === undefined || last === '-1') ? 1 : Number(last ?? -1)
  // As docker/cli: sizes are asked for with -s or when the format uses .Size (they cost a walk of each layer).
  const size = flagBool(p, 'size') || /\.Size\b/.test(flagStr(p, 'format') ?? '')
  const m = yield* oneReply({ op: 'containers.json', all: flagBool(p, 'all'), filters, limit, size })
  if (!m) return 1
  if (m.t !== 'ok') {
    yield* err(`Error response from daemon: ${m.error}\n`)
    return 1
  }
  const trunc = !flagBool(p, 'no-trunc')
  const rows = m.rows.map((s) => psRow(s, m.now, trunc))
  if (flagBool(p, 'quiet')) {
    yield* out(rows.map((r) => r.ID + '\n').join(''))
    return 0
  }
  const sizeCol = flagBool(p, 'size') ? '\t{{.Size}}' : ''
  const dflt = `table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}${sizeCol}`
  return yield* formatRows(rows, flagStr(p, 'format'), dflt, HEADERS, '*formatter.ContainerContext')
}
