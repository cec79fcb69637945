// Interpreter speed on the real machine: µs per iteration of a counter loop
// (`[ ]` test + arithmetic assignment) at two lengths (no growth with the
// count), µs per syscall of the tightest loop `while true; do :; done`, and
// ms for prefix/suffix removal over a 300,000-character value (linear, #15).
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

/** The longest and shortest prefix up to a slash and suffix from one (basename, dirname) of a 300,001-character value. */
function stripMs(): number {
  const m = new Machine()
  const t0 = performance.now()
  const r = m.runScript('x=$(printf "%*s" 150000 ""); x=${x// /a}; x="$x/$x"; a=${x##*/} b=${x#*/} c=${x%/*} d=${x%%/*}; echo ${#a} ${#b} ${#c} ${#d}', { maxSteps: 1e9 })
  const ms = performance.now() - t0
  if (r.stdout !== '150000 150000 150000 150000\n') throw new Error(`prefix/suffix removal printed ${JSON.stringify(r.stdout + r.stderr)}`)
  return ms
}

export function run() {
  counterUs(2000) // warm the JIT
  return {
    'counter loop 5k, us/iteration': counterUs(5_000),
    'counter loop 50k, us/iteration': counterUs(50_000),
    'while true; do :; done, us/syscall': busyUsPerSyscall(200_000),
    '${x##*/} ${x#*/} ${x%/*} ${x%%/*} of 300,000 chars, ms': stripMs(),
  }
}
