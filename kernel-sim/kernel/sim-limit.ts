// Simulation limits: guards that keep the JS heap safe. Linux has no such
// limit; hitting one kills the offending task with a clear message and the
// machine goes on (the brief's "nothing is lost").
import type { Kpid } from '../abi/pid.ts'
import { E, SIG } from '../abi/index.ts'
import type { Kernel } from './kernel.ts'
import { printk } from './log.ts'
import { sendSignal } from './task/signal.ts'

export function simulationLimit(k: Kernel, kpid: Kpid, what: string): number {
  const t = k.task(kpid)
  const who = t ? `${t.comm} (pid ${kpid})` : `pid ${kpid}`
  const msg = `isolab: simulation limit: ${what}; killed ${who}`
  printk(k, msg)
  k.host.notice?.(msg)
  sendSignal(k, kpid, SIG.SIGKILL)
  return -E.ENOMEM
}
