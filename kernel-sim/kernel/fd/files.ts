// The system-wide open-file table: one OpenFile ("struct file", an open file
// description) per open(), pipe end, socket or accept(); several fds, in one
// or many tasks, may share it (dup, fork). Its size is the first field of
// /proc/sys/fs/file-nr, and fs.file-max bounds it for everyone without
// CAP_SYS_ADMIN — whichever process used the files (proc_sys_fs(5)).
import { CAP, E } from '../../abi/index.ts'
import { capable } from '../security/capable.ts'
import type { Kernel } from '../kernel.ts'
import { printkRatelimited } from '../log.ts'
import type { FileKind, OpenFile, Task } from '../state.ts'
import { simulationLimit } from '../sim-limit.ts'
import { openFile } from './open-file.ts'
import { memcgChargeFile, memcgUnchargeFile, type FileUncharges } from '../cgroup/index.ts'

/** Above this many open files the simulation stops the flood (JS heap guard). */
export const SIM_MAX_FILES = 4_500_000

export type NewFile = Omit<OpenFile, 'id' | 'refs'>

/**
 * alloc_empty_file(): "if (get_nr_files() >= files_stat.max_files &&
 * !capable(CAP_SYS_ADMIN))" → ENFILE, logging "VFS: file-max limit N reached".
 * Then the file's kernel memory is charged: the memory cgroup charged, or -errno.
 */
function admitFile(k: Kernel, t: Task, kind: FileKind): number {
  const nr = k.s.files.size
  const max = k.coarse.sysctl.fileMax
  if (nr >= max && !capable(k, t, CAP.SYS_ADMIN)) {
    printkRatelimited(k, 'file-max', `VFS: file-max limit ${max} reached`)
    k.host.enfile?.(t.kpid) // the live view's alert
    return -E.ENFILE
  }
  if (nr >= SIM_MAX_FILES) return simulationLimit(k, t.kpid, `more than ${SIM_MAX_FILES} open files`)
  return memcgChargeFile(k, t, kind) // kernel memory, charged like __GFP_ACCOUNT slabs
}

export function allocFile(k: Kernel, t: Task, f: NewFile): OpenFile | number {
  const nr = k.s.files.size
  const memcg = admitFile(k, t, f.kind)
  if (memcg < 0) return memcg
  const c = k.ctr()
  // One object shape for every open file (V8 keeps the hot path monomorphic).
  const file = openFile(c.nextFile++, 1, f.flags, f.pos, f.kind, f.obj, f.path, memcg)
  k.host.fileOpened?.(nr + 1)
  return k.put('files', file.id, file) as OpenFile
}

/**
 * A fresh socket's open file (socket(2); obj -domain, no socket record yet:
 * net/socket.ts), held as one number (fd/compact.ts). Its id, or -errno.
 */
export function allocSocketFile(k: Kernel, t: Task, flags: number, domain: number): number {
  const nr = k.s.files.size
  const memcg = admitFile(k, t, 'socket')
  if (memcg < 0) return memcg
  const word = k.compactFiles.fresh(flags, domain, memcg)
  const id = k.ctr().nextFile++
  k.host.fileOpened?.(nr + 1)
  if (word < 0) k.put('files', id, openFile(id, 1, flags, 0, 'socket', -domain, '', memcg))
  else k.putFileWord(id, word)
  return id
}

/** A fresh inet socket file connects to a remote server: it keeps no socket record (obj -port, path the destination key). */
export function fileConnectedRemote(k: Kernel, id: number, dest: string, port: number): void {
  const cur = k.s.files.get(id)
  const word = typeof cur === 'number' ? k.compactFiles.connected(cur, dest, port) : -1
  if (word >= 0) return k.putFileWord(id, word)
  const w = k.mutFile(id)
  w.obj = -port
  w.path = dest
}

/** Is open file `id` a fresh socket of `domain`, with no socket record (obj -domain)? */
export function isFreshSocket(k: Kernel, id: number, domain: number): boolean {
  const f = k.s.files.get(id)
  if (f === undefined) return false
  return typeof f === 'number' ? k.compactFiles.isFresh(f, domain) : f.kind === 'socket' && f.obj === -domain
}

/**
 * What /proc/[pid]/fd/N points to: the path for files, "pipe:[ino]" and
 * "socket:[ino]" for anonymous objects (derived, so a million sockets do not
 * carry a million strings).
 */
export function filePath(f: OpenFile): string {
  if (f.kind === 'socket') return `socket:[${SOCKET_INO_BASE + f.id}]`
  if (f.kind === 'pipe') return `pipe:[${PIPE_INO_BASE + f.obj}]`
  return f.path
}
export const SOCKET_INO_BASE = 30000
export const PIPE_INO_BASE = 20000

/** get_file(): one more holder of an open file description. */
export function fget(k: Kernel, id: number): void {
  k.mutFile(id).refs++
}

/**
 * fput(): drop a reference; the last one releases the pipe end, socket, tty... (its kind's Kernel.fileRelease).
 * With `uncharges`, the memory-cgroup charge is collected there for the caller to return in one step.
 */
export function fput(k: Kernel, id: number, uncharges?: FileUncharges): void {
  const f = k.file(id)
  if (!f) throw new Error(`kernel bug: fput of unknown file ${id}`)
  if (f.refs > 1) {
    k.mutFile(id).refs--
    return
  }
  k.remove('files', id)
  if (uncharges) uncharges.add(f)
  else memcgUnchargeFile(k, f)
  k.fileRelease[f.kind]?.(k, f)
}
