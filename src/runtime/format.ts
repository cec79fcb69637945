// Docker's human formats (docker/go-units): "2 seconds ago", "Up 5 minutes",
// "Exited (0) 3 seconds ago", sizes "7.8MB" (SI, 3 significant digits) and
// "5.629MiB" (binary, for stats), and the tabwriter tables (3 spaces between
// columns, as `docker ps` pads them).
import { civil } from '../programs/lib/time.ts'

/** go-units HumanDuration. */
export function humanDuration(ns: number): string {
  const s = Math.floor(ns / 1e9)
  if (s < 1) return 'Less than a second'
  if (s === 1) return '1 second'
  if (s < 60) return `${s} seconds`
  const m = Math.floor(s / 60)
  if (m === 1) return 'About a minute'
  if (m < 60) return `${m} minutes`
  const h = Math.round(s / 3600)
  if (h === 1) return 'About an hour'
  if (h < 48) return `${h} hours`
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`
  return `${Math.floor(h / 24 / 365)} years`
}

/** go-units HumanSizeWithPrecision(size, precision): "7.8MB", "117MB", "192MB" (HumanSize itself is precision 4: "199.8MB"). */
export function humanSize(bytes: number, precision = 3): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let i = 0
  let v = bytes
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${Number(v.toPrecision(precision))}${units[i]}`
}

/** docker system df/prune's sizes: four significant digits. */
export const humanSize4 = (bytes: number) => humanSize(bytes, 4)

/** go-units BytesSize: "5.629MiB", "1.952GiB". */
export function bytesSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  let v = bytes
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${Number(v.toPrecision(4))}${units[i]}`
}

/** text/tabwriter.NewWriter(out, 10, 1, 3, ' ', 0): the docker CLI's table writer (minwidth 10, padding 3). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, runes(c))))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(Math.max(widths[i]! + 3, 10) - runes(c)))).join('') + '\n').join('')
}

/** Width in characters (code points; tabwriter counts runes): ASCII needs no splitting. */
const runes = (c: string) => (/[^\x00-\x7f]/.test(c) ? [...c].length : c.length)

/** RFC 3339 with nanoseconds, as the Engine API prints times ("2024-05-01T10:00:00.123456789Z"). */
export function rfc3339(ns: number): string {
  if (ns <= 0) return '0001-01-01T00:00:00Z'
  const c = civil(ns)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${c.year}-${p(c.month)}-${p(c.day)}T${p(c.hour)}:${p(c.min)}:${p(c.sec)}.${p(c.nsec, 9)}Z`
}

/** `docker ps` COMMAND column: the quoted command line, truncated to 20 chars with "…". */
export function psCommand(path: string, args: readonly string[]): string {
  const full = [path, ...args].join(' ')
  const s = full.length > 20 ? full.slice(0, 19) + '…' : full
  return `"${s}"`
}
