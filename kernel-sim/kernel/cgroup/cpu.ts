// The cpu controller (kernel/sched/core.c, fair.c; cgroup-v2.rst "CPU"):
// cpu.stat accounting, cpu.max bandwidth (a quota of CPU time per period;
// once used, the cgroup's tasks wait for the next period: "throttled"), and
// cpu.weight. Enforcement lives in the scheduler hook (sched-hook.ts).
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { cg, enabled, mutCg } from './table.ts'
import { MAX, type Cgroup } from './types.ts'

const NS_PER_US = 1000
/** tg_set_cfs_bandwidth: period 1 ms ... 1 s, quota at least 1 ms. */
const MIN_PERIOD = 1_000_000
const MAX_PERIOD = 1_000_000_000
const MIN_QUOTA = 1_000_000
/** max_cfs_runtime: MAX_BW * NSEC_PER_USEC, about 35 minutes... in practice "a lot". */
const MAX_QUOTA = (2 ** 44 - 1) * NS_PER_US

/** Charges CPU time to the task's cgroup and its ancestors; returns true if a bandwidth limit was used up. */
export function cpuCharge(k: Kernel, cgroup: number, userNs: number, sysNs: number): boolean {
  const ns = userNs + sysNs
  const now = k.s.nowNs
  let throttled = false
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    w.cpuUsageNs += ns
    w.cpuUserNs += userNs
    w.cpuSystemNs += sysNs
    if (w.cpuQuotaNs < MAX) {
      rollPeriod(w, now)
      w.cpuPeriodUsed += ns
      if (w.cpuPeriodUsed >= w.cpuQuotaNs && w.cpuThrottledUntil < 0) {
        const until = w.cpuPeriodStart + w.cpuPeriodNs
        w.cpuThrottledUntil = until
        w.cpuNrThrottled++
        w.cpuThrottledNs += until - now
        throttled = true
      }
    }
    id = w.parent
  }
  return throttled
}

/** A new bandwidth period began: the quota is refilled (debt from an overrun carries over, as runtime_remaining does). */
function rollPeriod(w: Cgroup, now: number): void {
  if (now < w.cpuPeriodStart + w.cpuPeriodNs) return
  const elapsed = Math.floor((now - w.cpuPeriodStart) / w.cpuPeriodNs)
  w.cpuPeriodStart += elapsed * w.cpuPeriodNs
  w.cpuPeriodUsed = Math.max(0, w.cpuPeriodUsed - elapsed * w.cpuQuotaNs)
  w.cpuNrPeriods++
}

/** Runtime left in the current period for the cgroup and its ancestors (Infinity without limits). */
export function cpuRuntimeLeft(k: Kernel, cgroup: number): number {
  let left = Infinity
  const now = k.s.nowNs
  for (let c = cg(k, cgroup); c && c.parent >= 0; c = cg(k, c.parent)) {
    if (c.cpuQuotaNs >= MAX) continue
    const used = now >= c.cpuPeriodStart + c.cpuPeriodNs ? 0 : c.cpuPeriodUsed
    left = Math.min(left, c.cpuQuotaNs - used)
  }
  return left
}

/** The product of cpu.weight/100 down the tree: the task's share relative to a task in the root. */
export function cpuWeightFactor(k: Kernel, cgroup: number): number {
  let f = 1
  for (let c = cg(k, cgroup); c && c.parent >= 0; c = cg(k, c.parent)) if (c.cpuWeight !== 100) f *= c.cpuWeight / 100
  return f
}

/** cpu.max write (cpu_period_quota_parse + tg_set_cfs_bandwidth): "$MAX [$PERIOD]", µs. */
export function writeCpuMax(k: Kernel, id: number, data: string): number {
  const parts = data.trim().split(/\s+/)
  const c = cg(k, id)!
  if (parts.length === 0 || parts[0] === '' || parts.length > 2) return -E.EINVAL
  let period = c.cpuPeriodNs
  if (parts[1] !== undefined) {
    if (!/^\d+$/.test(parts[1])) return -E.EINVAL
    period = Number(parts[1]) * NS_PER_US
  }
  let quota: number
  if (/^\d+$/.test(parts[0]!)) quota = Number(parts[0]) * NS_PER_US
  else if (parts[0] === 'max') quota = MAX
  else return -E.EINVAL
  if (period < MIN_PERIOD || period > MAX_PERIOD) return -E.EINVAL
  if (quota !== MAX && (quota < MIN_QUOTA || quota > MAX_QUOTA)) return -E.EINVAL
  const w = mutCg(k, id)
  w.cpuQuotaNs = quota
  w.cpuPeriodNs = period
  w.cpuPeriodStart = k.s.nowNs
  w.cpuPeriodUsed = 0
  w.cpuThrottledUntil = -1
  return 0
}

/** cpu.weight write (cpu_weight_write_u64): [1, 10000], else ERANGE. */
export function writeCpuWeight(k: Kernel, id: number, data: string): number {
  const v = data.trim()
  if (!/^\+?\d+$/.test(v)) return -E.EINVAL
  const n = Number(v)
  if (n < 1 || n > 10000) return -E.ERANGE
  mutCg(k, id).cpuWeight = n
  return 0
}

export function cpuResetLimits(k: Kernel, id: number): void {
  const w = mutCg(k, id)
  w.cpuQuotaNs = MAX
  w.cpuPeriodNs = 100_000_000
  w.cpuWeight = 100
  w.cpuThrottledUntil = -1
}

export function renderCpuMax(c: Cgroup): string {
  return `${c.cpuQuotaNs >= MAX ? 'max' : Math.floor(c.cpuQuotaNs / NS_PER_US)} ${Math.floor(c.cpuPeriodNs / NS_PER_US)}\n`
}

/** cpu.stat: usage always; the bandwidth counters where the controller is enabled. */
export function renderCpuStat(k: Kernel, c: Cgroup): string {
  const us = (ns: number) => Math.floor(ns / NS_PER_US)
  let s = `usage_usec ${us(c.cpuUsageNs)}\nuser_usec ${us(c.cpuUserNs)}\nsystem_usec ${us(c.cpuSystemNs)}\n`
  if (enabled(k, c, 'cpu')) {
    s += `nr_periods ${c.cpuNrPeriods}\nnr_throttled ${c.cpuNrThrottled}\nthrottled_usec ${us(c.cpuThrottledNs)}\nnr_bursts 0\nburst_usec 0\n`
  }
  return s
}
