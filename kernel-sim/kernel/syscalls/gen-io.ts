// Reads and writes of generated files (procfs, sysfs): content is rendered
// when first read from offset 0 (seq_file), writes go to the node's handler.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import { inView, namei } from '../fs/namei.ts'
import type { Kernel } from '../kernel.ts'
import type { OpenFile, Task } from '../state.ts'

/**
 * The task as it looks the file up again: its credentials and pid namespace (a cgroup.procs write reads pids
 * in the writer's), but the mount namespace and root of the opener, where `f.path` names the file — an fd
 * opened on the host and used after setns(CLONE_NEWNS) still reaches the host's file, as Linux's struct file does.
 * SIMPLIFICATION: the file is found again by path rather than kept as a dentry.
 */
export function openerView(t: Task, f: OpenFile): Task {
  return inView(t, f.openedIn)
}

export function genRead(k: Kernel, kpid: Kpid, f: OpenFile, count: number): string | number {
  let content = f.content
  if (content === undefined) {
    // One lookup serves both kinds of read (a second one per read made cgroupfs reads 40% slower).
    const r = namei(k, openerView(k.taskOrOops(kpid), f), f.path)
    if (typeof r === 'number') return -E.ESRCH // the process behind /proc/PID went away
    if (r.node.kind !== 'gen') return -E.EIO
    const node = r.node.node
    if (node.readAt) {
      // random access (mem_rw): the bytes at the file position, nothing rendered or cached
      const data = node.readAt(f.pos, count)
      if (typeof data === 'string' && data.length) k.mutFile(f.id).pos += data.length
      return data
    }
    if (node.type === 'd') return -E.EISDIR
    content = node.read?.() ?? ''
    k.mutFile(f.id).content = content
  }
  const data = content.slice(f.pos, f.pos + count)
  if (data.length) k.mutFile(f.id).pos += data.length
  return data
}

export function genWrite(k: Kernel, kpid: Kpid, f: OpenFile, data: string): number {
  const r = namei(k, openerView(k.taskOrOops(kpid), f), f.path)
  if (typeof r === 'number') return -E.ESRCH
  if (r.node.kind !== 'gen' || !r.node.node.write) return -E.EIO
  const res = r.node.node.write(data)
  return res < 0 ? res : data.length
}
