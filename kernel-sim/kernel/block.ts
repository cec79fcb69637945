// Sentinels a syscall handler returns instead of a value.

/** The task must sleep; the call is retried when it is woken. */
export const BLOCK: unique symbol = Symbol('BLOCK')
/** execve succeeded: the task now runs a new program. */
export const EXECED: unique symbol = Symbol('EXECED')
/** The calling task no longer runs (it exited or was killed). */
export const GONE: unique symbol = Symbol('GONE')
