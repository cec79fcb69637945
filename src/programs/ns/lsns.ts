// lsns(8) (util-linux): list namespaces by reading /proc/PID/ns/* of every
// process. Default columns NS TYPE NPROCS PID USER COMMAND (PID is the lowest
// pid in the namespace, USER and COMMAND are that process's), sorted by NS.
// With -t net only, NETNSID and NSFS join the defaults (lsns.c: "enabling_netnsid"):
// NSFS is where the namespace is bind-mounted (an nsfs mount in mountinfo, e.g.
// /run/netns/NAME from `ip netns add` or unshare --net=FILE).
// SIMPLIFICATION: flat list (no --tree); no namespace ids (RTM_GETNSID) are
// modelled, so NETNSID is "unassigned"; NSFS shows the first of several paths.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { O_CLOEXEC, O_DIRECTORY, O_RDONLY } from '../../../kernel-sim/abi/index.ts'
import { close, fstatat, getdents, open, out, stat, type Sys } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { loadUserDb } from '../lib/users.ts'
import { NAMESPACES, readFile } from './nslib.ts'

const LONG = [
  { name: 'type', hasArg: 'required', val: 't' }, { name: 'task', hasArg: 'required', val: 'p' },
  { name: 'output', hasArg: 'required', val: 'o' }, { name: 'noheadings', hasArg: 'no', val: 'n' },
  { name: 'json', hasArg: 'no', val: 'J' }, { name: 'raw', hasArg: 'no', val: 'r' },
] as const

const USAGE = `
Usage:
 lsns [options] [<namespace>]

List system namespaces.

Options:
 -J, --json             use JSON output format
 -n, --noheadings       don't print headings
 -o, --output <list>    define which output columns to use
 -p, --task <pid>       print process namespaces
 -r, --raw              use the raw output format
 -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)

 -h, --help             display this help
 -V, --version          display version

For more details see lsns(8).`

/** One namespace: its id, how many processes are in it, and the lowest of their pids (the one shown). */
interface Ns {
  ns: number
  type: string
  nprocs: number
  pid: number
}

const COLUMNS = ['NS', 'TYPE', 'PATH', 'NPROCS', 'PID', 'PPID', 'COMMAND', 'UID', 'USER', 'NETNSID', 'NSFS'] as const
const RIGHT = new Set(['NS', 'NPROCS', 'PID', 'PPID', 'UID', 'NETNSID'])

/** Namespace id → the first path an nsfs mount shows it at (mountinfo's root field is "type:[inode]"). */
function* nsfsPaths(): Sys<Map<number, string>> {
  const info = yield* readFile('/proc/self/mountinfo')
  const paths = new Map<number, string>()
  for (const line of typeof info === 'string' ? info.split('\n') : []) {
    const f = line.split(' ')
    const sep = f.indexOf('-')
    const m = /^\w+:\[(\d+)\]$/.exec(f[3] ?? '')
    if (sep > 0 && f[sep + 1] === 'nsfs' && m && !paths.has(Number(m[1]))) paths.set(Number(m[1]), f[4]!)
  }
  return paths
}

/** What the command line asks for. */
interface Options {
  /** The namespace types to list (-t), in lsns order, and their links ("ns/<type>"). */
  names: string[]
  rels: string[]
  cols: string[]
  /** -p: the pid whose namespaces are listed. */
  only: number | undefined
  json: boolean
  headings: boolean
  raw: boolean
}

/**
 * util-linux's read_process() for every pid: open /proc/PID once, then fstatat(dirfd, "ns/<type>")
 * for each type; st_ino of the followed link is the namespace id (namespaces(7)). The loop is
 * in main itself, which is small: the generator the scheduler resumes on each of these 90,000
 * calls is this one, compiled early, with no other generator between it and the call.
 */
function* main(argv: readonly string[], envp: readonly string[]): Program {
  const o = yield* options(argv, envp)
  if (typeof o === 'number') return o
  const { names, rels, only } = o
  const byIno = new Map<number, Ns>()
  const wantIno = new Set<number>()
  for (const pid of yield* listPids()) {
    const dir = yield* open(`/proc/${pid}`, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if (dir < 0) continue // exited since the listing
    for (let i = 0; i < rels.length; i++) {
      const st = yield* fstatat(dir, rels[i]!)
      if (typeof st === 'number') continue
      const ino = st.ino
      // Keyed by the offset from PROC_DYNAMIC_FIRST (0xF0000000), where namespace inode numbers
      // are allocated (fs/proc/generic.c): small integers, not the 4-billion doubles themselves.
      const key = ino - 0xf0000000
      const e = byIno.get(key)
      if (e) e.nprocs++
      else byIno.set(key, { ns: ino, type: names[i]!, nprocs: 1, pid }) // pids come in ascending order: the first is the lowest
      if (pid === only) wantIno.add(ino)
    }
    yield* close(dir)
  }
  yield* out(yield* report(o, [...byIno.values()].sort((a, b) => a.ns - b.ns), wantIno))
  return 0
}

function* options(argv: readonly string[], envp: readonly string[]): Sys<Options | number> {
  const p = yield* parseOpts(argv, envp, { short: 't:p:o:nJr', long: LONG, usage: USAGE.slice(1) })
  if (typeof p === 'number') return p
  const types = (lastArg(p, 't')?.split(',') ?? [])
  for (const t of types) {
    if (!NAMESPACES.some((n) => n.name === t)) {
      yield* warn('lsns', `unknown namespace type: ${t}`)
      return 1
    }
  }
  const netOnly = types.length > 0 && types.every((t) => t === 'net')
  const cols = (lastArg(p, 'o') ?? `NS,TYPE,NPROCS,PID,USER,${netOnly ? 'NETNSID,NSFS,' : ''}COMMAND`).split(',').map((c) => c.toUpperCase())
  for (const c of cols) {
    if (!(COLUMNS as readonly string[]).includes(c)) {
      yield* warn('lsns', `unknown column: ${c}`)
      yield* tryHelp('lsns')
      return 1
    }
  }
  const onlyArg = lastArg(p, 'p')
  const names = NAMESPACES.filter((n) => !types.length || types.includes(n.name)).map((n) => n.name)
  return {
    names, rels: names.map((n) => `ns/${n}`), cols, only: onlyArg === undefined ? undefined : Number(onlyArg),
    json: has(p, 'J'), headings: !has(p, 'n'), raw: has(p, 'r'),
  }
}

/** The output: one row per namespace (sorted by NS), each with what its lowest pid shows. With -p, only that process's namespaces. */
function* report(o: Options, sorted: readonly Ns[], wantIno: ReadonlySet<number>): Sys<string> {
  const { cols } = o
  const db = yield* loadUserDb()
  const nsfs = cols.includes('NSFS') ? yield* nsfsPaths() : new Map<number, string>()
  const rows: string[][] = [] // one cell per column of `cols`, in its order
  const wantPpid = cols.includes('PPID')
  const procs = new Map<number, ProcInfo>() // one pid owns several namespaces
  for (const e of sorted) {
    if (o.only !== undefined && !wantIno.has(e.ns)) continue
    let info = procs.get(e.pid)
    if (!info) procs.set(e.pid, (info = yield* procInfo(e.pid, wantPpid)))
    const uid = info.uid
    const user = db.passwd.find((u) => u.uid === uid)?.name ?? String(uid)
    rows.push(cols.map((c) => cell(c, e, info, user, nsfs)))
  }
  return o.json ? renderJson(cols, rows) : renderTable(cols, o.headings ? [cols, ...rows] : rows, o.raw)
}

/** -J: libsmartcols' JSON, numbers bare (the right-aligned columns), the rest as strings. */
function renderJson(cols: readonly string[], rows: readonly string[][]): string {
  const items = rows.map((r) => '      {\n' + cols.map((c, i) => {
    const json = RIGHT.has(c) ? r[i]! : JSON.stringify(r[i])
    return `         "${c.toLowerCase()}": ${json}`
  }).join(',\n') + '\n      }')
  return `{\n   "namespaces": [\n${items.join(',\n')}\n   ]\n}\n`
}

/** The table: -r one space between cells; else columns padded to their widest cell, numbers to the right, the last not padded. */
function renderTable(cols: readonly string[], table: readonly (readonly string[])[], raw: boolean): string {
  if (raw) return table.map((r) => r.join(' ') + '\n').join('')
  const right = cols.map((c) => RIGHT.has(c))
  const width = cols.map(() => 0)
  for (const r of table) for (let i = 0; i < r.length; i++) width[i] = Math.max(width[i]!, r[i]!.length)
  let s = ''
  for (const r of table) {
    s += r.map((v, i) => (right[i] ? v.padStart(width[i]!) : i === cols.length - 1 ? v : v.padEnd(width[i]!))).join(' ') + '\n'
  }
  return s
}

interface ProcInfo {
  uid: number
  ppid: string
  command: string
}

/** One column of a namespace's row (lsns.c add_scols_line). */
function cell(c: string, e: Ns, info: ProcInfo, user: string, nsfs: Map<number, string>): string {
  switch (c) {
    case 'NS': return String(e.ns)
    case 'TYPE': return e.type
    case 'PATH': return `/proc/${e.pid}/ns/${e.type}`
    case 'NPROCS': return String(e.nprocs)
    case 'PID': return String(e.pid)
    case 'PPID': return info.ppid
    case 'COMMAND': return info.command
    case 'UID': return String(info.uid)
    case 'USER': return user
    case 'NETNSID': return e.type === 'net' ? 'unassigned' : ''
    default: return nsfs.get(e.ns) ?? '' // NSFS
  }
}

/**
 * What a row shows of its process, read as util-linux's read_process() and add_scols_line() do:
 * the owner of /proc/PID (st_uid, the task's euid), the ppid from /proc/PID/stat only when the
 * PPID column is shown (field 4, after the parenthesised comm), and the command line.
 */
function* procInfo(pid: number, wantPpid: boolean): Sys<ProcInfo> {
  const st = yield* stat(`/proc/${pid}`)
  const uid = typeof st === 'number' ? 0 : st.uid
  let ppid = '0'
  if (wantPpid) {
    const s = yield* readFile(`/proc/${pid}/stat`)
    if (typeof s === 'string') ppid = s.slice(s.lastIndexOf(')') + 2).split(' ')[1] ?? '0'
  }
  const cmd = yield* readFile(`/proc/${pid}/cmdline`)
  const command = typeof cmd === 'string' ? cmd.split('\0').filter(Boolean).join(' ') : ''
  return { uid, ppid, command }
}

function* listPids(): Sys<number[]> {
  const fd = yield* open('/proc', O_RDONLY)
  if (fd < 0) return []
  const ents = yield* getdents(fd)
  yield* close(fd)
  if (typeof ents === 'number') return []
  return ents.map((e) => e.name).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b)
}

export const lsnsProgram: ProgramInfo = {
  name: 'lsns',
  path: '/usr/bin/lsns',
  description: 'list namespaces',
  main,
  // lsns.c: close_stdout_atexit() (include/closestream.h): a failed write is "lsns: write error: ...",
  // status 1, but not EPIPE ("if (close_stream(stdout) != 0 && !(errno == EPIPE))").
  stdoutAtExit: 'closestream',
}
