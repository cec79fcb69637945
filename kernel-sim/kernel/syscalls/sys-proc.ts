// Process, credential, signal, limit and time syscalls.
import { credUserns, toKid } from '../ns/user.ts'
import type { Kpid } from '../../abi/pid.ts'
import {
  CAP, CAP_LAST_CAP, CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME, E, PR_CAPBSET_DROP,
  PR_CAPBSET_READ, PR_GET_NAME, PR_GET_NO_NEW_PRIVS, PR_SET_NAME, PR_SET_NO_NEW_PRIVS,
  INIT_KPID, RLIMIT_NOFILE, RLIM_NLIMITS, capHas, type CapState, type SigDisposition, type Sysinfo, type Utsname,
} from '../../abi/index.ts'
import { ntUname } from '../personality.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { capset, dropBounding, heldCaps, setresgid, setresuid } from '../task/cred.ts'
import { killPermission, maySignal, sendSignal, userSigInfo } from '../task/signal.ts'
import { KERNEL_VERSION, kernelRelease } from '../version.ts'
import { memInfo } from '../mm.ts'
import { capable, capableSelf } from '../security/capable.ts'
import { securityPrctl } from '../security/prctl.ts'

// Below, a pid argument is a kpid (the ns layer, ns/sys-ns.ts, translated the
// caller's pid), or 0 for the caller itself.
type KpidArg = Kpid | 0

/** getpgid(2): the group's kpid, or undefined (ESRCH). */
export function sysGetpgid(k: Kernel, kpid: Kpid, pid: KpidArg): Kpid | undefined {
  const t = k.task(pid === 0 ? kpid : pid)
  return t && t.state !== 'Z' ? t.pgid : undefined
}

/** getsid(2): the session's kpid, or undefined (ESRCH). */
export function sysGetsid(k: Kernel, kpid: Kpid, pid: KpidArg): Kpid | undefined {
  const t = k.task(pid === 0 ? kpid : pid)
  return t ? t.sid : undefined
}

/** setpgid(2): on itself or a child in the same session; EPERM across sessions, EACCES after the child's execve (not modelled). */
export function sysSetpgid(k: Kernel, kpid: Kpid, pid: KpidArg, pgid: KpidArg): number {
  const self = k.taskOrOops(kpid)
  const target = pid === 0 ? kpid : pid
  const t = k.task(target)
  if (!t || (target !== kpid && t.ppid !== kpid)) return -E.ESRCH
  if (t.sid === target) return -E.EPERM // a session leader cannot change group
  if (t.sid !== self.sid) return -E.EPERM
  const g = pgid === 0 ? target : pgid
  if (g !== target) {
    let exists = false
    for (const x of k.s.tasks.values()) if (x.pgid === g && x.sid === self.sid && x.state !== 'Z') { exists = true; break }
    if (!exists) return -E.EPERM
  }
  const w = k.mutTask(target)
  if (w.pgid === target && g !== target) w.leftOwnPgrp = target
  w.pgid = g
  return 0
}

export function sysSetsid(k: Kernel, kpid: Kpid): number {
  const t = k.taskOrOops(kpid)
  // setsid(2) EPERM: "The process group ID of any process equals the PID of the calling process."
  // A group with the caller's id exists only if the caller led one and left it (the scan is for that case alone).
  if (t.pgid === kpid || (t.leftOwnPgrp === kpid && k.s.tasks.some((x) => x.pgid === kpid && x.kpid !== kpid))) return -E.EPERM
  const w = k.mutTask(kpid)
  w.sid = kpid
  w.pgid = kpid
  w.ctty = -1
  return kpid
}

/**
 * kill(2)'s targets, as kernel-global ids: a process group (0 in kill(2): the
 * caller's), or -1: everyone the caller may signal but init. One process is killPid's.
 */
export type KillTarget = { pgrp: Kpid | 0 } | 'all'

/**
 * kill(2) to one process (kernel-global id): a function of its own, with no
 * target record, as kill(pid, 0) runs in liveness-probe loops.
 */
export function killPid(k: Kernel, kpid: Kpid, pid: Kpid, sig: number): number {
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) return -E.EINVAL
  if (!k.task(pid)) return -E.ESRCH
  const denied = killPermission(k, kpid, pid, sig)
  if (denied) return denied
  // kill(2): "If sig is 0, then no signal is sent, but existence and permission checks are still
  // performed" — so no siginfo is built for kill(pid, 0), the liveness probe run in loops.
  if (sig !== 0) sendSignal(k, pid, sig, false, userSigInfo(k, kpid))
  return 0
}

/** kill(2) to a process group or to everyone (see KillTarget). */
export function sysKill(k: Kernel, kpid: Kpid, to: KillTarget, sig: number): number {
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) return -E.EINVAL
  const self = k.taskOrOops(kpid)
  const pgrp = to === 'all' ? undefined : to.pgrp === 0 ? self.pgid : to.pgrp
  const targets: Task[] = []
  for (const t of k.s.tasks.values()) {
    if (t.state === 'Z') continue
    if (pgrp === undefined ? t.kpid !== INIT_KPID && t.kpid !== kpid : t.pgid === pgrp) targets.push(t)
  }
  if (targets.length === 0) return -E.ESRCH
  let sent = 0
  const info = userSigInfo(k, kpid)
  for (const t of targets) if (maySignal(k, kpid, t.kpid, sig)) { sendSignal(k, t.kpid, sig, false, info); sent++ }
  return sent > 0 ? 0 : -E.EPERM
}

export function sysSigaction(k: Kernel, kpid: Kpid, sig: number, disp: SigDisposition): SigDisposition | number {
  if (!Number.isInteger(sig) || sig < 1 || sig > 64) return -E.EINVAL
  // "The signals SIGKILL and SIGSTOP cannot be caught or ignored."
  if ((sig === 9 || sig === 19) && disp !== 'default') return -E.EINVAL
  const t = k.mutTask(kpid)
  const old = t.sigDisp[sig] ?? 'default'
  t.sigDisp = { ...t.sigDisp, [sig]: disp }
  return old
}

export function sysSigtake(k: Kernel, kpid: Kpid): number[] {
  const t = k.taskOrOops(kpid)
  if (t.sigCaught.length === 0) return []
  const got = t.sigCaught
  k.mutTask(kpid).sigCaught = []
  return got
}

export function sysSetresuid(k: Kernel, kpid: Kpid, r: number, e: number, s: number): number {
  const n = setresuid(k.taskOrOops(kpid).cred, r, e, s)
  if (typeof n === 'number') return n
  moveUidCount(k, k.taskOrOops(kpid).cred.ruid, n.ruid)
  k.mutTask(kpid).cred = n
  return 0
}

function moveUidCount(k: Kernel, from: number, to: number): void {
  if (from === to) return
  const c = k.ctr()
  c.procsByUid = k.own(c.procsByUid)
  c.procsByUid[from] = (c.procsByUid[from] ?? 1) - 1
  c.procsByUid[to] = (c.procsByUid[to] ?? 0) + 1
}

export function sysSetresgid(k: Kernel, kpid: Kpid, r: number, e: number, s: number): number {
  const n = setresgid(k.taskOrOops(kpid).cred, r, e, s)
  if (typeof n === 'number') return n
  k.mutTask(kpid).cred = n
  return 0
}

export function sysSetgroups(k: Kernel, kpid: Kpid, groups: number[]): number {
  const t = k.taskOrOops(kpid)
  if (!capableSelf(k, t, CAP.SETGID)) return -E.EPERM
  if (!Array.isArray(groups) || groups.length > 65536) return -E.EINVAL
  // Ids of the caller's user namespace, kept as kernel ids (make_kgid); an unmapped one is EINVAL.
  const ns = credUserns(t.cred)
  const kids = groups.map((g) => toKid(k, ns, g, 'gid'))
  if (kids.some((g) => g < 0)) return -E.EINVAL
  k.mutTask(kpid).cred = { ...t.cred, groups: kids }
  return 0
}

export function sysCapget(k: Kernel, kpid: Kpid, pid: KpidArg): CapState | number {
  const t = k.task(pid === 0 ? kpid : pid)
  if (!t) return -E.ESRCH
  return heldCaps(t.cred) // its sets in its own user namespace, as /proc/PID/status shows them
}

export function sysCapset(k: Kernel, kpid: Kpid, caps: CapState): number {
  const n = capset(k.taskOrOops(kpid).cred, caps)
  if (typeof n === 'number') return n
  k.mutTask(kpid).cred = n
  return 0
}

export function sysPrctl(k: Kernel, kpid: Kpid, option: number, arg: unknown, arg3?: unknown): number | string {
  const t = k.taskOrOops(kpid)
  switch (option) {
    case PR_SET_NO_NEW_PRIVS:
      if (arg !== 1) return -E.EINVAL // "set to 1 ... cannot be unset"
      k.mutTask(kpid).cred = { ...t.cred, noNewPrivs: true }
      return 0
    case PR_GET_NO_NEW_PRIVS:
      return t.cred.noNewPrivs ? 1 : 0
    case PR_SET_NAME:
      k.mutTask(kpid).comm = String(arg).slice(0, 15)
      return 0
    case PR_GET_NAME:
      return t.comm
    case PR_CAPBSET_READ:
      return typeof arg === 'number' && arg >= 0 && arg <= CAP_LAST_CAP ? (capHas(t.cred.capBnd, arg) ? 1 : 0) : -E.EINVAL
    case PR_CAPBSET_DROP: {
      if (typeof arg !== 'number' || arg < 0 || arg > CAP_LAST_CAP) return -E.EINVAL
      const n = dropBounding(t.cred, arg)
      if (typeof n === 'number') return n
      k.mutTask(kpid).cred = n
      return 0
    }
    default:
      return securityPrctl(k, kpid, option, arg, arg3) ?? -E.EINVAL // PR_CAP_AMBIENT, PR_{GET,SET}_SECCOMP
  }
}

/**
 * prlimit64(2)/setrlimit(2): soft <= hard (EINVAL); raising the hard limit
 * needs CAP_SYS_RESOURCE (EPERM); RLIMIT_NOFILE's hard limit may never exceed
 * fs.nr_open, "enforced for both unprivileged and privileged process" (EPERM).
 */
export function sysPrlimit(k: Kernel, kpid: Kpid, pid: KpidArg, resource: number, next?: readonly [number, number]): [number, number] | number {
  const self = k.taskOrOops(kpid)
  const target = pid === 0 ? kpid : pid
  const t = k.task(target)
  if (!t || t.state === 'Z') return -E.ESRCH
  if (!Number.isInteger(resource) || resource < 0 || resource >= RLIM_NLIMITS) return -E.EINVAL
  if (target !== kpid && !capable(k, self, CAP.SYS_RESOURCE)) {
    const a = self.cred
    const b = t.cred
    if (!(a.ruid === b.ruid && a.ruid === b.euid && a.ruid === b.suid)) return -E.EPERM
  }
  const old = t.rlimits[resource]!
  if (next) {
    const [soft, hard] = next
    if (!(soft >= 0) || !(hard >= 0)) return -E.EINVAL
    if (soft > hard) return -E.EINVAL
    if (hard > old[1] && !capable(k, self, CAP.SYS_RESOURCE)) return -E.EPERM
    if (resource === RLIMIT_NOFILE && hard > k.coarse.sysctl.nrOpen) return -E.EPERM
    const w = k.mutTask(target)
    w.rlimits = w.rlimits.slice()
    w.rlimits[resource] = [soft, hard]
  }
  return [old[0], old[1]]
}

/** uname(2) fields that do not depend on the UTS namespace (nsUname fills nodename/domainname). */
export function sysUname(k: Kernel): Utsname {
  const u = k.coarse.uts
  const nt = ntUname(k)
  if (nt) return { ...nt, nodename: u.hostname, domainname: u.domainname }
  return {
    sysname: 'Linux', nodename: u.hostname, release: kernelRelease(k), version: KERNEL_VERSION,
    machine: 'x86_64', domainname: u.domainname,
  }
}

export function sysClockGettime(k: Kernel, clock: number): number {
  if (clock === CLOCK_REALTIME) return k.coarse.bootEpochNs + k.s.nowNs
  if (clock === CLOCK_MONOTONIC || clock === CLOCK_BOOTTIME) return k.s.nowNs
  return -E.EINVAL
}

export function sysSysinfo(k: Kernel): Sysinfo {
  const m = memInfo(k)
  return {
    uptimeNs: k.s.nowNs, loads: k.coarse.loadavg, totalram: m.total, freeram: m.free, sharedram: m.shmem,
    bufferram: 0, cached: m.cached, totalswap: 0, freeswap: 0, procs: k.s.tasks.size,
  }
}
