// printk: the kernel log ring that dmesg reads (syslog(2)), one line per call,
// stamped with virtual time as "[    1.234567] " (printk_time).
import type { Kernel } from './kernel.ts'

const RING_LINES = 2000

export function printk(k: Kernel, msg: string): void {
  const line = `[${fmtStamp(k.s.nowNs)}] ${msg}`
  const c = k.mutCoarse()
  c.dmesg.push(line)
  if (c.dmesg.length > RING_LINES) c.dmesg.splice(0, c.dmesg.length - RING_LINES)
  k.host.logged?.(msg)
}

export function fmtStamp(ns: number): string {
  const us = Math.floor(ns / 1000)
  const sec = Math.floor(us / 1e6)
  return `${String(sec).padStart(5, ' ')}.${String(us % 1e6).padStart(6, '0')}`
}

/** printk_ratelimited: at most one line per `key` every 5 s of virtual time. */
export function printkRatelimited(k: Kernel, key: string, msg: string): void {
  const last = k.rateLimits.get(key)
  if (last !== undefined && k.s.nowNs - last < 5e9) return
  k.rateLimits.set(key, k.s.nowNs)
  printk(k, msg)
}
