// ls(1): list directory contents. -l long format, -a/-A hidden entries,
// -1/-C layout (columns only on a terminal), -d, -n, -i, -h, -F/-p, -R,
// -r/-t/-S ordering, -L. Exit 2 when an operand cannot be accessed.
import type { Program, Stat } from '../../kernel-sim/abi/index.ts'
import { TCGETS, TIOCGWINSZ } from '../../kernel-sim/abi/index.ts'
import { close, ioctl, lstat, readlink, stat, type Sys } from '../libc/index.ts'
import { has, parseOpts, quote, warnErrno } from './lib/cmd.ts'
import { humanCeil } from './lib/format.ts'
import { blocks512, isDir, isLink, joinPath, openDir } from './lib/fs.ts'
import { Output, closeStdout } from './lib/io.ts'
import { classifyChar, columns, longRows, type LsEntry, type LongOpts } from './lib/lsformat.ts'
import { now } from './lib/time.ts'
import type { ProgramInfo } from './lib/types.ts'
import { loadUserDb } from './lib/users.ts'

/** ls.c: initialize_exit_failure (LS_FAILURE): serious trouble, a failed write of stdout included, is status 2. */
const LS_FAILURE = 2

const LONG = [
  { name: 'all', hasArg: 'no', val: 'a' },
  { name: 'almost-all', hasArg: 'no', val: 'A' },
  { name: 'directory', hasArg: 'no', val: 'd' },
  { name: 'numeric-uid-gid', hasArg: 'no', val: 'n' },
  { name: 'inode', hasArg: 'no', val: 'i' },
  { name: 'human-readable', hasArg: 'no', val: 'h' },
  { name: 'classify', hasArg: 'no', val: 'F' },
  { name: 'recursive', hasArg: 'no', val: 'R' },
  { name: 'reverse', hasArg: 'no', val: 'r' },
  { name: 'dereference', hasArg: 'no', val: 'L' },
  { name: 'color', hasArg: 'optional', val: 'K' }, // accepted, ignored: no colours
] as const

interface Ctx {
  prog: string
  o: Output
  long: boolean
  all: 'none' | 'almost' | 'all'
  oneCol: boolean
  width: number
  lo: LongOpts
  recursive: boolean
  follow: boolean
  sort: (a: LsEntry, b: LsEntry) => number
  status: number
}

/** C-locale byte order, as LC_ALL=C ls sorts. */
const byName = (a: LsEntry, b: LsEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function* entry(name: string, path: string, follow: boolean): Sys<LsEntry | number> {
  let st: Stat | number = follow ? yield* stat(path) : yield* lstat(path)
  if (typeof st === 'number' && follow) st = yield* lstat(path) // a dangling link still lists
  if (typeof st === 'number') return st
  let target: string | undefined
  if (isLink(st.mode)) {
    const t = yield* readlink(path)
    target = typeof t === 'string' ? t : ''
  }
  return { name, st, target }
}

function* printEntries(c: Ctx, entries: LsEntry[]): Sys<void> {
  const sorted = [...entries].sort(c.sort)
  if (c.long) {
    for (const r of longRows(sorted, c.lo)) yield* c.o.write(r + '\n')
    return
  }
  const names = sorted.map((e) => (c.lo.inode ? `${e.st.ino} ` : '') + e.name + classifyChar(e.st.mode, c.lo.classify))
  const lines = c.oneCol ? names : columns(names, c.width)
  for (const l of lines) yield* c.o.write(l + '\n')
}

function* listDir(c: Ctx, path: string, header: boolean, first: boolean): Sys<void> {
  const dir = yield* openDir(path)
  if (typeof dir === 'number') {
    yield* c.o.flush()
    yield* warnErrno(c.prog, `cannot open directory ${quote(path)}`, dir)
    c.status = 2
    return
  }
  const names = dir.entries.map((d) => d.name).filter((n) => c.all !== 'none' || !n.startsWith('.'))
  if (c.all === 'all') names.push('.', '..')
  const list: LsEntry[] = []
  for (const n of names) {
    const e = yield* entry(n, joinPath(path, n), false)
    if (typeof e === 'number') {
      yield* c.o.flush()
      yield* warnErrno(c.prog, `cannot access ${quote(joinPath(path, n))}`, e)
      c.status = Math.max(c.status, 1)
    } else list.push(e)
  }
  yield* close(dir.fd)
  if (!first) yield* c.o.write('\n')
  if (header) yield* c.o.write(`${path}:\n`)
  if (c.long) {
    // Symlinks hold no data blocks (fast symlinks live in the inode; procfs's have none): st_blocks 0.
    const total = list.reduce((s, e) => s + (isLink(e.st.mode) ? 0 : blocks512(e.st.size) / 2), 0)
    yield* c.o.write(`total ${c.lo.human ? humanCeil(total * 1024) : total}\n`)
  }
  yield* printEntries(c, list)
  if (c.recursive) {
    for (const e of [...list].sort(c.sort)) {
      if (isDir(e.st.mode) && e.name !== '.' && e.name !== '..') yield* listDir(c, joinPath(path, e.name), true, false)
    }
  }
}

function* terminalWidth(): Sys<number | undefined> {
  const t = yield* ioctl(1, TCGETS)
  if (typeof t === 'number' && t < 0) return undefined
  const ws = yield* ioctl(1, TIOCGWINSZ)
  const cols = typeof ws === 'object' && ws !== null ? (ws as { cols?: number; ws_col?: number }) : undefined
  return cols?.cols ?? cols?.ws_col ?? 80
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'aAdlnih1CFpRrtSL', long: LONG, usageStatus: 2, usage: 'Usage: ls [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).' })
  if (typeof p === 'number') return p
  const db = yield* loadUserDb()
  const tty = yield* terminalWidth()
  const numeric = has(p, 'n')
  const sortKey = has(p, 't') ? 't' : has(p, 'S') ? 'S' : ''
  const base = sortKey === 't' ? (a: LsEntry, b: LsEntry) => b.st.mtimeNs - a.st.mtimeNs || byName(a, b)
    : sortKey === 'S' ? (a: LsEntry, b: LsEntry) => b.st.size - a.st.size || byName(a, b) : byName
  const c: Ctx = {
    prog: argv[0]!,
    o: new Output(),
    long: has(p, 'l') || numeric,
    all: has(p, 'a') ? 'all' : has(p, 'A') ? 'almost' : 'none',
    oneCol: has(p, '1') || (tty === undefined && !has(p, 'C')),
    width: tty ?? 80,
    lo: {
      numeric, inode: has(p, 'i'), human: has(p, 'h'),
      classify: has(p, 'F') ? 'F' : has(p, 'p') ? 'p' : '',
      nowNs: yield* now(),
      userLabel: db.userLabel, groupLabel: db.groupLabel,
    },
    recursive: has(p, 'R'),
    follow: has(p, 'L'),
    sort: has(p, 'r') ? (a, b) => base(b, a) : base,
    status: 0,
  }
  const operands = p.operands.length ? p.operands : ['.']
  const files: LsEntry[] = []
  const dirs: string[] = []
  for (const f of operands) {
    // operands are followed to directories unless -l, -d or -F show the link itself
    const follow = c.follow || (!c.long && !has(p, 'd') && c.lo.classify === '')
    const e = yield* entry(f, f, follow)
    if (typeof e === 'number') {
      yield* warnErrno(c.prog, `cannot access ${quote(f)}`, e)
      c.status = 2
      continue
    }
    let dir = isDir(e.st.mode)
    if (!dir && isLink(e.st.mode) && c.long && !has(p, 'd')) {
      // ls -l DIRLINK/ lists the directory; plain DIRLINK lists the link
      dir = f.endsWith('/')
    }
    if (dir && !has(p, 'd')) dirs.push(f)
    else files.push(e)
  }
  if (files.length) yield* printEntries(c, files)
  const header = operands.length > 1 || c.recursive
  const sortedDirs = dirs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  if (has(p, 'r')) sortedDirs.reverse()
  for (let i = 0; i < sortedDirs.length; i++) yield* listDir(c, sortedDirs[i]!, header, i === 0 && files.length === 0)
  return yield* closeStdout(argv[0]!, c.o, c.status, LS_FAILURE)
}

export const ls: ProgramInfo = { name: 'ls', path: '/bin/ls', description: 'list directory contents', main, exitFailure: LS_FAILURE }
