// top -b -n 1 (procps-ng 4): one batch frame: the summary lines (uptime and
// load, tasks, CPU, memory) and the process table sorted by %CPU.
// SIMPLIFICATION: a single frame has no previous sample, so %CPU is the
// process's CPU time over its lifetime (as ps computes it) and the %Cpu(s)
// line covers the time since boot.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { err, out, type Sys } from '../libc/index.ts'
import { readFile } from './lib/io.ts'
import { parseMeminfo, readAllProcs, USER_HZ, type ProcInfo } from './lib/procfs.ts'
import { loadUserDb } from './lib/users.ts'
import { civil, now } from './lib/time.ts'

const p2 = (n: number) => String(n).padStart(2, '0')
const f1 = (n: number, w: number) => n.toFixed(1).padStart(w)

function* uptimeSecs(): Sys<number> {
  const u = yield* readFile('/proc/uptime')
  return typeof u === 'string' ? Number(u.split(' ')[0]) : 0
}

/** "up 0 min", "up 3:04", "up 2 days,  1:02" (procps sprint_uptime). */
function upText(secs: number): string {
  const days = Math.floor(secs / 86400)
  const hours = Math.floor((secs % 86400) / 3600)
  const mins = Math.floor((secs % 3600) / 60)
  const d = days ? `${days} day${days > 1 ? 's' : ''}, ` : ''
  return hours ? `up ${d}${String(hours).padStart(2)}:${p2(mins)}` : `up ${d}${mins} min`
}

/** TIME+ column: minutes:seconds.hundredths. */
function timePlus(ticks: number): string {
  const cs = Math.floor((ticks * 100) / USER_HZ)
  return `${Math.floor(cs / 6000)}:${p2(Math.floor(cs / 100) % 60)}.${p2(cs % 100)}`
}

function* main(argv: readonly string[]): Program {
  const args = argv.slice(1).join(' ')
  if (!/-b/.test(args)) {
    yield* err('top: only batch mode is supported here: top -b -n 1\n')
    return 1
  }
  const nowNs = yield* now()
  const up = yield* uptimeSecs()
  const load = yield* readFile('/proc/loadavg')
  const [l1, l5, l15] = typeof load === 'string' ? load.split(' ') : ['0.00', '0.00', '0.00']
  const t = civil(nowNs)
  const procs = yield* readAllProcs()
  const count = (s: string) => procs.filter((p) => p.state === s).length
  const stat = yield* readFile('/proc/stat')
  const cpuf = typeof stat === 'string' ? (stat.split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number) : []
  const total = cpuf.reduce((a, b) => a + (b || 0), 0) || 1
  const pc = (i: number) => ((cpuf[i] ?? 0) * 100) / total
  const mem = yield* readFile('/proc/meminfo')
  const m = typeof mem === 'string' ? parseMeminfo(mem) : new Map<string, number>()
  const mib = (key: string) => (m.get(key) ?? 0) / 1024
  const memTotal = m.get('MemTotal') ?? 1
  const cache = mib('Buffers') + mib('Cached') + mib('SReclaimable')
  const users = yield* loadUserDb()
  const lines = [
    `top - ${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)} ${upText(up)},  0 users,  load average: ${l1}, ${l5}, ${l15}`,
    `Tasks: ${String(procs.length).padStart(3)} total, ${String(count('R')).padStart(3)} running, ${String(count('S') + count('D')).padStart(3)} sleeping, ${String(count('T')).padStart(3)} stopped, ${String(count('Z')).padStart(3)} zombie`,
    `%Cpu(s):${f1(pc(0), 5)} us,${f1(pc(2), 5)} sy,${f1(pc(1), 5)} ni,${f1(pc(3), 5)} id,${f1(pc(4), 5)} wa,${f1(pc(5), 5)} hi,${f1(pc(6), 5)} si,${f1(pc(7), 5)} st`,
    `MiB Mem : ${f1(mib('MemTotal'), 8)} total, ${f1(mib('MemFree'), 8)} free, ${f1(mib('MemTotal') - mib('MemAvailable'), 8)} used, ${f1(cache, 8)} buff/cache`,
    `MiB Swap: ${f1(mib('SwapTotal'), 8)} total, ${f1(mib('SwapFree'), 8)} free, ${f1(mib('SwapTotal') - mib('SwapFree'), 8)} used. ${f1(mib('MemAvailable'), 8)} avail Mem`,
    '',
    '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
  ]
  const upTicks = up * USER_HZ
  const cpuPct = (p: ProcInfo) => {
    const life = Math.max(1, upTicks - p.startTicks)
    return ((p.utime + p.stime) * 100) / life
  }
  const rows = procs.map((p) => ({ p, cpu: cpuPct(p) })).sort((a, b) => b.cpu - a.cpu || a.p.pid - b.p.pid)
  for (const { p, cpu } of rows) {
    const user = users.userLabel(p.euid).slice(0, 8).padEnd(8)
    const res = p.rssPages * 4
    lines.push(
      `${String(p.pid).padStart(7)} ${user} ${String(20 + p.nice).padStart(3)} ${String(p.nice).padStart(3)} ${String(Math.floor(p.vsizeBytes / 1024)).padStart(7)} ${String(res).padStart(6)} ${'0'.padStart(6)} ${p.state} ${f1(cpu, 5)} ${f1((res * 100) / memTotal, 5)} ${timePlus(p.utime + p.stime).padStart(9)} ${p.comm}`,
    )
  }
  yield* out(lines.join('\n') + '\n')
  return 0
}

export { main as topMain }
