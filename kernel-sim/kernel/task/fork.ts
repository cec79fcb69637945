// fork(2)/clone(2). The child gets a copy of the parent's credentials, limits,
// signal dispositions, cwd and fd table (or shares it with CLONE_FILES). Its
// code is the continuation the caller passes (a JS generator cannot be copied).
import { ptraceFork } from './ptrace.ts'
import type { Kpid } from '../../abi/pid.ts'
import {
  CAP, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, E, RLIMIT_NPROC,
  type Program,
} from '../../abi/index.ts'
import { copyFdTable } from '../fd/fd-table.ts'
import { copyMappings } from '../vma.ts'
import { memFree, SLAB } from '../mm.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { taskRecord } from './record.ts'
import { simulationLimit } from '../sim-limit.ts'
import { capable } from '../security/capable.ts'
import { cgroupCanFork, cgroupForked } from '../cgroup/index.ts'
import { cloneNsInvalid } from '../ns/nsproxy.ts'
import { nsCloneChild } from '../ns/lifecycle.ts'

/** Past this many tasks the simulation refuses to grow (JS heap guard). */
export const SIM_MAX_TASKS = 200_000
/** RESERVED_PIDS: after wrapping, pids restart above the daemons' range. */
const RESERVED_PIDS = 300

export function sysClone(k: Kernel, kpid: Kpid, flags: number, child: () => Program): number {
  if (typeof child !== 'function') return -E.EFAULT
  // clone(2) EINVAL cases: CLONE_SIGHAND without CLONE_VM, CLONE_THREAD without CLONE_SIGHAND.
  if (flags & CLONE_SIGHAND && !(flags & CLONE_VM)) return -E.EINVAL
  if (flags & CLONE_THREAD && !(flags & CLONE_SIGHAND)) return -E.EINVAL
  // SIMPLIFICATION: threads (CLONE_THREAD/CLONE_VM) are not modelled.
  if (flags & (CLONE_THREAD | CLONE_VM)) return -E.EINVAL
  if (cloneNsInvalid(flags)) return -E.EINVAL
  const p = k.taskOrOops(kpid)
  const err = forkAllowed(k, p)
  if (err) return err
  const pid = allocPid(k)
  if (pid === undefined) return -E.EAGAIN
  if (k.s.tasks.size >= SIM_MAX_TASKS) return simulationLimit(k, kpid, `more than ${SIM_MAX_TASKS} processes`)
  const cgErr = cgroupCanFork(k, p) // pids.max (EAGAIN) and memory.max up the tree
  if (cgErr) return cgErr
  const nsc = nsCloneChild(k, p, flags, pid)
  if (typeof nsc === 'number') return nsc

  const fdTable = flags & CLONE_FILES ? shareFdTable(k, p.fdTable) : copyFdTable(k, p.fdTable).id
  const t: Task = taskRecord({
    ...p,
    kpid: pid,
    tgid: pid,
    ppid: kpid,
    state: 'R',
    wchan: '',
    exitStatus: 0,
    waitReport: '',
    fdTable,
    sigCaught: [],
    children: [],
    reportable: 0,
    startNs: k.s.nowNs,
    utimeNs: 0,
    stimeNs: 0,
    cutimeNs: 0,
    cstimeNs: 0,
    wakeNs: -1,
    minFlt: 0,
    ns: nsc.ns,
    cred: nsc.cred,
    nsPids: nsc.nsPids,
  })
  k.put('tasks', pid, t)
  cgroupForked(k, pid)
  ptraceFork(k, p, pid)
  const pw = k.mutTask(kpid)
  pw.children = k.own(pw.children) // copied once per tick, not once per fork (a fork bomb's parent has thousands)
  pw.children.push(pid)
  const c = k.ctr()
  c.forks++
  c.procsByUid = k.own(c.procsByUid)
  c.procsByUid[t.cred.ruid] = (c.procsByUid[t.cred.ruid] ?? 0) + 1
  copyMappings(k, t)
  k.sched.attach(pid, child())
  k.sched.makeRunnable(pid)
  return pid
}

/**
 * fork(2) EAGAIN: RLIMIT_NPROC ("not enforced for processes that have either the
 * CAP_SYS_ADMIN or the CAP_SYS_RESOURCE capability, or run with real user ID 0",
 * getrlimit(2)), and /proc/sys/kernel/threads-max.
 */
function forkAllowed(k: Kernel, p: Task): number {
  const nproc = k.s.counters.procsByUid[p.cred.ruid] ?? 0
  // The capabilities are asked only over the limit (copy_process()), so confined tasks are audited only then.
  if (nproc >= p.rlimits[RLIMIT_NPROC]![0] && p.cred.ruid !== 0 && !capable(k, p, CAP.SYS_RESOURCE) && !capable(k, p, CAP.SYS_ADMIN)) return -E.EAGAIN
  if (k.s.tasks.size >= k.coarse.sysctl.threadsMax) return -E.EAGAIN
  // fork(2) ENOMEM: "failed to allocate the necessary kernel structures because memory is tight"
  // (the child's task struct and a copy of the parent's pages).
  if (memFree(k) < p.rssBytes + SLAB.task) return -E.ENOMEM
  return 0
}

/** alloc_pid(): the next free pid after the last one, wrapping at pid_max. */
function allocPid(k: Kernel): Kpid | undefined {
  const max = k.coarse.sysctl.pidMax
  const c = k.ctr()
  let pid = c.lastPid
  for (let tries = 0; tries < max; tries++) {
    pid = pid + 1 >= max ? RESERVED_PIDS : pid + 1
    if (!k.s.tasks.has(pid)) {
      c.lastPid = pid
      return pid as Kpid // a new kernel-global id
    }
  }
  return undefined
}

function shareFdTable(k: Kernel, id: number): number {
  k.mutFdTable(id).users++
  return id
}
