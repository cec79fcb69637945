// Signal numbers (x86-64, signal(7)) with default actions and the texts that
// bash and strsignal() print for a terminated job ("Killed", "Terminated").

export type SigDefault = 'term' | 'core' | 'ign' | 'stop' | 'cont'

export const SIGNALS = [
  // [number, name, default action, strsignal text]
  [1, 'SIGHUP', 'term', 'Hangup'],
  [2, 'SIGINT', 'term', 'Interrupt'],
  [3, 'SIGQUIT', 'core', 'Quit'],
  [4, 'SIGILL', 'core', 'Illegal instruction'],
  [5, 'SIGTRAP', 'core', 'Trace/breakpoint trap'],
  [6, 'SIGABRT', 'core', 'Aborted'],
  [7, 'SIGBUS', 'core', 'Bus error'],
  [8, 'SIGFPE', 'core', 'Floating point exception'],
  [9, 'SIGKILL', 'term', 'Killed'],
  [10, 'SIGUSR1', 'term', 'User defined signal 1'],
  [11, 'SIGSEGV', 'core', 'Segmentation fault'],
  [12, 'SIGUSR2', 'term', 'User defined signal 2'],
  [13, 'SIGPIPE', 'term', 'Broken pipe'],
  [14, 'SIGALRM', 'term', 'Alarm clock'],
  [15, 'SIGTERM', 'term', 'Terminated'],
  [16, 'SIGSTKFLT', 'term', 'Stack fault'],
  [17, 'SIGCHLD', 'ign', 'Child exited'],
  [18, 'SIGCONT', 'cont', 'Continued'],
  [19, 'SIGSTOP', 'stop', 'Stopped (signal)'],
  [20, 'SIGTSTP', 'stop', 'Stopped'],
  [21, 'SIGTTIN', 'stop', 'Stopped (tty input)'],
  [22, 'SIGTTOU', 'stop', 'Stopped (tty output)'],
  [23, 'SIGURG', 'ign', 'Urgent I/O condition'],
  [24, 'SIGXCPU', 'core', 'CPU time limit exceeded'],
  [25, 'SIGXFSZ', 'core', 'File size limit exceeded'],
  [26, 'SIGVTALRM', 'term', 'Virtual timer expired'],
  [27, 'SIGPROF', 'term', 'Profiling timer expired'],
  [28, 'SIGWINCH', 'ign', 'Window changed'],
  [29, 'SIGIO', 'term', 'I/O possible'],
  [30, 'SIGPWR', 'term', 'Power failure'],
  [31, 'SIGSYS', 'core', 'Bad system call'],
] as const

export type SignalName = (typeof SIGNALS)[number][1]
export const NSIG = 64

const num = {} as Record<SignalName, number>
const info = new Map<number, { name: SignalName; dfl: SigDefault; text: string }>()
for (const [n, name, dfl, text] of SIGNALS) {
  num[name] = n
  info.set(n, { name, dfl, text })
}

/** Signal numbers by name: `SIG.SIGKILL === 9`. */
export const SIG: Readonly<Record<SignalName, number>> = num

export function signalName(sig: number): SignalName | undefined {
  return info.get(sig)?.name
}
export function signalDefault(sig: number): SigDefault {
  return info.get(sig)?.dfl ?? 'term'
}
/** strsignal(3): "Killed", "Terminated"; real-time signals as glibc prints them. */
export function strsignal(sig: number): string {
  const i = info.get(sig)
  if (i) return i.text
  if (sig >= 34 && sig <= 64) return `Real-time signal ${sig - 34}`
  return `Unknown signal ${sig}`
}
/** Parse "9", "KILL", "SIGKILL" (kill(1), trap). */
export function parseSignal(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s)
    return n >= 0 && n <= NSIG ? n : undefined
  }
  const up = s.toUpperCase()
  const name = (up.startsWith('SIG') ? up : 'SIG' + up) as SignalName
  return num[name]
}

/** si_code values (include/uapi/asm-generic/siginfo.h) that isolab's signals carry. */
export type SiCode = 'SI_USER' | 'SI_KERNEL' | 'CLD_EXITED' | 'CLD_KILLED' | 'CLD_DUMPED' | 'CLD_STOPPED' | 'CLD_CONTINUED'

/**
 * siginfo_t (sigaction(2)): who sent a signal. Inside the kernel `pid` is a
 * kernel-global pid and `uid` a kernel uid; in a TraceEvent they are as the
 * receiver sees them. SIGCHLD adds the child's status and its CPU time in
 * clock ticks (USER_HZ, 100 a second).
 */
export interface SigInfo {
  code: SiCode
  pid?: number
  uid?: number
  status?: number
  utime?: number
  stime?: number
}

/** A signal the kernel itself raises (SEND_SIG_PRIV: the terminal's SIGINT, a fault, the OOM killer). */
export const SI_KERNEL_INFO: SigInfo = { code: 'SI_KERNEL' }
