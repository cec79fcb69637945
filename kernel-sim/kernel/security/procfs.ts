// The security files of /proc/[pid]: attr/current and attr/exec (the LSM
// label, proc(5) "/proc/[pid]/attr"), and the files whose open is a ptrace
// access check (environ: PTRACE_MODE_READ; mem: PTRACE_MODE_ATTACH; EACCES when denied).
import { E } from '../../abi/index.ts'
import { dirNode, fileNode, ownedBy as owned, type GenNode } from '../fs/genfs.ts'
import { renderEnviron } from '../fs/procfs/pid-status.ts'
import { memReadAt, renderMaps } from '../fs/procfs/pid-maps.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { attrCurrent, attrExecWrite } from './lsm.ts'
import { ptraceMayAccess } from './ptrace.ts'

/** Entries this module adds to /proc/[pid]. */
export const SECURITY_PID_FILES = ['attr', 'maps', 'mem']

const ptraceOpen = (k: Kernel, t: Task, mode: 'read' | 'trace') => (opener: Task) =>
  ptraceMayAccess(k, opener, k.task(t.kpid) ?? t, mode) ? 0 : -E.EACCES

/** /proc/[pid]/{attr,attr/current,attr/exec,environ,mem}, or undefined for any other entry. */
export function securityPidEntry(k: Kernel, viewer: Task, t: Task, rest: readonly string[]): GenNode | undefined {
  const [name, sub] = rest
  if (name === 'attr') {
    if (rest.length === 1) return owned(dirNode(() => ['current', 'exec', 'prev']), t)
    if (rest.length !== 2) return undefined
    if (sub === 'current') return owned(fileNode(() => attrCurrent(k, k.task(t.kpid) ?? t), 0o666, () => -E.EINVAL), t)
    if (sub === 'prev') return owned(fileNode(() => attrCurrent(k, k.task(t.kpid) ?? t), 0o444), t)
    if (sub === 'exec') return owned(fileNode(() => '', 0o666, (d) => attrExecWrite(k, viewer, k.task(t.kpid) ?? t, d)), t)
    return undefined
  }
  if (rest.length !== 1) return undefined
  // mem: the process's memory at the file offset (pid-maps.ts); maps: its mappings (PTRACE_MODE_READ to open).
  if (name === 'mem') {
    return owned({ ...fileNode(() => '', 0o600, () => -E.EIO), readAt: (pos, n) => memReadAt(k, t, pos, n), open: ptraceOpen(k, t, 'trace') }, t)
  }
  if (name === 'maps') return owned({ ...fileNode(() => renderMaps(k, k.task(t.kpid) ?? t), 0o444), open: ptraceOpen(k, t, 'read') }, t)
  if (name === 'environ') return owned({ ...fileNode(() => renderEnviron(t), 0o400), open: ptraceOpen(k, t, 'read') }, t)
  return undefined
}
