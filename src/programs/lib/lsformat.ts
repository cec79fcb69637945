// ls output layouts: the long format's aligned columns and the multi-column
// (-C) grid used on terminals. Pure functions, unit-tested.
import type { Stat } from '../../../kernel-sim/abi/index.ts'
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFSOCK } from '../../../kernel-sim/abi/index.ts'
import { humanCeil, modeString } from './format.ts'
import { major, minor } from './fs.ts'
import { lsTime } from './time.ts'

export interface LsEntry {
  name: string
  st: Stat
  target?: string
}

export interface LongOpts {
  numeric: boolean
  inode: boolean
  human: boolean
  classify: '' | 'F' | 'p'
  nowNs: number
  userLabel: (uid: number) => string
  groupLabel: (gid: number) => string
}

/** -F / -p suffix. */
export function classifyChar(mode: number, style: '' | 'F' | 'p'): string {
  if (style === '') return ''
  const t = mode & S_IFMT
  if (t === S_IFDIR) return '/'
  if (style === 'p') return ''
  if (t === S_IFLNK) return '@'
  if (t === S_IFIFO) return '|'
  if (t === S_IFSOCK) return '='
  return mode & 0o111 ? '*' : ''
}

const isDev = (mode: number) => (mode & S_IFMT) === S_IFCHR || (mode & S_IFMT) === S_IFBLK

/** `drwxr-xr-x 2 root root 4096 Nov 26 18:00 dir` rows, columns aligned as ls aligns them. */
export function longRows(entries: readonly LsEntry[], o: LongOpts): string[] {
  const cells = entries.map((e) => {
    const st = e.st
    const size = isDev(st.mode) ? `${major(st.rdev)}, ${minor(st.rdev)}` : o.human ? humanCeil(st.size) : String(st.size)
    const name = e.name + (e.target !== undefined ? ` -> ${e.target}` : classifyChar(st.mode, o.classify))
    return {
      ino: String(st.ino),
      mode: modeString(st.mode),
      nlink: String(st.nlink),
      user: o.numeric ? String(st.uid) : o.userLabel(st.uid),
      group: o.numeric ? String(st.gid) : o.groupLabel(st.gid),
      size,
      date: lsTime(st.mtimeNs, o.nowNs),
      name,
    }
  })
  const w = (k: keyof (typeof cells)[number]) => Math.max(0, ...cells.map((c) => c[k].length))
  const [wi, wn, wu, wg, ws] = [w('ino'), w('nlink'), w('user'), w('group'), w('size')]
  return cells.map((c) =>
    (o.inode ? c.ino.padStart(wi) + ' ' : '') +
    `${c.mode} ${c.nlink.padStart(wn)} ${c.user.padEnd(wu)} ${c.group.padEnd(wg)} ${c.size.padStart(ws)} ${c.date} ${c.name}`)
}

/** Column-major grid (ls -C) fitting `width`, two spaces between columns. */
export function columns(names: readonly string[], width: number): string[] {
  if (names.length === 0) return []
  let best: { rows: number; widths: number[] } = { rows: names.length, widths: [Math.max(...names.map((n) => n.length))] }
  for (let cols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols)
    if (Math.ceil(names.length / rows) !== cols) continue
    const widths: number[] = []
    for (let c = 0; c < cols; c++) widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)))
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1)
    if (total <= width) {
      best = { rows, widths }
      break
    }
  }
  const out: string[] = []
  for (let r = 0; r < best.rows; r++) {
    let line = ''
    for (let c = 0; c < best.widths.length; c++) {
      const n = names[c * best.rows + r]
      if (n === undefined) continue
      const last = c === best.widths.length - 1 || names[(c + 1) * best.rows + r] === undefined
      line += last ? n : n.padEnd(best.widths[c]! + 2)
    }
    out.push(line)
  }
  return out
}
