// wait4(2): collect a child's state change. pid > 0: that child; -1: any child;
// 0: any child in the caller's process group; < -1: any child in group -pid.
import type { Kpid } from '../../abi/pid.ts'
import { E, WCONTINUED, WNOHANG, WUNTRACED, type WaitResult } from '../../abi/index.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { reap } from './exit.ts'
import type { Task } from '../state.ts'
import { reportChanged } from './wait-report.ts'

export function sysWait4(k: Kernel, kpid: Kpid, pid: number, options: number): WaitResult | number | typeof BLOCK {
  const t = k.taskOrOops(kpid)
  let any = false
  if (pid === -1 || pid > 0) {
    // Any child, or that one: no look at each child when none has anything to report (do_wait walks
    // its children list in C; here a lookup each, and dockerd reaps after every request).
    if (pid > 0 ? !t.children.includes(pid as Kpid) : t.children.length === 0) return -E.ECHILD
    if (!t.reportable) return nothingYet(k, kpid, options)
    if (pid > 0) return collect(k, kpid, pid as Kpid, k.taskOrOops(pid as Kpid), options) ?? nothingYet(k, kpid, options)
  }
  for (const ch of t.children) {
    const c = k.task(ch)
    if (!c) continue
    if (pid > 0 ? ch !== pid : pid === 0 ? c.pgid !== t.pgid : pid < -1 ? c.pgid !== -pid : false) continue
    any = true
    const r = collect(k, kpid, ch, c, options)
    if (r) return r
  }
  if (!any) return -E.ECHILD
  return nothingYet(k, kpid, options)
}

/** What child `ch` has to report to its parent's wait4, collected (a zombie reaped, a report cleared). */
function collect(k: Kernel, kpid: Kpid, ch: Kpid, c: Task, options: number): WaitResult | undefined {
  if (c.state === 'Z') {
    // times(2): a reaped child's CPU time (and its children's) moves to the parent's cutime/cstime.
    const w = k.mutTask(kpid)
    w.cutimeNs = (w.cutimeNs ?? 0) + c.utimeNs + (c.cutimeNs ?? 0)
    w.cstimeNs = (w.cstimeNs ?? 0) + c.stimeNs + (c.cstimeNs ?? 0)
    reap(k, ch)
    return { pid: ch, status: c.exitStatus }
  }
  if (c.waitReport === 'stopped' && options & WUNTRACED) {
    clearReport(k, ch)
    return { pid: ch, status: c.exitStatus }
  }
  if (c.waitReport === 'continued' && options & WCONTINUED) {
    clearReport(k, ch)
    return { pid: ch, status: 0xffff }
  }
  return undefined
}

function clearReport(k: Kernel, ch: Kpid): void {
  const w = k.mutTask(ch)
  w.waitReport = ''
  reportChanged(k, w, true)
}

function nothingYet(k: Kernel, kpid: Kpid, options: number): WaitResult | typeof BLOCK {
  if (options & WNOHANG) return { pid: 0, status: 0 }
  return k.sched.sleepOn(kpid, `wait:${kpid}`, 'do_wait')
}
