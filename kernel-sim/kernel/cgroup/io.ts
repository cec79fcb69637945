// The io controller on a simulated shared disk (block/blk-throttle.c,
// blk-cgroup.c; cgroup-v2.rst "IO"). /dev/vda (254:0) is one disk with a
// fixed bandwidth; every read or write of it is a request that waits its turn
// in one FIFO queue, so a writer with big requests delays everyone else's.
// io.max throttles a cgroup *before* its request reaches the queue: a throttled
// request does not hold the disk, which is how a limit protects the neighbours.
//
// SIMPLIFICATION: one device, no page cache (every request goes to the disk),
// FIFO instead of an elevator; io.weight is stored but not used.
import type { Kpid } from '../../abi/pid.ts'
import { E, makedev } from '../../abi/index.ts'
import type { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import { sleepTimed } from './sched-hook.ts'
import { cg, mutCg, mutTable } from './table.ts'
import { MAX, type Cgroup, type IoLimit } from './types.ts'

export const VDA_MAJOR = 254
export const VDA = makedev(VDA_MAJOR, 0)
/** The disk: 200 MiB/s and 0.1 ms per request (a virtio disk on a local SSD, roughly). */
export const DISK_BPS = 200 * 2 ** 20
export const DISK_REQ_NS = 100_000

const NO_LIMIT: IoLimit = { rbps: MAX, wbps: MAX, riops: MAX, wiops: MAX }

/** A request in flight per task: throttled until `at`, then on the disk until `done`. */
interface InFlight {
  phase: 'throttle' | 'disk'
  at: number
  bytes: number
}
const INFLIGHT = new WeakMap<Kernel, Map<number, InFlight>>()

function inflight(k: Kernel): Map<number, InFlight> {
  let m = INFLIGHT.get(k)
  if (!m) INFLIGHT.set(k, (m = new Map()))
  return m
}

const WCHAN = 'io_schedule'
const chan = (kpid: Kpid) => `io:${kpid}`
const devKey = (rdev: number) => `${rdev >>> 8}:${rdev & 0xff}`

/**
 * A read or write of `bytes` on the disk by task `kpid`: sleeps (BLOCK; the
 * call is retried on wake-up) while throttled and while queued; returns bytes when done.
 */
export function diskIo(k: Kernel, kpid: Kpid, rdev: number, write: boolean, bytes: number): number | typeof BLOCK {
  const m = inflight(k)
  const now = k.s.nowNs
  const cur = m.get(kpid)
  if (cur && now < cur.at) return sleepTimed(k, kpid, cur.at, chan(kpid), WCHAN)
  if (cur && cur.phase === 'disk') {
    m.delete(kpid)
    return cur.bytes
  }
  const t = k.taskOrOops(kpid)
  const key = devKey(rdev)
  if (!cur) {
    // blk-throttle: the earliest time every level's io.max allows this bio.
    const at = throttleAt(k, t.cgroup, key, write, bytes)
    account(k, t.cgroup, key, write, bytes)
    if (at > now) {
      m.set(kpid, { phase: 'throttle', at, bytes })
      return sleepTimed(k, kpid, at, chan(kpid), 'blk_throtl_wait')
    }
  }
  // Dispatched: join the disk's queue.
  const tab = mutTable(k)
  const start = Math.max(now, tab.diskBusyNs)
  const done = start + DISK_REQ_NS + Math.ceil((bytes / DISK_BPS) * 1e9)
  tab.diskBusyNs = done
  m.set(kpid, { phase: 'disk', at: done, bytes })
  return sleepTimed(k, kpid, done, chan(kpid), WCHAN)
}

/** Advances each limited level's dispatch clock by this bio's share and returns when it may go. */
function throttleAt(k: Kernel, cgroup: number, key: string, write: boolean, bytes: number): number {
  let at = k.s.nowNs
  for (let c = cg(k, cgroup); c && c.parent >= 0; c = cg(k, c.parent)) {
    const lim = c.ioMax[key]
    if (!lim) continue
    const bps = write ? lim.wbps : lim.rbps
    const iops = write ? lim.wiops : lim.riops
    if (bps >= MAX && iops >= MAX) continue
    const clock = `${key}:${write ? 'w' : 'r'}`
    const start = Math.max(k.s.nowNs, c.ioNext[clock] ?? 0)
    const cost = Math.max(bps < MAX ? (bytes / bps) * 1e9 : 0, iops < MAX ? 1e9 / iops : 0)
    const w = mutCg(k, c.id)
    w.ioNext = { ...w.ioNext, [clock]: start + cost }
    at = Math.max(at, start)
  }
  return Math.ceil(at)
}

/** io.stat: bytes and ios, in the cgroup and every ancestor. */
function account(k: Kernel, cgroup: number, key: string, write: boolean, bytes: number): void {
  for (let id = cgroup; id >= 0; ) {
    const w = mutCg(k, id)
    const s = w.ioStat[key] ?? { rbytes: 0, wbytes: 0, rios: 0, wios: 0 }
    w.ioStat = {
      ...w.ioStat,
      [key]: write ? { ...s, wbytes: s.wbytes + bytes, wios: s.wios + 1 } : { ...s, rbytes: s.rbytes + bytes, rios: s.rios + 1 },
    }
    id = w.parent
  }
}

/** io.max write: "MAJ:MIN key=value ..." (blkg_conf_prep + tg_set_limit). */
export function writeIoMax(k: Kernel, id: number, data: string): number {
  for (const line of data.split('\n')) {
    const toks = line.trim().split(/\s+/).filter(Boolean)
    if (toks.length === 0) continue
    const dev = /^(\d+):(\d+)$/.exec(toks[0]!)
    if (!dev) return -E.EINVAL
    const key = `${Number(dev[1])}:${Number(dev[2])}`
    if (key !== devKey(VDA)) return -E.ENODEV
    const c = cg(k, id)!
    const next: IoLimit = { ...(c.ioMax[key] ?? NO_LIMIT) }
    for (const kv of toks.slice(1)) {
      const m = /^(rbps|wbps|riops|wiops)=(max|\d+)$/.exec(kv)
      if (!m) return -E.EINVAL
      next[m[1] as keyof IoLimit] = m[2] === 'max' ? MAX : Number(m[2])
    }
    const w = mutCg(k, id)
    const { [key]: _, ...rest } = w.ioMax
    const unlimited = Object.values(next).every((v) => v >= MAX)
    w.ioMax = unlimited ? rest : { ...rest, [key]: next }
  }
  return 0
}

export function renderIoMax(c: Cgroup): string {
  const f = (v: number) => (v >= MAX ? 'max' : String(v))
  return Object.entries(c.ioMax).map(([dev, l]) => `${dev} rbps=${f(l.rbps)} wbps=${f(l.wbps)} riops=${f(l.riops)} wiops=${f(l.wiops)}\n`).join('')
}

export function renderIoStat(c: Cgroup): string {
  return Object.entries(c.ioStat).map(([dev, s]) => `${dev} rbytes=${s.rbytes} wbytes=${s.wbytes} rios=${s.rios} wios=${s.wios} dbytes=0 dios=0\n`).join('')
}

/** read(2) of the disk device: `count` zero bytes once the request is done. */
export function diskRead(k: Kernel, kpid: Kpid, rdev: number, count: number): string | number | typeof BLOCK {
  const n = Math.min(count, 1 << 20)
  const r = diskIo(k, kpid, rdev, false, n)
  return typeof r === 'number' ? '\0'.repeat(r) : r
}

/** write(2) to the disk device: the data goes nowhere, but it takes the disk's time. */
export function diskWrite(k: Kernel, kpid: Kpid, rdev: number, data: string): number | typeof BLOCK {
  return diskIo(k, kpid, rdev, true, data.length)
}

/** A task exited: forget its request in flight. */
export function ioForget(k: Kernel, kpid: Kpid): void {
  INFLIGHT.get(k)?.delete(kpid)
}
