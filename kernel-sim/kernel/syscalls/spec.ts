// A syscall handler's type, derived from the typed map in abi/syscall-map.ts:
// `a` is the call's argument tuple and the result is what the program
// receives, or a sentinel that never reaches it (kernel/block.ts).
import type { Kpid } from '../../abi/pid.ts'
import type { SysArgs, SysName, SysRet } from '../../abi/index.ts'
import type { BLOCK, EXECED, GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'

export type Sentinel = typeof BLOCK | typeof EXECED | typeof GONE

export type Handler<N extends SysName> = (k: Kernel, kpid: Kpid, a: SysArgs<N>) => SysRet<N> | Sentinel

export interface SyscallSpec<N extends SysName> {
  impl: Handler<N>
  /** Virtual ns charged as system time. */
  cost: number
}

/** A total map: a syscall without a handler fails to compile. */
export type SyscallTable = { readonly [N in SysName]: SyscallSpec<N> }

const SYSCALL_NS = 120 // a cheap syscall's round trip

export const spec = <N extends SysName>(impl: Handler<N>, cost = SYSCALL_NS): SyscallSpec<N> => ({ impl, cost })

/** What an ioctl handler (a tty, a pty master, a character-device driver) returns. */
export type IoctlResult = SysRet<'ioctl'> | typeof BLOCK
