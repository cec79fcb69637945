// ps output columns (procps output.c): header, width, alignment and value.
// Right-aligned columns are padded to their width; left-aligned ones too,
// except the last column, which is never padded.
import type { ProcInfo } from './procfs.ts'
import { ttyName, USER_HZ } from './procfs.ts'
import { NS_PER_SEC, psCpuTime, psStartTime } from './time.ts'

export interface PsCtx {
  nowNs: number
  bootNs: number // wall-clock time of boot: now - uptime
  memTotalKb: number
  pidWidth: number
  userName: (uid: number) => string | undefined
}

export interface Column {
  header: string
  width: number | 'pid'
  right: boolean
  value: (p: ProcInfo, c: PsCtx) => string
}

const cpuSecs = (p: ProcInfo) => (p.utime + p.stime) / USER_HZ
const elapsed = (p: ProcInfo, c: PsCtx) => Math.max(0, (c.nowNs - c.bootNs) / NS_PER_SEC - p.startTicks / USER_HZ)
const startNs = (p: ProcInfo, c: PsCtx) => c.bootNs + (p.startTicks / USER_HZ) * NS_PER_SEC
const pct = (x: number) => (Math.round(x * 10) / 10).toFixed(1)
/** Kernel threads and zombies have no cmdline: procps shows "[comm]". */
export const argsOf = (p: ProcInfo) => (p.args.length ? p.args.join(' ') : `[${p.comm}]`) + (p.state === 'Z' ? ' <defunct>' : '')

/** BSD STAT: state plus <, N, s (session leader), l (threads), + (foreground). */
export function statFlags(p: ProcInfo): string {
  let s = p.state
  if (p.nice < 0) s += '<'
  else if (p.nice > 0) s += 'N'
  if (p.session === p.pid) s += 's'
  if (p.threads > 1) s += 'l'
  if (p.tpgid > 0 && p.pgrp === p.tpgid) s += '+'
  return s
}

/** A user name that fits, else the number, as procps prints over-long names. */
const userCol = (uid: number, c: PsCtx, w: number) => {
  const n = c.userName(uid)
  return n !== undefined && n.length <= w ? n : String(uid)
}

export const COLUMNS: Record<string, Column> = {
  pid: { header: 'PID', width: 'pid', right: true, value: (p) => String(p.pid) },
  ppid: { header: 'PPID', width: 'pid', right: true, value: (p) => String(p.ppid) },
  pgid: { header: 'PGID', width: 'pid', right: true, value: (p) => String(p.pgrp) },
  pgrp: { header: 'PGRP', width: 'pid', right: true, value: (p) => String(p.pgrp) },
  sid: { header: 'SID', width: 'pid', right: true, value: (p) => String(p.session) },
  sess: { header: 'SESS', width: 'pid', right: true, value: (p) => String(p.session) },
  tpgid: { header: 'TPGID', width: 'pid', right: true, value: (p) => String(p.tpgid) },
  uid: { header: 'UID', width: 5, right: true, value: (p) => String(p.euid) },
  euid: { header: 'EUID', width: 5, right: true, value: (p) => String(p.euid) },
  ruid: { header: 'RUID', width: 5, right: true, value: (p) => String(p.ruid) },
  user: { header: 'USER', width: 8, right: false, value: (p, c) => userCol(p.euid, c, 8) },
  euser: { header: 'EUSER', width: 8, right: false, value: (p, c) => userCol(p.euid, c, 8) },
  ruser: { header: 'RUSER', width: 8, right: false, value: (p, c) => userCol(p.ruid, c, 8) },
  uid_f: { header: 'UID', width: 8, right: false, value: (p, c) => userCol(p.euid, c, 8) }, // ps -f
  comm: { header: 'COMMAND', width: 15, right: false, value: (p) => p.comm + (p.state === 'Z' ? ' <defunct>' : '') },
  ucmd: { header: 'CMD', width: 15, right: false, value: (p) => p.comm + (p.state === 'Z' ? ' <defunct>' : '') },
  ucomm: { header: 'COMMAND', width: 15, right: false, value: (p) => p.comm },
  cmd: { header: 'CMD', width: 27, right: false, value: argsOf },
  args: { header: 'COMMAND', width: 27, right: false, value: argsOf },
  command: { header: 'COMMAND', width: 27, right: false, value: argsOf },
  stat: { header: 'STAT', width: 4, right: false, value: statFlags },
  s: { header: 'S', width: 1, right: false, value: (p) => p.state },
  state: { header: 'S', width: 1, right: false, value: (p) => p.state },
  tty: { header: 'TT', width: 8, right: false, value: (p) => ttyName(p.ttyNr) },
  tname: { header: 'TTY', width: 8, right: false, value: (p) => ttyName(p.ttyNr) },
  tt: { header: 'TT', width: 8, right: false, value: (p) => ttyName(p.ttyNr) },
  time: { header: 'TIME', width: 8, right: true, value: (p) => psCpuTime(cpuSecs(p)) },
  cputime: { header: 'TIME', width: 8, right: true, value: (p) => psCpuTime(cpuSecs(p)) },
  bsdtime: { header: 'TIME', width: 6, right: true, value: (p) => psCpuTime(cpuSecs(p), true) },
  c: { header: 'C', width: 2, right: true, value: (p, c) => String(Math.min(99, Math.floor((cpuSecs(p) * 100) / Math.max(1, elapsed(p, c))))) },
  stime: { header: 'STIME', width: 5, right: false, value: (p, c) => psStartTime(startNs(p, c), c.nowNs) },
  start: { header: 'START', width: 5, right: false, value: (p, c) => psStartTime(startNs(p, c), c.nowNs) },
  rss: { header: 'RSS', width: 5, right: true, value: (p) => String(p.rssPages * 4) },
  rssize: { header: 'RSS', width: 5, right: true, value: (p) => String(p.rssPages * 4) },
  vsz: { header: 'VSZ', width: 6, right: true, value: (p) => String(Math.floor(p.vsizeBytes / 1024)) },
  '%cpu': { header: '%CPU', width: 4, right: true, value: (p, c) => pct((cpuSecs(p) * 100) / Math.max(1, elapsed(p, c))) },
  pcpu: { header: '%CPU', width: 4, right: true, value: (p, c) => pct((cpuSecs(p) * 100) / Math.max(1, elapsed(p, c))) },
  '%mem': { header: '%MEM', width: 4, right: true, value: (p, c) => pct(c.memTotalKb ? (p.rssPages * 4 * 100) / c.memTotalKb : 0) },
  pmem: { header: '%MEM', width: 4, right: true, value: (p, c) => pct(c.memTotalKb ? (p.rssPages * 4 * 100) / c.memTotalKb : 0) },
  nlwp: { header: 'NLWP', width: 4, right: true, value: (p) => String(p.threads) },
  thcount: { header: 'THCNT', width: 5, right: true, value: (p) => String(p.threads) },
  ni: { header: 'NI', width: 3, right: true, value: (p) => String(p.nice) },
  nice: { header: 'NI', width: 3, right: true, value: (p) => String(p.nice) },
  cgroup: { header: 'CGROUP', width: 27, right: false, value: (p) => p.cgroup },
}

export interface Selected {
  col: Column
  header: string
}

/** Formats the header (when any column has one) and the rows. */
export function renderTable(cols: readonly Selected[], procs: readonly ProcInfo[], c: PsCtx): string[] {
  const cell = (s: Selected, v: string, last: boolean) => {
    const w = s.col.width === 'pid' ? c.pidWidth : s.col.width
    if (s.col.right) return v.padStart(w)
    return last ? v : v.padEnd(w)
  }
  const line = (vals: string[]) => vals.map((v, i) => cell(cols[i]!, v, i === vals.length - 1)).join(' ').trimEnd()
  const out: string[] = []
  if (cols.some((s) => s.header !== '')) out.push(line(cols.map((s) => s.header)))
  for (const p of procs) out.push(line(cols.map((s) => s.col.value(p, c))))
  return out
}
