// Output formatting shared by ls, stat, ps, free, wc: mode strings, columns,
// human-readable sizes.
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from '../../../kernel-sim/abi/index.ts'

const TYPE_CHARS: Record<number, string> = {
  [S_IFREG]: '-', [S_IFDIR]: 'd', [S_IFLNK]: 'l', [S_IFCHR]: 'c', [S_IFBLK]: 'b', [S_IFIFO]: 'p', [S_IFSOCK]: 's',
}

/** filemode(3) / ls -l: "drwxr-xr-x", with setuid/setgid/sticky letters. */
export function modeString(mode: number): string {
  const t = TYPE_CHARS[mode & S_IFMT] ?? '?'
  const rwx = (bits: number, special: boolean, sc: string) => {
    const x = bits & 1 ? (special ? sc : 'x') : special ? sc.toUpperCase() : '-'
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + x
  }
  return t + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    rwx(mode & 7, (mode & 0o1000) !== 0, 't')
}

/** stat %F. */
export function fileTypeName(mode: number, size: number): string {
  switch (mode & S_IFMT) {
    case S_IFREG: return size === 0 ? 'regular empty file' : 'regular file'
    case S_IFDIR: return 'directory'
    case S_IFLNK: return 'symbolic link'
    case S_IFCHR: return 'character special file'
    case S_IFBLK: return 'block special file'
    case S_IFIFO: return 'fifo'
    case S_IFSOCK: return 'socket'
    default: return 'weird file'
  }
}

/** procps/coreutils -h: 1024-based with one decimal under 10 ("1.5Gi", "830Mi", "0B"). */
export function humanSize(bytes: number, si = false): string {
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi']
  const base = si ? 1000 : 1024
  if (bytes < base) return `${bytes}B`
  let v = bytes
  let u = 0
  while (v >= base && u < units.length - 1) {
    v /= base
    u++
  }
  const unit = si ? units[u]!.replace('i', '') : units[u]!
  return v < 10 ? `${(Math.round(v * 10) / 10).toFixed(1)}${unit}` : `${Math.round(v)}${unit}`
}

/** ls -h / df -h: K, M, G suffixes, rounded up, one decimal under 10 ("4.0K", "12M", "512"); df -H: powers of 1000 ("4.3G", "12k"). */
export function humanCeil(bytes: number, base: 1024 | 1000 = 1024): string {
  if (bytes < base) return String(bytes)
  const units = [base === 1000 ? 'k' : 'K', 'M', 'G', 'T', 'P']
  let v = bytes / base
  let u = 0
  while (v >= base && u < units.length - 1) {
    v /= base
    u++
  }
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10
    return r >= 10 ? `${r}${units[u]}` : `${r.toFixed(1)}${units[u]}`
  }
  return `${Math.ceil(v)}${units[u]}`
}
