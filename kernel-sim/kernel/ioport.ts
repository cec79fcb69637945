// x86 port I/O from user space (arch/x86/kernel/ioport.c): ioperm(2) grants a
// task access to a range of ports, iopl(2) to all of them; the IN/OUT
// instructions then work in user mode instead of raising a general protection
// fault. On bare metal they reach the machine's devices; in a guest each one
// is a VM exit (KVM_EXIT_IO) that the VMM on the host emulates.
//
// SIMPLIFICATION: programs have no instructions, so `outb`/`inb` are requests
// like syscalls (seccomp does not see them, kernel/security/seccomp.ts PSEUDO).
import { CAP, E, IO_BITMAP_BITS, SIG, type Kpid } from '../abi/index.ts'
import type { Kernel } from './kernel.ts'
import { printkRatelimited } from './log.ts'
import { capable } from './security/capable.ts'
import type { BLOCK } from './block.ts'
import { spec, type SyscallTable } from './syscalls/spec.ts'
import { sendSignal } from './task/signal.ts'
import type { Task } from './state.ts'

type Runs = readonly (readonly [number, number])[]

/** Adds or removes [from, to) from sorted, disjoint runs. */
function setRuns(runs: Runs, from: number, to: number, on: boolean): Runs {
  const out: [number, number][] = []
  for (const [a, b] of runs) {
    if (b <= from || a >= to) out.push([a, b])
    else {
      if (a < from) out.push([a, from])
      if (b > to) out.push([to, b])
    }
  }
  if (on) out.push([from, to])
  out.sort((x, y) => x[0] - y[0])
  const merged: [number, number][] = []
  for (const r of out) {
    const last = merged.at(-1)
    if (last && last[1] >= r[0]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

/** ksys_ioperm(): EINVAL for an empty or out-of-range span, EPERM to turn ports on without CAP_SYS_RAWIO. */
export function sysIoperm(k: Kernel, kpid: Kpid, from: number, num: number, turnOn: number): number {
  if (!Number.isInteger(from) || !Number.isInteger(num) || from < 0 || num <= 0 || from + num > IO_BITMAP_BITS) return -E.EINVAL
  const t = k.taskOrOops(kpid)
  if (turnOn && !capable(k, t, CAP.SYS_RAWIO)) return -E.EPERM
  const io = t.io ?? { ports: [], iopl: 0 }
  k.mutTask(kpid).io = { ...io, ports: setRuns(io.ports, from, from + num, !!turnOn) }
  return 0
}

/** iopl(2): level 0-3; raising it needs CAP_SYS_RAWIO. Level 3 opens every port (emulated with a full bitmap since 5.5). */
export function sysIopl(k: Kernel, kpid: Kpid, level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 3) return -E.EINVAL
  const t = k.taskOrOops(kpid)
  const io = t.io ?? { ports: [], iopl: 0 }
  if (level > io.iopl && !capable(k, t, CAP.SYS_RAWIO)) return -E.EPERM
  k.mutTask(kpid).io = { ...io, iopl: level }
  return 0
}

export function portAllowed(t: Task, port: number): boolean {
  const io = t.io
  if (!io) return false
  return io.iopl === 3 || io.ports.some(([a, b]) => port >= a && port < b)
}

/**
 * OUT/IN: a port the task may not use raises #GP, which the kernel turns into
 * SIGSEGV and logs as show_signal() does ("traps: ... general protection fault").
 */
function portInsn(k: Kernel, kpid: Kpid, port: number, write: boolean, value: number): number | typeof BLOCK {
  const t = k.taskOrOops(kpid)
  if (!Number.isInteger(port) || port < 0 || port >= IO_BITMAP_BITS || !portAllowed(t, port)) {
    printkRatelimited(k, `gp:${kpid}`, `traps: ${t.comm}[${kpid}] general protection fault ip:401136 sp:7ffd5f1e9a40 error:0 in ${t.comm}[401000+1000]`)
    sendSignal(k, kpid, SIG.SIGSEGV)
    return -E.EFAULT // seen only by a task that catches SIGSEGV
  }
  // Bare metal: no device on the port reads as all ones (an open ISA bus); a write goes nowhere.
  const r = k.host.portIo ? k.host.portIo(kpid, port, write, value & 0xff) : write ? 0 : 0xff
  return r === 'wait' ? k.sched.sleepOn(kpid, PORT_IO_CHAN, 'kvm_pio') : r
}

/** Guest tasks waiting for the VMM to finish emulating their port access sleep here. */
export const PORT_IO_CHAN = 'kvm-pio'

export const IOPORT_SYSCALLS: Pick<SyscallTable, 'ioperm' | 'iopl' | 'outb' | 'inb'> = {
  ioperm: spec((k, p, a) => sysIoperm(k, p, Number(a[0]), Number(a[1]), Number(a[2]) | 0), 150),
  iopl: spec((k, p, a) => sysIopl(k, p, Number(a[0])), 150),
  // outb(value, port) and inb(port), as <sys/io.h> orders the arguments; a VM exit costs about a microsecond.
  outb: spec((k, p, a) => portInsn(k, p, Number(a[1]), true, Number(a[0])), 1000),
  inb: spec((k, p, a) => portInsn(k, p, Number(a[0]), false, 0), 1000),
}
