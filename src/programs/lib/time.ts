// Calendar arithmetic on the kernel's virtual clock (nanoseconds since the
// epoch, UTC). Programs may not use Date: the same seed must give the same
// transcript anywhere, so dates are computed here (days_from_civil inverse).
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, type Sys } from '../../libc/index.ts'

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const NS_PER_SEC = 1_000_000_000

export interface Civil {
  year: number
  month: number // 1..12
  day: number
  hour: number
  min: number
  sec: number
  nsec: number
  wday: number // 0 = Sunday
}

const p2 = (n: number) => String(n).padStart(2, '0')

/** SIMPLIFICATION: the simulated machines run in UTC (TZ is not consulted). */
export function civil(ns: number): Civil {
  const secs = Math.floor(ns / NS_PER_SEC)
  const nsec = ns - secs * NS_PER_SEC
  const days = Math.floor(secs / 86400)
  const rem = secs - days * 86400
  // civil_from_days (H. Hinnant)
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return {
    year, month, day,
    hour: Math.floor(rem / 3600), min: Math.floor((rem % 3600) / 60), sec: rem % 60, nsec,
    wday: (((days + 4) % 7) + 7) % 7,
  }
}

export function* now(): Sys<number> {
  return yield* clockGettime(CLOCK_REALTIME)
}

/** ls -l: "Nov 26 18:00" within six months, else "Nov 26  2023". */
export function lsTime(ns: number, nowNs: number): string {
  const c = civil(ns)
  const head = `${MONTHS[c.month - 1]} ${String(c.day).padStart(2, ' ')}`
  const sixMonths = (365.2425 / 2) * 86400 * NS_PER_SEC
  const recent = ns <= nowNs && nowNs - ns < sixMonths
  return recent ? `${head} ${p2(c.hour)}:${p2(c.min)}` : `${head}  ${c.year}`
}

/** stat(1): "2024-11-26 18:00:00.000000000 +0000". */
export function statTime(ns: number): string {
  const c = civil(ns)
  return `${c.year}-${p2(c.month)}-${p2(c.day)} ${p2(c.hour)}:${p2(c.min)}:${p2(c.sec)}.${String(c.nsec).padStart(9, '0')} +0000`
}

/** ps STIME/START: "18:00" today, "Nov26" this year, else the year. */
export function psStartTime(ns: number, nowNs: number): string {
  const c = civil(ns)
  const n = civil(nowNs)
  if (nowNs - ns < 86400 * NS_PER_SEC && c.day === n.day) return `${p2(c.hour)}:${p2(c.min)}`
  if (c.year === n.year) return `${MONTHS[c.month - 1]}${p2(c.day)}`
  return String(c.year)
}

/** ps TIME: [DD-]hh:mm:ss of cumulated CPU seconds. */
export function psCpuTime(secs: number, bsd = false): string {
  const s = Math.floor(secs)
  if (bsd) return `${Math.floor(s / 60)}:${p2(s % 60)}` // BSD "TIME": m:ss
  const d = Math.floor(s / 86400)
  const hms = `${p2(Math.floor((s % 86400) / 3600))}:${p2(Math.floor((s % 3600) / 60))}:${p2(s % 60)}`
  return d > 0 ? `${d}-${hms}` : hms
}
