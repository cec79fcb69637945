// Interpreter speed on the real machine: µs per iteration of a counter loop
// (`[ ]` test + arithmetic assignment) at two lengths (no growth with the
// count) and µs per syscall of the tightest loop `while true; do :; done`.
// Prefix/suffix removal has its own file (shell-strip.bench.ts): its command
// substitution and long strings, run between this file's rounds, made V8
// recompile the shell's functions and the next round's 5k loop paid for it.
import { Machine } from '../src/host/machine.ts'

export const name = 'shell-loop'

function counterUs(n: number): number {
  const m = new Machine()
  const t0 = performance.now()
  const r = m.runScript(`i=0; while [ $i -lt ${n} ]; do i=$((i+1)); done; echo $i`, { maxSteps: 1e9 })
  const us = ((performance.now() - t0) * 1000) / n
  if (r.stdout !== `${n}\n`) throw new Error(`counter loop printed ${JSON.stringify(r.stdout + r.stderr)}`)
  return us
}

function busyUsPerSyscall(steps: number): number {
  const m = new Machine()
  const start = m.kernel.syscalls
  const t0 = performance.now()
  m.runScript('while true; do :; done', { maxSteps: steps })
  return ((performance.now() - t0) * 1000) / (m.kernel.syscalls - start)
}

export function run() {
  counterUs(2000) // warm the JIT
  return {
    'counter loop 5k, us/iteration': counterUs(5_000),
    'counter loop 50k, us/iteration': counterUs(50_000),
    'while true; do :; done, us/syscall': busyUsPerSyscall(200_000),
  }
}
