// The system-wide open-file table: one OpenFile ("struct file", an open file
// description) per open(), pipe end, socket or accept(); several fds, in one
// or many tasks, may share it (dup, fork). Its size is the first field of
// /proc/sys/fs/file-nr, and fs.file-max bounds it for everyone without
// CAP_SYS_ADMIN — whichever process used the files (proc_sys_fs(5)).
import { CAP, E } from '../../abi/index.ts'
import { capable } from '../security/capable.ts'
import type { Kernel } from '../kernel.ts'
import { printkRatelimited } from '../log.ts'
import type { OpenFile, Task } from '../state.ts'
import { simulationLimit } from '../sim-limit.ts'
import { memcgChargeFile, memcgUnchargeFile, type FileUncharges } from '../cgroup/index.ts'

/** Above this many open files the simulation stops the flood (JS heap guard). */
export const SIM_MAX_FILES = 4_500_000

export type NewFile = Omit<OpenFile, 'id' | 'refs'>

/**
 * alloc_empty_file(): "if (get_nr_files() >= files_stat.max_files &&
 * !capable(CAP_SYS_ADMIN))" → ENFILE, logging "VFS: file-max limit N reached".
 */
export function allocFile(k: Kernel, t: Task, f: NewFile): OpenFile | number {
  const nr = k.s.files.size
  const max = k.coarse.sysctl.fileMax
  if (nr >= max && !capable(k, t, CAP.SYS_ADMIN)) {
    printkRatelimited(k, 'file-max', `VFS: file-max limit ${max} reached`)
    k.host.enfile?.(t.kpid) // the live view's alert
    return -E.ENFILE
  }
  if (nr >= SIM_MAX_FILES) return simulationLimit(k, t.kpid, `more than ${SIM_MAX_FILES} open files`)
  const memcg = memcgChargeFile(k, t, f.kind) // kernel memory, charged like __GFP_ACCOUNT slabs
  if (memcg < 0) return memcg
  const c = k.ctr()
  // One object shape for every open file (V8 keeps the hot path monomorphic).
  const file: OpenFile = { id: c.nextFile++, refs: 1, flags: f.flags, pos: f.pos, kind: f.kind, obj: f.obj, path: f.path, memcg }
  k.host.fileOpened?.(nr + 1)
  return k.put('files', file.id, file)
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
