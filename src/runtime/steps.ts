// Start-up steps and their virtual cost. The seed article: "runtime creates
// namespace and cgroup, runtime mounts filesystem, process starts. Typical
// time: 100-500 milliseconds." Each step draws its duration from the kernel's
// seeded generator (getrandom) within a range and spends it with nanosleep,
// so `time`, `--timeline` and `docker inspect` agree with the kernel's clock.
import { CLOCK_MONOTONIC } from '../../kernel-sim/abi/index.ts'
import { clockGettime, getrandom, nanosleep, type Sys } from '../libc/index.ts'

/** [min, max] virtual milliseconds per step; the sums are 107 and 415 ms. */
export const STEP_MS: Record<string, [number, number]> = {
  'dockerd: create container (config, names, hosts files)': [8, 30],
  'dockerd: prepare rootfs (overlay2 layers → merged)': [20, 75],
  'containerd-shim: start shim': [15, 60],
  'runc: create cgroup and write limits': [6, 25],
  'runc: create namespaces (clone)': [20, 90],
  'runc: mount rootfs, /proc, /sys, /dev; pivot_root': [18, 70],
  'runc: capabilities, seccomp, AppArmor, rlimits': [8, 30],
  'runc: execve the container process': [12, 35],
}

export interface Step { name: string; ns: number }

/** A uniform draw in [0, 1) from the kernel's seeded generator. */
export function* uniform(): Sys<number> {
  const b = yield* getrandom(4)
  let v = 0
  for (let i = 0; i < 4; i++) v = v * 256 + (b.charCodeAt(i) || 0)
  return v / 2 ** 32
}

/**
 * Runs one step: `work` does the real syscalls; then the step is topped up
 * to its drawn duration (the real work is already part of it).
 */
export function* step<T>(steps: Step[], name: string, work: () => Sys<T>): Sys<T> {
  const t0 = yield* clockGettime(CLOCK_MONOTONIC)
  const r = yield* work()
  const [lo, hi] = STEP_MS[name] ?? [1, 5]
  const want = (lo + (hi - lo) * (yield* uniform())) * 1e6
  const spent = (yield* clockGettime(CLOCK_MONOTONIC)) - t0
  if (want > spent) yield* nanosleep(Math.round(want - spent))
  steps.push({ name, ns: (yield* clockGettime(CLOCK_MONOTONIC)) - t0 })
  return r
}

/** `--timeline` lines: offset, duration, step. */
export function formatTimeline(steps: readonly Step[]): string {
  let at = 0
  let s = ''
  for (const x of steps) {
    s += `timeline: ${(at / 1e6).toFixed(1).padStart(6)} ms  +${(x.ns / 1e6).toFixed(1).padStart(5)} ms  ${x.name}\n`
    at += x.ns
  }
  return s + `timeline: ${(at / 1e6).toFixed(1).padStart(6)} ms  total: container started\n`
}
