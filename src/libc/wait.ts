// wait status macros (sys/wait.h): exit code in bits 8-15, signal in bits 0-6.
export const WIFEXITED = (s: number) => (s & 0x7f) === 0
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff
export const WIFSIGNALED = (s: number) => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f
export const WTERMSIG = (s: number) => s & 0x7f
export const WCOREDUMP = (s: number) => (s & 0x80) !== 0
export const WIFSTOPPED = (s: number) => (s & 0xff) === 0x7f
export const WSTOPSIG = (s: number) => (s >> 8) & 0xff
export const WIFCONTINUED = (s: number) => s === 0xffff

export const W_EXITCODE = (code: number, sig: number) => ((code & 0xff) << 8) | sig
export const W_STOPCODE = (sig: number) => (sig << 8) | 0x7f

/** The shell's $? for a wait status: code, or 128+signal (bash). */
export function statusToShell(s: number): number {
  if (WIFEXITED(s)) return WEXITSTATUS(s)
  if (WIFSIGNALED(s)) return 128 + WTERMSIG(s)
  if (WIFSTOPPED(s)) return 128 + WSTOPSIG(s)
  return 0
}
