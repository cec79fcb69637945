// Capability numbers (include/uapi/linux/capability.h, capabilities(7)).
export const CAPS = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID',
  'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW',
  'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD',
  'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
] as const
export type CapName = (typeof CAPS)[number]
export const CAP_LAST_CAP = CAPS.length - 1 // 40, /proc/sys/kernel/cap_last_cap

const nums = {} as Record<CapName, number>
CAPS.forEach((c, i) => (nums[c] = i))
/** `CAP.SYS_ADMIN === 21` */
export const CAP: Readonly<Record<CapName, number>> = nums

/** A capability set as a bigint bitmask (41 bits do not fit a 32-bit int). */
export type CapSet = bigint
export const CAP_EMPTY: CapSet = 0n
export const CAP_FULL: CapSet = (1n << BigInt(CAP_LAST_CAP + 1)) - 1n // 000001ffffffffff

export const capHas = (set: CapSet, cap: number): boolean => ((set >> BigInt(cap)) & 1n) === 1n
export const capBit = (cap: number): CapSet => 1n << BigInt(cap)
/** As /proc/[pid]/status prints it: 16 hex digits. */
export const capHex = (set: CapSet): string => set.toString(16).padStart(16, '0')
export function capNames(set: CapSet): string[] {
  return CAPS.filter((_, i) => capHas(set, i)).map((c) => 'cap_' + c.toLowerCase())
}
