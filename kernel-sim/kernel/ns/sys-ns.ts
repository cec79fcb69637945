// Syscalls that see pids, ids and names through the caller's namespaces:
// getpid/getppid/getpgid/getsid/setpgid/setsid/kill/wait4 translate pids
// (pid_namespaces(7)); getresuid/getresgid/getgroups/setresuid/setresgid map
// ids (user_namespaces(7)); uname and clock_gettime read the UTS and time
// namespaces. The table (syscalls/table.ts) points here.
import { INIT_KPID, NO_VPID, type Kpid, type Vpid } from '../../abi/pid.ts'
import { CLOCK_BOOTTIME, CLOCK_MONOTONIC, E, SIG, type CapState, type Utsname, type WaitResult } from '../../abi/index.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { killPid, sysCapget, sysGetpgid, sysGetsid, sysKill, sysPrlimit, sysSetpgid, sysSetresgid, sysSetresuid, sysSetsid, sysUname, sysClockGettime } from '../syscalls/sys-proc.ts'
import { killPermission, maySignal, sendSignal, userSigInfo } from '../task/signal.ts'
import { exitTask } from '../task/exit.ts'
import { sysWait4 } from '../task/wait.ts'
import { INIT_INO } from './core.ts'
import { isPidNsInit, kpidOf, pidIn, userVpid, vpid } from './pid.ts'
import { timeOffset } from './procns.ts'
import { credUserns, showKid, toKid } from './user.ts'
import { utsOf } from './uts.ts'

const INIT_PID = INIT_INO.pid
const inInit = (t: Task) => t.ns.pid === INIT_PID

export function nsGetpid(k: Kernel, kpid: Kpid): Vpid {
  const t = k.taskOrOops(kpid)
  return pidIn(k, t, t.ns.pid)
}

/** getppid(2): 0 for the init of a namespace (its parent is outside). */
export function nsGetppid(k: Kernel, kpid: Kpid): Vpid {
  const t = k.taskOrOops(kpid)
  if (inInit(t)) return vpid(k, t, t.ppid)
  const p = k.task(t.ppid)
  return p ? pidIn(k, p, t.ns.pid) : NO_VPID
}

/**
 * A pid argument in the caller's namespace → kpid (0 stays 0, "the caller";
 * undefined when no such process is there).
 * SIMPLIFICATION: a process group or session id is its leader's pid, so a group whose leader is gone reads as 0 in a child namespace.
 */
function argPid(k: Kernel, t: Task, pid: number): Kpid | 0 | undefined {
  if (pid === 0) return 0
  return kpidOf(k, t, userVpid(pid)) || undefined
}

export function nsGetpgid(k: Kernel, kpid: Kpid, pid: number): number {
  const t = k.taskOrOops(kpid)
  const a = argPid(k, t, pid)
  const r = a === undefined ? undefined : sysGetpgid(k, kpid, a)
  return r === undefined ? -E.ESRCH : vpid(k, t, r)
}

export function nsGetsid(k: Kernel, kpid: Kpid, pid: number): number {
  const t = k.taskOrOops(kpid)
  const a = argPid(k, t, pid)
  const r = a === undefined ? undefined : sysGetsid(k, kpid, a)
  return r === undefined ? -E.ESRCH : vpid(k, t, r)
}

export function nsSetpgid(k: Kernel, kpid: Kpid, pid: number, pgid: number): number {
  const t = k.taskOrOops(kpid)
  const a = argPid(k, t, pid)
  if (a === undefined) return -E.ESRCH
  if (pgid < 0) return -E.EINVAL
  const g = argPid(k, t, pgid)
  if (g === undefined) return -E.EPERM
  return sysSetpgid(k, kpid, a, g)
}

/** capget(2) on a pid of the caller's namespace (0: itself). */
export function nsCapget(k: Kernel, kpid: Kpid, pid: number): CapState | number {
  const a = argPid(k, k.taskOrOops(kpid), pid)
  return a === undefined ? -E.ESRCH : sysCapget(k, kpid, a)
}

/** prlimit64(2) on a pid of the caller's namespace (0: itself). */
export function nsPrlimit(k: Kernel, kpid: Kpid, pid: number, resource: number, next?: readonly [number, number]): [number, number] | number {
  const a = argPid(k, k.taskOrOops(kpid), pid)
  return a === undefined ? -E.ESRCH : sysPrlimit(k, kpid, a, resource, next)
}

export function nsSetsid(k: Kernel, kpid: Kpid): Vpid | number {
  const r = sysSetsid(k, kpid)
  return r < 0 ? r : nsGetpid(k, kpid)
}

/**
 * kill(2) in a pid namespace: pids are the caller's; -1 means every process
 * of the caller's namespace it may signal except its init. The init of a
 * child namespace gets SIGKILL from an ancestor namespace even without a handler.
 */
export function nsKill(k: Kernel, kpid: Kpid, pid: number, sig: number): number {
  const t = k.taskOrOops(kpid)
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) return -E.EINVAL
  if (pid > 0) {
    const target = argPid(k, t, pid)
    if (!target) return -E.ESRCH
    const x = k.task(target)
    // SIMPLIFICATION: SIGSTOP from an ancestor namespace is not forced through to a child namespace's init (only SIGKILL is).
    if (x && x.kpid !== INIT_KPID && isPidNsInit(x) && x.ns.pid !== t.ns.pid && sig === SIG.SIGKILL && x.state !== 'Z') {
      const denied = killPermission(k, kpid, target, sig)
      if (denied) return denied
      exitTask(k, target, SIG.SIGKILL)
      return 0
    }
    return killPid(k, kpid, target, sig)
  }
  if (pid < -1) {
    const g = argPid(k, t, -pid)
    return g === undefined ? -E.ESRCH : sysKill(k, kpid, { pgrp: g }, sig)
  }
  if (pid === 0) return sysKill(k, kpid, { pgrp: 0 }, sig)
  if (inInit(t)) return sysKill(k, kpid, 'all', sig)
  let found = 0
  let sent = 0
  for (const x of k.s.tasks.values()) {
    if (x.state === 'Z' || x.kpid === kpid) continue
    const v = pidIn(k, x, t.ns.pid)
    if (v === 0 || v === 1) continue
    found++
    if (maySignal(k, kpid, x.kpid, sig)) { sendSignal(k, x.kpid, sig, false, userSigInfo(k, kpid)); sent++ }
  }
  return found === 0 ? -E.ESRCH : sent > 0 ? 0 : -E.EPERM
}

/** wait4(2): pid and pgid arguments, and the reaped pid, in the caller's namespace. */
export function nsWait4(k: Kernel, kpid: Kpid, pid: number, options: number): WaitResult | number | typeof BLOCK {
  const t = k.taskOrOops(kpid)
  if (inInit(t)) return sysWait4(k, kpid, pid, options)
  let a = pid
  if (pid > 0) a = kpidOf(k, t, userVpid(pid)) || -2_000_000_000
  else if (pid < -1) a = -(kpidOf(k, t, userVpid(-pid)) || 2_000_000_000)
  // sysWait4 reports kpids. Only a zombie is reaped (gone after the call): its pid here is noted
  // first; a stopped or continued child is still there to ask (no translation per live child on every call).
  const names = new Map<Kpid, Vpid>()
  if (t.reportable) {
    for (const c of t.children) {
      const x = k.task(c)
      if (x?.state === 'Z') names.set(c, pidIn(k, x, t.ns.pid))
    }
  }
  const r = sysWait4(k, kpid, a, options)
  if (typeof r !== 'object' || r === null || r.pid === 0) return r
  const live = names.has(r.pid as Kpid) ? undefined : k.task(r.pid as Kpid)
  return { pid: live ? pidIn(k, live, t.ns.pid) : names.get(r.pid as Kpid) ?? NO_VPID, status: r.status }
}

export function nsUname(k: Kernel, kpid: Kpid): Utsname {
  const u = utsOf(k, k.taskOrOops(kpid).ns.uts)
  return { ...sysUname(k), nodename: u.hostname, domainname: u.domainname }
}

export function nsClockGettime(k: Kernel, kpid: Kpid, clock: number): number {
  const r = sysClockGettime(k, clock)
  if (r < 0 || (clock !== CLOCK_MONOTONIC && clock !== CLOCK_BOOTTIME)) return r
  return r + timeOffset(k, k.taskOrOops(kpid), clock === CLOCK_BOOTTIME)
}

export function nsGetresuid(k: Kernel, kpid: Kpid): [number, number, number] {
  const t = k.taskOrOops(kpid)
  const ns = credUserns(t.cred)
  const c = t.cred
  return [showKid(k, ns, c.ruid), showKid(k, ns, c.euid), showKid(k, ns, c.suid)]
}

export function nsGetresgid(k: Kernel, kpid: Kpid): [number, number, number] {
  const t = k.taskOrOops(kpid)
  const ns = credUserns(t.cred)
  const c = t.cred
  return [showKid(k, ns, c.rgid, 'gid'), showKid(k, ns, c.egid, 'gid'), showKid(k, ns, c.sgid, 'gid')]
}

export function nsGetgroups(k: Kernel, kpid: Kpid): number[] {
  const t = k.taskOrOops(kpid)
  const ns = credUserns(t.cred)
  return t.cred.groups.map((g) => showKid(k, ns, g, 'gid'))
}

/** setresuid(2)/setresgid(2): ids are the caller's namespace's; EINVAL if unmapped. */
export function nsSetresid(k: Kernel, kpid: Kpid, ids: number[], which: 'uid' | 'gid'): number {
  const t = k.taskOrOops(kpid)
  const ns = credUserns(t.cred)
  const kids = ids.map((id) => (id === -1 ? -1 : toKid(k, ns, id, which)))
  if (kids.some((x, i) => x < 0 && ids[i] !== -1)) return -E.EINVAL
  const [r, e, s] = kids as [number, number, number]
  return which === 'uid' ? sysSetresuid(k, kpid, r, e, s) : sysSetresgid(k, kpid, r, e, s)
}

/** clone(2) returns the child's pid in the caller's pid namespace. */
export function nsCloneRet(k: Kernel, kpid: Kpid, r: Kpid | number): Vpid | number {
  if (r <= 0) return r
  const t = k.taskOrOops(kpid)
  return pidIn(k, k.taskOrOops(r as Kpid), t.ns.pid) // r > 0: sysClone's new kpid
}
