// /proc/[pid]/status, stat, limits, cmdline, comm, environ (proc_pid_status(5),
// proc_pid_stat(5), proc_pid_limits(5)). Rendered from the task record.
import { RLIMITS, capHex } from '../../../abi/index.ts'
import { entryFile, fdList } from '../../fd/fd-table.ts'
import { PTS_MAJOR } from '../devices.ts'
import { filePath } from '../../fd/files.ts'
import type { Kernel } from '../../kernel.ts'
import type { Task } from '../../state.ts'
import { seccompFilters, seccompMode } from '../../security/seccomp.ts'
import type { NsIds } from '../../ns/pid.ts'
import { heldCaps } from '../../task/cred.ts'
import { showKid } from '../../ns/user.ts'
import { INIT_NS } from '../../../abi/nsfs.ts'

/** Ids as the initial namespaces show them. */
const initIds = (t: Task): NsIds => ({
  pid: t.kpid, tgid: t.tgid, ppid: t.ppid, pgid: t.pgid, sid: t.sid,
  nspid: String(t.kpid), nspgid: String(t.pgid), nssid: String(t.sid),
})

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', T: 'T (stopped)', Z: 'Z (zombie)', X: 'X (dead)',
}
const kb = (bytes: number) => `${String(Math.floor(bytes / 1024)).padStart(8, ' ')} kB`
/** USER_HZ: /proc/[pid]/stat counts time in clock ticks of 1/100 s. */
const ticks = (ns: number) => Math.floor(ns / 1e7)

function sigMask(disp: Record<number, string>, want: string): string {
  let m = 0n
  for (const [sig, d] of Object.entries(disp)) if (d === want) m |= 1n << BigInt(Number(sig) - 1)
  return m.toString(16).padStart(16, '0')
}

/** FDSize: the fd array's size, a power of two covering the highest open fd (at least 64). */
function fdSize(k: Kernel, t: Task): number {
  if (t.fdTable < 0) return 0
  const fds = k.fdTable(t.fdTable)!.fds
  let size = 64
  const top = fds.size === 0 ? 0 : Math.max(fds.size, lastKey(fds.keys()))
  while (size <= top) size *= 2
  return size
}

function lastKey(it: Iterable<number>): number {
  let last = 0
  for (const k of it) last = k
  return last
}

/** The capability sets /proc/[pid]/status prints: those held in the task's own user namespace. */

export function renderStatus(k: Kernel, t: Task, view?: { ids: NsIds; userns: number }): string {
  const c = t.cred
  const ids = view?.ids ?? initIds(t)
  // Uid/Gid as the reader's user namespace maps them (from_kuid_munged); capabilities as held in the task's own.
  const uns = view?.userns ?? INIT_NS.user
  const u = (x: number) => showKid(k, uns, x)
  const g = (x: number) => showKid(k, uns, x, 'gid')
  const caps = heldCaps(t.cred)
  const vm = t.rssBytes + 8 * 2 ** 20
  const lines = [
    `Name:\t${t.comm}`,
    `Umask:\t${t.umask.toString(8).padStart(4, '0')}`,
    `State:\t${STATE_NAMES[t.state]}`,
    `Tgid:\t${ids.tgid}`,
    'Ngid:\t0',
    `Pid:\t${ids.pid}`,
    `PPid:\t${ids.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${u(c.ruid)}\t${u(c.euid)}\t${u(c.suid)}\t${u(c.fsuid)}`,
    `Gid:\t${g(c.rgid)}\t${g(c.egid)}\t${g(c.sgid)}\t${g(c.fsgid)}`,
    `FDSize:\t${fdSize(k, t)}`,
    `Groups:\t${c.groups.map((x) => g(x) + ' ').join('')}`,
    `NStgid:\t${ids.nspid}`,
    `NSpid:\t${ids.nspid}`,
    `NSpgid:\t${ids.nspgid}`,
    `NSsid:\t${ids.nssid}`,
    'Kthread:\t0',
  ]
  if (t.state !== 'Z') {
    lines.push(
      `VmPeak:\t${kb(vm)}`, `VmSize:\t${kb(vm)}`, `VmLck:\t${kb(0)}`, `VmPin:\t${kb(0)}`,
      `VmHWM:\t${kb(t.rssBytes)}`, `VmRSS:\t${kb(t.rssBytes)}`, `RssAnon:\t${kb(t.rssBytes)}`,
      `RssFile:\t${kb(0)}`, `RssShmem:\t${kb(0)}`, `VmData:\t${kb(t.rssBytes)}`, `VmStk:\t${kb(132 * 1024)}`,
      `VmExe:\t${kb(1024 * 1024)}`, `VmLib:\t${kb(2 * 1024 * 1024)}`, `VmPTE:\t${kb(64 * 1024)}`, `VmSwap:\t${kb(0)}`,
      `HugetlbPages:\t${kb(0)}`, 'CoreDumping:\t0', 'THP_enabled:\t1', 'untag_mask:\t0xffffffffffffffff',
    )
  }
  lines.push(
    'Threads:\t1',
    `SigQ:\t0/${t.rlimits[11]![0] === Infinity ? 'unlimited' : t.rlimits[11]![0]}`,
    'SigPnd:\t0000000000000000',
    'ShdPnd:\t0000000000000000',
    'SigBlk:\t0000000000000000',
    `SigIgn:\t${sigMask(t.sigDisp, 'ignore')}`,
    `SigCgt:\t${sigMask(t.sigDisp, 'catch')}`,
    `CapInh:\t${capHex(caps.inh)}`,
    `CapPrm:\t${capHex(caps.prm)}`,
    `CapEff:\t${capHex(caps.eff)}`,
    `CapBnd:\t${capHex(caps.bnd)}`,
    `CapAmb:\t${capHex(caps.amb)}`,
    `NoNewPrivs:\t${c.noNewPrivs ? 1 : 0}`,
    `Seccomp:\t${seccompMode(t)}`,
    `Seccomp_filters:\t${seccompFilters(t)}`,
    'Speculation_Store_Bypass:\tthread vulnerable',
    'SpeculationIndirectBranch:\tconditional enabled',
    `Cpus_allowed:\t${((1 << k.s.machine.cpus) - 1).toString(16)}`,
    `Cpus_allowed_list:\t${k.s.machine.cpus > 1 ? `0-${k.s.machine.cpus - 1}` : '0'}`,
    'Mems_allowed:\t00000000,00000001',
    'Mems_allowed_list:\t0',
    'voluntary_ctxt_switches:\t0',
    'nonvoluntary_ctxt_switches:\t0',
  )
  return lines.join('\n') + '\n'
}

/** tty_nr: major in bits 15-8, minor in bits 31-20 and 7-0. */
function ttyNr(k: Kernel, t: Task): number {
  if (t.ctty < 0) return 0
  const tty = k.tty(t.ctty)
  return tty ? (PTS_MAJOR << 8) | (tty.index & 0xff) | ((tty.index & ~0xff) << 12) : 0
}

export function renderStat(k: Kernel, t: Task, ids: NsIds = initIds(t)): string {
  const tty = t.ctty >= 0 ? k.tty(t.ctty) : undefined
  const tpgid = tty ? tty.fgPgrp : -1
  const pages = Math.floor(t.rssBytes / 4096)
  const start = Math.floor(t.startNs / 1e7)
  const f = [
    ids.pid, `(${t.comm})`, t.state, ids.ppid, ids.pgid, ids.sid, ttyNr(k, t), tpgid, 4194560, t.minFlt, 0, 0, 0,
    ticks(t.utimeNs), ticks(t.stimeNs), 0, 0, 20, 0, 1, 0, start, t.rssBytes + 8 * 2 ** 20, pages,
    // rsslim startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan nswap cnswap
    '18446744073709551615', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // exit_signal processor rt_priority policy delayacct_blkio_ticks guest_time cguest_time
    17, 0, 0, 0, 0, 0, 0,
    // start_data end_data start_brk arg_start arg_end env_start env_end exit_code
    0, 0, 0, 0, 0, 0, 0, t.state === 'Z' ? t.exitStatus : 0,
  ]
  return f.join(' ') + '\n'
}

export function renderLimits(t: Task): string {
  const fmt = (v: number) => (v === Infinity ? 'unlimited' : String(v))
  let s = `${'Limit'.padEnd(25)} ${'Soft Limit'.padEnd(20)} ${'Hard Limit'.padEnd(20)} ${'Units'.padEnd(10)}\n`
  for (const [i, name, units] of RLIMITS) {
    const [soft, hard] = t.rlimits[i]!
    s += `${name.padEnd(25)} ${fmt(soft).padEnd(20)} ${fmt(hard).padEnd(20)} ${units.padEnd(10)}\n`
  }
  return s
}

export const renderCmdline = (t: Task) => (t.state === 'Z' ? '' : t.cmdline.map((a) => a + '\0').join(''))
export const renderEnviron = (t: Task) => t.environ.map((a) => a + '\0').join('')

export function fdTargets(k: Kernel, t: Task): Map<number, string> {
  const out = new Map<number, string>()
  if (t.fdTable < 0) return out
  const tbl = k.fdTable(t.fdTable)!
  for (const fd of fdList(k, t)) {
    const id = entryFile(tbl.fds.get(fd)!)
    const f = k.file(id)
    out.set(fd, f ? filePath(f) : '')
  }
  return out
}
