// ptrace(2) requests and options (include/uapi/linux/ptrace.h), and the
// syscall stops a tracer collects (kernel/task/ptrace.ts).
import type { SigInfo } from './signal.ts'

export const PTRACE_TRACEME = 0
export const PTRACE_ATTACH = 16
export const PTRACE_DETACH = 17
export const PTRACE_SEIZE = 0x4206
export const PTRACE_GET_SYSCALL_INFO = 0x420e

export const PTRACE_O_TRACESYSGOOD = 0x1
export const PTRACE_O_TRACEFORK = 0x2
export const PTRACE_O_TRACEVFORK = 0x4
export const PTRACE_O_TRACECLONE = 0x8
export const PTRACE_O_TRACEEXEC = 0x10
export const PTRACE_O_EXITKILL = 0x100000

/**
 * One event of a tracee, as the tracer learns it from waitpid(2) and
 * PTRACE_GET_SYSCALL_INFO:
 * - 'syscall': a call entered and returned (`ret`: its result, data or -errno);
 * - 'unfinished': a call entered and went to sleep; its 'resumed' event follows;
 * - 'attached': a child of a tracee, traced from its birth (PTRACE_O_TRACEFORK);
 * - 'signal': a signal is delivered to the tracee (`sig`, `siginfo`: a signal-delivery-stop);
 * - 'stopped': the tracee entered a group-stop (`sig`: the stopping signal; PTRACE_SEIZE's PTRACE_EVENT_STOP);
 * - 'exited': the tracee is gone (`status`: its wait status).
 * `pid` is in the tracer's pid namespace; `costNs` is the call's virtual time (strace -c).
 */
export interface TraceEvent {
  kind: 'syscall' | 'unfinished' | 'resumed' | 'attached' | 'signal' | 'stopped' | 'exited'
  pid: number
  nr?: string
  args?: readonly unknown[]
  ret?: unknown
  /** A seccomp filter answered the call (it never ran). */
  filtered?: boolean
  costNs?: number
  status?: number
  sig?: number
  siginfo?: SigInfo
}
