// What `uname -r` and /proc/version report.
export const KERNEL_RELEASE = '6.8.0-isolab'
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC isolab'
export const PROC_VERSION = `Linux version ${KERNEL_RELEASE} (isolab@isolab) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_VERSION}`
