// df(1) (GNU coreutils 9, src/df.c): the space and inodes of mounted
// filesystems, from /proc/self/mountinfo and statfs(2).
//  - columns and captions as get_field_list/get_header: "Filesystem 1K-blocks
//    Used Available Use% Mounted on"; -h and -H say "Size" and "Avail"; -i
//    "Inodes IUsed IFree IUse%"; -T adds "Type"; -P "1024-blocks ... Capacity";
//  - print_table: a space between columns, minimum widths 14 (Filesystem),
//    4 (Type), 5 (numbers), 4 (Use%), text left-aligned and numbers right;
//  - values: Used = f_blocks - f_bfree, Available = f_bavail, Use% =
//    Used / (Used + Available) rounded up, "-" when that is 0/0; sizes in
//    1K blocks rounded up, or -h/-H human_readable (human_ceiling);
//  - without operands: every filesystem but the dummy ones (gnulib
//    mountlist.c ME_DUMMY: proc, sysfs, devpts, ...) and those of 0 blocks
//    (get_dev), one row per device (filter_mount_list: the entry with a '/'
//    in its source, else the shorter mount point); -a shows them all;
//  - with FILE operands: the filesystem each is on (get_point), dummy or not.
// SIMPLIFICATION: no --output, --total, -B or -l; symlinks in a FILE operand are not resolved.
import type { Program, Statfs } from '../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../kernel-sim/abi/index.ts'
import { getcwd, stat, statfs, type Sys } from '../libc/index.ts'
import { has, parseOpts, quotef, warn } from './lib/cmd.ts'
import { humanCeil } from './lib/format.ts'
import { closeStdout, Output, readFile } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'all', hasArg: 'no', val: 'a' },
  { name: 'human-readable', hasArg: 'no', val: 'h' },
  { name: 'si', hasArg: 'no', val: 'H' },
  { name: 'inodes', hasArg: 'no', val: 'i' },
  { name: 'portability', hasArg: 'no', val: 'P' },
  { name: 'print-type', hasArg: 'no', val: 'T' },
  { name: 'type', hasArg: 'required', val: 't' },
  { name: 'exclude-type', hasArg: 'required', val: 'x' },
  { name: 'sync', hasArg: 'no', val: 's' },
  { name: 'no-sync', hasArg: 'no', val: 'n' },
] as const

const USAGE = `Usage: df [OPTION]... [FILE]...
Show information about the file system on which each FILE resides,
or all file systems by default.

Mandatory arguments to long options are mandatory for short options too.
  -a, --all             include pseudo, duplicate, inaccessible file systems
  -h, --human-readable  print sizes in powers of 1024 (e.g., 1023M)
  -H, --si              print sizes in powers of 1000 (e.g., 1.1G)
  -i, --inodes          list inode information instead of block usage
  -k                    like --block-size=1K
      --no-sync         do not invoke sync before getting usage info (default)
  -P, --portability     use the POSIX output format
      --sync            invoke sync before getting usage info
  -t, --type=TYPE       limit listing to file systems of type TYPE
  -T, --print-type      print file system type
  -x, --exclude-type=TYPE   limit listing to file systems not of type TYPE
  -v                    (ignored)
      --help        display this help and exit
      --version     output version information and exit`

/** gnulib mountlist.c ME_DUMMY_0, and type "none" (not a bind mount here). */
const DUMMY = new Set(['autofs', 'proc', 'subfs', 'debugfs', 'devpts', 'fusectl', 'fuse.portal', 'mqueue', 'rpc_pipefs', 'sysfs', 'devfs', 'kernfs', 'ignore', 'none'])

interface Entry {
  source: string
  target: string
  fstype: string
  dev: string
  root: string
}

/** /proc/self/mountinfo rows (proc_pid_mountinfo(5)), octal escapes (\040) decoded. */
function parseMountinfo(text: string): Entry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)))
  const rows: Entry[] = []
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ')
    if (sep < 0) continue
    const pre = line.slice(0, sep).split(' ')
    const post = line.slice(sep + 3).split(' ')
    rows.push({ dev: pre[2] ?? '', root: unescape(pre[3] ?? '/'), target: unescape(pre[4] ?? ''), fstype: post[0] ?? '-', source: unescape(post[1] ?? 'none') })
  }
  return rows
}

/** filter_mount_list(): one entry per device; a source with '/' wins, else the mount point nearer the root. */
function oneper(dev: Entry[]): Entry[] {
  const seen = new Map<string, number>()
  const kept: (Entry | undefined)[] = []
  for (const me of dev) {
    const at = seen.get(me.dev)
    const old = at === undefined ? undefined : kept[at]
    if (!old) {
      seen.set(me.dev, kept.length)
      kept.push(me)
      continue
    }
    const nearer = old.target.length > me.target.length && !(old.root.length < me.root.length)
    const replace = (me.source.includes('/') && !old.source.includes('/')) || nearer || (old.source !== me.source && old.target === me.target)
    if (replace) {
      kept[at!] = undefined
      seen.set(me.dev, kept.length)
      kept.push(me)
    }
  }
  return kept.filter((e): e is Entry => e !== undefined)
}

/** The longest mount point that contains absolute path `p`, the last mounted of equals (get_point). */
function mountOf(entries: Entry[], p: string): Entry | undefined {
  let best: Entry | undefined
  for (const me of entries) {
    const len = me.target.length
    if (best && best.target.length > len) continue
    if (len === 1 || p === me.target || p.startsWith(me.target + '/')) best = me
  }
  return best
}

/** An absolute, normalised path for an operand (canonicalize_file_name without symlinks). */
function* absolute(path: string): Sys<string> {
  let p = path
  if (!p.startsWith('/')) {
    const cwd = yield* getcwd()
    p = `${typeof cwd === 'string' ? cwd : '/'}/${p}`
  }
  const parts: string[] = []
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue
    if (c === '..') parts.pop()
    else parts.push(c)
  }
  return '/' + parts.join('/')
}

type Mode = 'default' | 'human' | 'si' | 'inodes' | 'posix'

/** The cells of one row; null when the row is left out. */
function row(me: Entry, s: Statfs, mode: Mode, showType: boolean): string[] {
  const cells = [me.source]
  if (showType) cells.push(me.fstype)
  const pct = (used: number, avail: number) => (used + avail === 0 ? '-' : `${Math.ceil((used * 100) / (used + avail))}%`)
  if (mode === 'inodes') {
    const used = s.files - s.ffree
    cells.push(String(s.files), String(used), String(s.ffree), pct(used, s.ffree))
  } else {
    const size = (blocks: number) => {
      const bytes = blocks * s.bsize
      return mode === 'human' ? humanCeil(bytes) : mode === 'si' ? humanCeil(bytes, 1000) : String(Math.ceil(bytes / 1024))
    }
    const used = s.blocks - s.bfree
    cells.push(size(s.blocks), size(used), size(s.bavail), pct(used, s.bavail))
  }
  cells.push(me.target)
  return cells
}

function header(mode: Mode, showType: boolean): string[] {
  const h = ['Filesystem']
  if (showType) h.push('Type')
  if (mode === 'inodes') h.push('Inodes', 'IUsed', 'IFree', 'IUse%')
  else if (mode === 'human' || mode === 'si') h.push('Size', 'Used', 'Avail', 'Use%')
  else if (mode === 'posix') h.push('1024-blocks', 'Used', 'Available', 'Capacity')
  else h.push('1K-blocks', 'Used', 'Available', 'Use%')
  h.push('Mounted on')
  return h
}

/** print_table(): minimum widths, one space between columns, the last column unpadded. */
function table(rows: string[][], showType: boolean): string {
  const min = showType ? [14, 4, 5, 5, 5, 4, 0] : [14, 5, 5, 5, 4, 0]
  const right = showType ? [false, false, true, true, true, true, false] : [false, true, true, true, true, false]
  const width = min.map((m, c) => Math.max(m, ...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((cell, c) => {
    if (right[c]) return cell.padStart(width[c]!)
    return c === r.length - 1 ? cell : cell.padEnd(width[c]!)
  }).join(' ') + '\n').join('')
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'ahHikPTt:x:v', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  let mode: Mode = 'default'
  for (const o of p.opts) {
    if (o.opt === 'h') mode = 'human'
    else if (o.opt === 'H') mode = 'si'
    else if (o.opt === 'k') mode = 'default'
    else if (o.opt === 'P' && mode === 'default') mode = 'posix'
  }
  if (has(p, 'i')) mode = 'inodes'
  const showType = has(p, 'T')
  const all = has(p, 'a')
  const only = p.opts.filter((o) => o.opt === 't').map((o) => o.arg!)
  const except = p.opts.filter((o) => o.opt === 'x').map((o) => o.arg!)
  const info = yield* readFile('/proc/self/mountinfo')
  if (typeof info === 'number') {
    yield* warn('df', `cannot read table of mounted file systems: ${strerror(-info)}`)
    return 1
  }
  const entries = parseMountinfo(info)
  const wanted = (me: Entry) => (only.length === 0 || only.includes(me.fstype)) && !except.includes(me.fstype)
  const rows: string[][] = [header(mode, showType)]
  let status = 0
  if (p.operands.length === 0) {
    const list = all ? entries : oneper(entries.filter((me) => !DUMMY.has(me.fstype) && wanted(me)))
    for (const me of list) {
      if (!wanted(me)) continue
      const s = yield* statfs(me.target)
      if (typeof s === 'number') continue // EACCES/ENOENT while listing all: left out (get_dev)
      if (s.blocks === 0 && !all) continue
      rows.push(row(me, s, mode, showType))
    }
  } else {
    for (const file of p.operands) {
      const st = yield* stat(file)
      if (typeof st === 'number') {
        yield* warn('df', `${quotef(file)}: ${strerror(-st)}`)
        status = 1
        continue
      }
      const me = mountOf(entries, yield* absolute(file))
      const s = yield* statfs(file)
      if (!me || typeof s === 'number') {
        yield* warn('df', `${quotef(file)}: ${strerror(typeof s === 'number' ? -s : E.ENOENT)}`)
        status = 1
        continue
      }
      if (!wanted(me)) continue
      rows.push(row(me, s, mode, showType))
    }
  }
  if (rows.length === 1) {
    // df.c main: "no file systems processed" when nothing was shown and nothing failed.
    if (status === 0) {
      yield* warn('df', 'no file systems processed')
      return 1
    }
    return status
  }
  const o = new Output()
  yield* o.write(table(rows, showType))
  return yield* closeStdout('df', o, status)
}

export const df: ProgramInfo = { name: 'df', path: '/usr/bin/df', description: 'report file system space usage', main }
