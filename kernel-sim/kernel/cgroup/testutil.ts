// Test helpers for the cgroup tests: read and write interface files the way a
// shell's `cat` and `echo >` do (one open, one read or write, close).
import { O_WRONLY, type Kpid } from '../../abi/index.ts'
import type { Harness } from '../../testing/harness.ts'

export const CG = '/sys/fs/cgroup'

export function rd(h: Harness, pid: Kpid, path: string): string | number {
  const fd = h.open(pid, path.startsWith('/') ? path : `${CG}/${path}`)
  if (fd < 0) return fd
  const data = h.call(pid, 'read', fd, 1 << 20) as string | number
  h.call(pid, 'close', fd)
  return data
}

/** Returns the write(2) result: bytes written or -errno (what bash prints as "write error"). */
export function wr(h: Harness, pid: Kpid, path: string, data: string): number {
  const fd = h.open(pid, path.startsWith('/') ? path : `${CG}/${path}`, O_WRONLY)
  if (fd < 0) return fd
  const r = h.call(pid, 'write', fd, data) as number
  h.call(pid, 'close', fd)
  return r
}

export function mkdir(h: Harness, pid: Kpid, rel: string): number {
  return h.call(pid, 'mkdir', `${CG}/${rel}`, 0o755) as number
}

export function rmdir(h: Harness, pid: Kpid, rel: string): number {
  return h.call(pid, 'rmdir', `${CG}/${rel}`) as number
}

export function ls(h: Harness, pid: Kpid, rel: string): string[] {
  const fd = h.open(pid, rel ? `${CG}/${rel}` : CG)
  const ents = h.call(pid, 'getdents', fd) as { name: string }[]
  h.call(pid, 'close', fd)
  return ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..')
}

/** Moves `pid` into cgroup `rel` (echo PID > rel/cgroup.procs); returns the write result. */
export function move(h: Harness, writer: Kpid, pid: Kpid | 0, rel: string): number {
  return wr(h, writer, rel ? `${rel}/cgroup.procs` : 'cgroup.procs', `${pid}\n`)
}
