// Running the machine until something is done, with virtual time passing only
// while it is not: the clock jumps to the next timer when every task sleeps
// and the awaited thing (a script, a command at a terminal) is still going,
// and stays put once it is done. A background `sleep 1d` then does not end
// just because the host looked at the machine.
import { runSlice, type Kernel } from '../../kernel-sim/index.ts'

export type DriveResult = 'done' | 'stuck' | 'budget' | 'panic'

/**
 * Syscalls per scheduler call: one task's slice (sched.ts SLICE_CALLS), so a
 * background job runs no further than a few ms of virtual time past the moment
 * the awaited command is done (20,000 let a background `cpuburn 2 &` finish
 * before the next command started).
 */
const SLICE = 256

export function driveUntil(k: Kernel, done: () => boolean, maxSyscalls: number): DriveResult {
  const start = k.syscalls
  for (;;) {
    if (done()) return 'done'
    const r = runSlice(k, SLICE, k.s.nowNs)
    if (r === 'panic') return 'panic'
    if (done()) return 'done'
    if (k.syscalls - start > maxSyscalls) return 'budget'
    if (r === 'idle') {
      // Everyone sleeps and the awaited thing is not done: let the clock jump to the next event
      // (a timer, a disk request, a cpu.max period), with a budget of one syscall so nothing runs on after it.
      const before = k.syscalls
      const now = k.s.nowNs
      if (runSlice(k, 1, Infinity) === 'idle' && k.syscalls === before && k.s.nowNs === now) return 'stuck'
    }
  }
}

/**
 * Lets virtual time reach `atNs` as it passes at an interactive prompt: runnable
 * tasks run, timers due by then fire, and idle time passes up to `atNs`.
 * `between` runs after every slice (the lab engine answers `lab` there).
 */
export function runUntilTime(k: Kernel, atNs: number, between: () => void = () => {}): void {
  while (k.s.nowNs < atNs && !k.panicked) {
    const r = runSlice(k, SLICE, atNs)
    between()
    if (r === 'idle' && k.s.nowNs < atNs && k.sched.runnable === 0) k.advanceClock(atNs - k.s.nowNs) // no timer at all: nothing else moves the clock
  }
}
