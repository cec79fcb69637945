// Reading processes from /proc as procps' readproc does: /proc/[pid]/stat for
// the numbers, status for uids and thread count, cmdline for arguments.
import type { Sys } from '../../libc/index.ts'
import { readDir } from './fs.ts'
import { lines, readFile } from './io.ts'

export const USER_HZ = 100 // clock ticks in /proc/[pid]/stat (sysconf(_SC_CLK_TCK))

export interface ProcInfo {
  pid: number
  comm: string
  state: string
  ppid: number
  pgrp: number
  session: number
  ttyNr: number
  tpgid: number
  utime: number // ticks
  stime: number
  nice: number
  threads: number
  startTicks: number // since boot
  vsizeBytes: number
  rssPages: number
  ruid: number
  euid: number
  args: string[] // empty for kernel threads and zombies
  cgroup: string
}

/** Parses /proc/[pid]/stat; the comm may hold spaces and parentheses, so split at the last ')'. */
export function parseStat(text: string): Omit<ProcInfo, 'ruid' | 'euid' | 'args' | 'cgroup'> | undefined {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < 0) return undefined
  const f = text.slice(close + 2).trim().split(/\s+/)
  const n = (i: number) => Number(f[i] ?? 0)
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: f[0] ?? '?',
    ppid: n(1), pgrp: n(2), session: n(3), ttyNr: n(4), tpgid: n(5),
    utime: n(11), stime: n(12), nice: n(16), threads: n(17), startTicks: n(19), vsizeBytes: n(20), rssPages: n(21),
  }
}

/** `Key:\tvalue` lines of /proc/[pid]/status. */
export function parseStatus(text: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const l of lines(text)) {
    const i = l.indexOf(':')
    if (i > 0) m.set(l.slice(0, i), l.slice(i + 1).trim())
  }
  return m
}

/** tty_nr → "pts/0", "tty1", "ttyS0" or "?" (procps dev_to_tty, common majors). */
export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?'
  const maj = (ttyNr >> 8) & 0xfff
  const min = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00)
  if (maj >= 136 && maj <= 143) return `pts/${min + (maj - 136) * 256}`
  if (maj === 4) return min < 64 ? `tty${min}` : `ttyS${min - 64}`
  if (maj === 5 && min === 0) return 'tty'
  if (maj === 5 && min === 1) return 'console'
  return '?'
}

export function* readProc(pid: number): Sys<ProcInfo | undefined> {
  const stat = yield* readFile(`/proc/${pid}/stat`)
  if (typeof stat === 'number') return undefined
  const s = parseStat(stat)
  if (!s) return undefined
  const status = yield* readFile(`/proc/${pid}/status`)
  const st = typeof status === 'string' ? parseStatus(status) : new Map<string, string>()
  const uids = (st.get('Uid') ?? '0 0').split(/\s+/).map(Number)
  const cmdline = yield* readFile(`/proc/${pid}/cmdline`)
  const args = typeof cmdline === 'string' && cmdline !== '' ? cmdline.replace(/\0$/, '').split('\0') : []
  const cg = yield* readFile(`/proc/${pid}/cgroup`)
  return {
    ...s,
    ruid: uids[0] ?? 0,
    euid: uids[1] ?? 0,
    threads: Number(st.get('Threads') ?? s.threads) || 1,
    args,
    cgroup: typeof cg === 'string' ? lines(cg).join(';') : '-',
  }
}

/** Every process visible in this /proc (pid namespace), by pid. */
export function* readAllProcs(): Sys<ProcInfo[]> {
  const ents = yield* readDir('/proc')
  if (typeof ents === 'number') return []
  const pids = ents.map((d) => d.name).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b)
  const out: ProcInfo[] = []
  for (const pid of pids) {
    const p = yield* readProc(pid)
    if (p) out.push(p)
  }
  return out
}

/** procps' PID column width: the digits of /proc/sys/kernel/pid_max, at least 5. */
export function* pidWidth(): Sys<number> {
  const t = yield* readFile('/proc/sys/kernel/pid_max')
  const n = typeof t === 'string' ? Number(t.trim()) : 32768
  return Math.max(5, String(Number.isFinite(n) && n > 0 ? n : 32768).length)
}

/** /proc/meminfo as a map of kB values (MemTotal, MemFree, ...). */
export function parseMeminfo(text: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const l of lines(text)) {
    const r = /^([^:]+):\s+(\d+)/.exec(l)
    if (r) m.set(r[1]!, Number(r[2]))
  }
  return m
}
