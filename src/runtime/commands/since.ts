// `docker logs --since/--until` values as the client library reads them
// (moby api/types/time GetTimestamp): a Go duration before now ("10m",
// "1h30m", "1.5s"), a Unix time ("1700000000.5"), or an RFC 3339 date/time
// ("2026-11-26", "2026-11-26T09:00:00", "...Z", "...+01:00"); nanoseconds
// since the epoch, or undefined when it is none of them.
// SIMPLIFICATION: the machine's local time zone is UTC.

/** days_from_civil (H. Hinnant): days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const UNIT: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }

/** Go's time.ParseDuration, in ns; undefined if malformed. */
export function parseDuration(s: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return undefined
  let ns = 0
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ns += Number(m[1]) * UNIT[m[2]!]!
  return ns
}

/** An RFC 3339 (or shorter) date-time in ns; undefined if malformed. */
export function parseTime(s: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?)?(Z|[+-]\d\d:\d\d)?$/i.exec(s)
  if (!m) return undefined
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]))
  const secs = days * 86400 + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0)
  const frac = Number((m[7] ?? '').padEnd(9, '0') || 0)
  const tz = m[8] && m[8].toUpperCase() !== 'Z' ? (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 3600 + Number(m[8].slice(4)) * 60) : 0
  return (secs - tz) * 1e9 + frac
}

/** GetTimestamp: ns since the epoch for a --since/--until value, relative to `now`. */
export function timestamp(value: string, now: number): number | undefined {
  const d = value !== '0' ? parseDuration(value) : undefined
  if (d !== undefined) return now - d
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1e9)
  return parseTime(value)
}
