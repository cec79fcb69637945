// __ptrace_may_access() (ptrace(2) "Ptrace access mode checking"): may
// `tracer` read (PTRACE_MODE_READ: /proc/[pid]/environ, ...) or attach to
// (PTRACE_MODE_ATTACH: /proc/[pid]/mem, ptrace) `tracee`?
//   1. same thread group: yes;
//   2. the caller's fsuid/fsgid (FSCREDS) must equal the target's real, effective
//      and saved ids, or the caller needs CAP_SYS_PTRACE in the target's user namespace;
//   3. commoncap: the target's permitted set must be a subset of the caller's,
//      or CAP_SYS_PTRACE (so a container's root cannot read the host root's processes);
//   4. the LSM (docker-default allows ptrace only among its own processes).
import { CAP } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { credUserns } from '../ns/user.ts'
import type { Task } from '../state.ts'
import { capableIn } from './capable.ts'
import { lsmPtrace } from './lsm.ts'
import { heldCaps } from '../task/cred.ts'

export function ptraceMayAccess(k: Kernel, tracer: Task, tracee: Task, mode: 'read' | 'trace'): boolean {
  if (tracer.tgid === tracee.tgid) return true
  const a = tracer.cred
  const b = tracee.cred
  const sameIds = a.fsuid === b.ruid && a.fsuid === b.euid && a.fsuid === b.suid &&
    a.fsgid === b.rgid && a.fsgid === b.egid && a.fsgid === b.sgid
  const ns = credUserns(b)
  let capChecked = false
  const hasPtrace = () => ((capChecked = true), capableIn(k, tracer, CAP.SYS_PTRACE, ns))
  if (!sameIds && !hasPtrace()) return false
  const subset = credUserns(a) === ns && (heldCaps(b).prm & ~heldCaps(a).prm) === 0n
  if (!subset && !(capChecked ? true : hasPtrace())) return false
  return lsmPtrace(k, tracer, tracee, mode) === 0
}
