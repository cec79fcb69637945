// ps(1) (procps-ng): report a snapshot of the processes in /proc.
// UNIX options -e/-A, -f, -o FORMAT, -p PIDS, -C NAMES, -u USERS, --ppid PIDS; BSD options a, u, x
// (e.g. `ps aux`). Default: same euid and same terminal as ps itself.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { err, getpid, getresuid, out, type Sys } from '../libc/index.ts'
import { readFile } from './lib/io.ts'
import { parseMeminfo, pidWidth, readAllProcs, type ProcInfo } from './lib/procfs.ts'
import { COLUMNS, renderTable, type PsCtx, type Selected } from './lib/pscols.ts'
import { NS_PER_SEC, now } from './lib/time.ts'
import type { ProgramInfo } from './lib/types.ts'
import { loadUserDb } from './lib/users.ts'

const FORMATS: Record<string, string> = {
  default: 'pid,tname,time,ucmd',
  full: 'uid_f=UID,pid,ppid,c,stime,tname=TTY,time,cmd',
  bsdU: 'user,pid,%cpu,%mem,vsz,rss,tname=TTY,stat,start,bsdtime=TIME,command',
  bsd: 'pid,tname=TTY,stat,bsdtime=TIME,command',
}

const USAGE = '\nUsage:\n ps [options]\n\n Try \'ps --help <simple|list|output|threads|misc|all>\'\n  or \'ps --help <s|l|o|t|m|a>\'\n for additional help text.\n\nFor more details see ps(1).\n'

export interface PsArgs {
  all: boolean
  bsdA: boolean // BSD a: all with a tty
  bsdX: boolean // BSD x: include processes without a tty
  bsd: boolean
  format?: string
  pids: number[]
  users: string[]
  /** -C: command names (the comm field). */
  commands: string[]
  /** --ppid: parent pids. */
  ppids: number[]
  error?: string
}

/** procps' mixed option syntax: "-ef", "-eo pid,comm", "aux", "-p 1,2". */
export function parsePsArgs(argv: readonly string[]): PsArgs {
  const a: PsArgs = { all: false, bsdA: false, bsdX: false, bsd: false, pids: [], users: [], commands: [], ppids: [] }
  // procps parser.c: a selection option needs its list ("error: list of process IDs must follow -p").
  const list = (v: string | undefined, what: string, opt: string): string[] | undefined => {
    const items = (v ?? '').split(/[, ]/).filter(Boolean)
    if (!items.length) a.error = `list of ${what} must follow ${opt}`
    return items.length ? items : undefined
  }
  const fmts: string[] = []
  let full = false
  let bsdU = false
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!
    const next = () => argv[++i]
    if (arg.startsWith('--')) {
      const [name, val] = arg.slice(2).split('=', 2) as [string, string | undefined]
      if (name === 'format') fmts.push(val ?? next() ?? '')
      else if (name === 'pid') a.pids.push(...(list(val ?? next(), 'process IDs', '--pid') ?? []).map(Number))
      else if (name === 'ppid') a.ppids.push(...(list(val ?? next(), 'process IDs', '--ppid') ?? []).map(Number))
      else if (name === 'user') a.users.push(...(val ?? next() ?? '').split(','))
      else return { ...a, error: `unknown gnu long option` }
      if (a.error) return a
      continue
    }
    if (arg.startsWith('-')) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!
        const rest = () => (j + 1 < arg.length ? arg.slice(j + 1) : next() ?? '')
        if (c === 'e' || c === 'A') a.all = true
        else if (c === 'f') full = true
        else if (c === 'o') { fmts.push(rest()); break }
        else if (c === 'p') { a.pids.push(...(list(rest(), 'process IDs', '-p') ?? []).map(Number)); break }
        else if (c === 'C') { a.commands.push(...(list(rest(), 'command names', '-C') ?? [])); break }
        else if (c === 'u' || c === 'U') { a.users.push(...rest().split(',')); break }
        else if (c === 'a' || c === 'd' || c === 'x' || c === 'w' || c === 'l' || c === 'H') continue // accepted, no effect here
        else return { ...a, error: 'unsupported SysV option' }
      }
      if (a.error) return a
      continue
    }
    if (/^\d[\d,]*$/.test(arg)) {
      a.pids.push(...arg.split(',').map(Number))
      continue
    }
    a.bsd = true
    for (const c of arg) {
      if (c === 'a') a.bsdA = true
      else if (c === 'x') a.bsdX = true
      else if (c === 'u') bsdU = true
      else if (c === 'w' || c === 'e' || c === 'f') continue
      else if (c === 'o') { fmts.push(argv[++i] ?? ''); break }
      else return { ...a, error: 'unsupported option (BSD syntax)' }
    }
  }
  a.format = fmts.length ? fmts.join(',') : full ? FORMATS.full : bsdU ? FORMATS.bsdU : a.bsd ? FORMATS.bsd : undefined
  return a
}

/** "pid,comm", "pid=ID", "pid= comm" → columns; a string error for unknown specifiers. */
export function parseFormat(fmt: string): Selected[] | string {
  const out: Selected[] = []
  for (const item of fmt.split(/[,\s]+/).filter(Boolean)) {
    const eq = item.indexOf('=')
    const name = (eq < 0 ? item : item.slice(0, eq)).toLowerCase()
    const col = COLUMNS[name]
    if (!col) return `unknown user-defined format specifier "${eq < 0 ? item : item.slice(0, eq)}"`
    out.push({ col, header: eq < 0 ? col.header : item.slice(eq + 1) })
  }
  return out.length ? out : 'no format specified'
}

function* context(): Sys<PsCtx> {
  const db = yield* loadUserDb()
  const nowNs = yield* now()
  const up = yield* readFile('/proc/uptime')
  const uptime = typeof up === 'string' ? Number(up.split(/\s+/)[0]) : 0
  const mem = yield* readFile('/proc/meminfo')
  return {
    nowNs,
    bootNs: nowNs - uptime * NS_PER_SEC,
    memTotalKb: typeof mem === 'string' ? parseMeminfo(mem).get('MemTotal') ?? 0 : 0,
    pidWidth: yield* pidWidth(),
    userName: db.userName,
  }
}

function* main(argv: readonly string[]): Program {
  const a = parsePsArgs(argv)
  if (a.error) {
    yield* err(`error: ${a.error}\n${USAGE}`)
    return 1
  }
  const cols = parseFormat(a.format ?? FORMATS.default!)
  if (typeof cols === 'string') {
    yield* err(`error: ${cols}\n${USAGE}`)
    return 1
  }
  const ctx = yield* context()
  const procs = yield* readAllProcs()
  const [, euid] = yield* getresuid()
  const me = yield* getpid()
  const myTty = procs.find((p) => p.pid === me)?.ttyNr ?? 0
  const db = yield* loadUserDb()
  const uids = a.users.map((u) => db.user(u)?.uid ?? (/^\d+$/.test(u) ? Number(u) : -1))
  const pick = (p: ProcInfo): boolean => {
    if (a.pids.length || uids.length || a.commands.length || a.ppids.length) {
      return a.pids.includes(p.pid) || uids.includes(p.euid) || a.commands.includes(p.comm) || a.ppids.includes(p.ppid)
    }
    if (a.all || (a.bsdA && a.bsdX)) return true
    if (a.bsd) {
      if (a.bsdA) return p.ttyNr !== 0
      if (a.bsdX) return p.euid === euid
    }
    return p.euid === euid && p.ttyNr === myTty
  }
  const picked = procs.filter(pick)
  const rows = renderTable(cols, picked, ctx)
  yield* out(rows.map((r) => r + '\n').join(''))
  // procps exits 1 when a -p/-u selection matched nothing (whether or not a header was printed)
  return (a.pids.length || uids.length || a.commands.length || a.ppids.length) && picked.length === 0 ? 1 : 0
}

export const ps: ProgramInfo = { name: 'ps', path: '/bin/ps', description: 'report a snapshot of the current processes', main, stdoutAtExit: 'closestream' }
