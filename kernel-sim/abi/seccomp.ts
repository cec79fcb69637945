// seccomp(2) (include/uapi/linux/seccomp.h). A filter crosses the syscall
// boundary as data (SeccompFilterSpec) rather than as a classic-BPF program:
// the shape libseccomp/runc build their BPF from (rules by syscall name, with
// argument comparisons), which the kernel then compiles (kernel/security/seccomp.ts).

export const SECCOMP_SET_MODE_STRICT = 0
export const SECCOMP_SET_MODE_FILTER = 1
export const SECCOMP_GET_ACTION_AVAIL = 2
export const SECCOMP_FILTER_FLAG_TSYNC = 1
export const SECCOMP_FILTER_FLAG_LOG = 2
export const SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4

// Return values: action in the high 16 bits, data in the low 16 (SECCOMP_RET_DATA).
export const SECCOMP_RET_KILL_PROCESS = 0x80000000
export const SECCOMP_RET_KILL_THREAD = 0x00000000
export const SECCOMP_RET_KILL = SECCOMP_RET_KILL_THREAD
export const SECCOMP_RET_TRAP = 0x00030000
export const SECCOMP_RET_ERRNO = 0x00050000
export const SECCOMP_RET_USER_NOTIF = 0x7fc00000
export const SECCOMP_RET_TRACE = 0x7ff00000
export const SECCOMP_RET_LOG = 0x7ffc0000
export const SECCOMP_RET_ALLOW = 0x7fff0000
export const SECCOMP_RET_ACTION_FULL = 0xffff0000
export const SECCOMP_RET_DATA = 0x0000ffff

/** libseccomp's comparison operators (SCMP_CMP_*), without the prefix. */
export type SeccompOp = 'NE' | 'LT' | 'LE' | 'EQ' | 'GE' | 'GT' | 'MASKED_EQ'
export const SECCOMP_OPS: readonly SeccompOp[] = ['NE', 'LT', 'LE', 'EQ', 'GE', 'GT', 'MASKED_EQ']

/** One argument comparison: `args[index] OP value` (MASKED_EQ: `(args[index] & value) == valueTwo`), unsigned 64-bit. */
export interface SeccompArgSpec {
  index: number
  op: SeccompOp
  value: number | bigint
  valueTwo?: number | bigint
}

/** Every listed syscall whose arguments satisfy all `args` gets `action` (a SECCOMP_RET_* value with its data). */
export interface SeccompRuleSpec {
  names: readonly string[]
  action: number
  args?: readonly SeccompArgSpec[]
}

export interface SeccompFilterSpec {
  defaultAction: number
  rules: readonly SeccompRuleSpec[]
}
