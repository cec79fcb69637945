// findmnt(8) (util-linux): the mounts of /proc/self/mountinfo as a tree —
// TARGET, SOURCE, FSTYPE, OPTIONS (the per-mount options, then the
// filesystem's own) — each mount under the mount it sits on. -l lists them
// flat, -n drops the header, -t TYPE[,TYPE] keeps those types (a kept mount
// hangs under its nearest kept ancestor, as create_treenode() does), -o picks
// the columns. An operand (a mount point or a source) prints the matching
// mounts as a list; nothing matched is status 1, with no output.
// SIMPLIFICATION: the table is printed as to a pipe (libsmartcols truncates
// nothing then); no -J, -r, -D or --poll.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { out } from '../../libc/index.ts'
import { has, lastArg, parseOpts, warn } from '../lib/cmd.ts'
import { parseMountinfo, readFile, type MountinfoRow } from './nslib.ts'

const COLUMNS = { TARGET: 'target', SOURCE: 'source', FSTYPE: 'fstype', OPTIONS: 'options' } as const
type Column = keyof typeof COLUMNS

const LONG = [
  { name: 'list', hasArg: 'no', val: 'l' }, { name: 'noheadings', hasArg: 'no', val: 'n' },
  { name: 'types', hasArg: 'required', val: 't' }, { name: 'output', hasArg: 'required', val: 'o' },
] as const

const USAGE = `Usage:
 findmnt [options]
 findmnt [options] <device> | <mountpoint>
 findmnt [options] <device> <mountpoint>

Find a (mounted) filesystem.

Options:
 -l, --list             use list format output
 -n, --noheadings       don't print column headings
 -o, --output <list>    the output columns to be shown
 -t, --types <list>     limit the set of filesystems by FS types`

interface Line {
  row: MountinfoRow
  /** The tree's prefix for TARGET ("├─", "│ └─"). */
  prefix: string
}

/** libsmartcols' tree: children under their parent line, "├─"/"└─" before each, "│ " below a parent with more siblings. */
function treeLines(rows: readonly MountinfoRow[], keep: (r: MountinfoRow) => boolean): Line[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  // The nearest kept ancestor of each kept row (or none: a top-level line).
  const keptParent = (r: MountinfoRow): number | undefined => {
    for (let p = byId.get(r.parent); p && p.id !== r.id; p = byId.get(p.parent)) {
      if (keep(p)) return p.id
      if (p.parent === p.id) break
    }
    return undefined
  }
  const children = new Map<number | undefined, MountinfoRow[]>()
  for (const r of rows) {
    if (!keep(r)) continue
    const p = keptParent(r)
    children.set(p, [...(children.get(p) ?? []), r])
  }
  const lines: Line[] = []
  const walk = (parent: number | undefined, indent: string, top: boolean) => {
    const kids = children.get(parent) ?? []
    kids.forEach((r, i) => {
      const last = i === kids.length - 1
      lines.push({ row: r, prefix: top ? '' : indent + (last ? '└─' : '├─') })
      walk(r.id, top ? '' : indent + (last ? '  ' : '│ '), false)
    })
  }
  walk(undefined, '', true)
  return lines
}

function render(lines: readonly Line[], cols: readonly Column[], headings: boolean): string {
  const cells = lines.map((l) => cols.map((c) => (c === 'TARGET' ? l.prefix : '') + l.row[COLUMNS[c]]))
  if (headings) cells.unshift([...cols])
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)))
  return cells.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join(' ') + '\n').join('')
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'lnt:o:', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const cols: Column[] = []
  for (const name of (lastArg(p, 'o') ?? 'TARGET,SOURCE,FSTYPE,OPTIONS').split(',')) {
    const c = name.toUpperCase()
    if (!(c in COLUMNS)) {
      yield* warn('findmnt', `unknown column: ${name}`)
      return 1
    }
    cols.push(c as Column)
  }
  const info = yield* readFile('/proc/self/mountinfo')
  if (typeof info !== 'string') return 1
  const rows = parseMountinfo(info)
  const types = lastArg(p, 't')?.split(',')
  const want = p.operands[0]
  const keep = (r: MountinfoRow) => (!types || types.includes(r.fstype)) && (want === undefined || r.target === want || r.source === want)
  // A mount point or source given, or -l: a list (findmnt drops FL_TREE then).
  const lines = want !== undefined || has(p, 'l') ? rows.filter(keep).map((row) => ({ row, prefix: '' })) : treeLines(rows, keep)
  if (lines.length === 0) return 1
  yield* out(render(lines, cols, !has(p, 'n')))
  return 0
}

/** util-linux's close_stdout_atexit(): "write error", status 1 (EPIPE excepted). */
export { main as findmntMain }
