// wait4(2): collect a child's state change. pid > 0: that child; -1: any child;
// 0: any child in the caller's process group; < -1: any child in group -pid.
import type { Kpid } from '../../abi/pid.ts'
import { E, WCONTINUED, WNOHANG, WUNTRACED, type WaitResult } from '../../abi/index.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { reap } from './exit.ts'

export function sysWait4(k: Kernel, kpid: Kpid, pid: number, options: number): WaitResult | number | typeof BLOCK {
  const t = k.taskOrOops(kpid)
  let any = false
  for (const ch of t.children) {
    const c = k.task(ch)
    if (!c) continue
    if (pid > 0 ? ch !== pid : pid === 0 ? c.pgid !== t.pgid : pid < -1 ? c.pgid !== -pid : false) continue
    any = true
    if (c.state === 'Z') {
      // times(2): a reaped child's CPU time (and its children's) moves to the parent's cutime/cstime.
      const w = k.mutTask(kpid)
      w.cutimeNs = (w.cutimeNs ?? 0) + c.utimeNs + (c.cutimeNs ?? 0)
      w.cstimeNs = (w.cstimeNs ?? 0) + c.stimeNs + (c.cstimeNs ?? 0)
      reap(k, ch)
      return { pid: ch, status: c.exitStatus }
    }
    if (c.waitReport === 'stopped' && options & WUNTRACED) {
      k.mutTask(ch).waitReport = ''
      return { pid: ch, status: c.exitStatus }
    }
    if (c.waitReport === 'continued' && options & WCONTINUED) {
      k.mutTask(ch).waitReport = ''
      return { pid: ch, status: 0xffff }
    }
  }
  if (!any) return -E.ECHILD
  if (options & WNOHANG) return { pid: 0, status: 0 }
  return k.sched.sleepOn(kpid, `wait:${kpid}`, 'do_wait')
}
