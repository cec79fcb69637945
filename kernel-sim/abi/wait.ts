// Wait statuses (sys/wait.h, bits/waitstatus.h): the one encoding of how a
// task ended, written by the kernel (exit, a fatal signal, a stop) and decoded
// by everyone who waits. Exit code in bits 8-15; terminating signal in bits
// 0-6 (bit 7: core dumped); 0x7f in the low byte for a stopped task.
export const WIFEXITED = (s: number) => (s & 0x7f) === 0
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff
export const WIFSIGNALED = (s: number) => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f
export const WTERMSIG = (s: number) => s & 0x7f
export const WCOREDUMP = (s: number) => (s & 0x80) !== 0
export const WIFSTOPPED = (s: number) => (s & 0xff) === 0x7f
export const WSTOPSIG = (s: number) => (s >> 8) & 0xff
export const WIFCONTINUED = (s: number) => s === 0xffff

/** The status of a task that exited with `code` (only its low 8 bits survive, as exit(3) says), or was killed by `sig`. */
export const W_EXITCODE = (code: number, sig: number) => ((code & 0xff) << 8) | sig
export const W_STOPCODE = (sig: number) => (sig << 8) | 0x7f

/** The shell's $? for a wait status: the exit code, or 128 + the signal (bash). */
export function statusToShell(s: number): number {
  if (WIFEXITED(s)) return WEXITSTATUS(s)
  if (WIFSIGNALED(s)) return 128 + WTERMSIG(s)
  if (WIFSTOPPED(s)) return 128 + WSTOPSIG(s)
  return 0
}
