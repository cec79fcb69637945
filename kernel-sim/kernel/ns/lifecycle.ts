// Namespaces across a task's life: what a child gets at clone(2), what exit
// releases, what reaping frees, and how execve(2) recomputes capabilities in
// a user namespace. Called from one-line hooks in task/fork.ts, exit.ts, exec.ts.
import type { Kpid } from '../../abi/pid.ts'
import { SIG, type Vpid } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Cred, NsProxy, Task } from '../state.ts'
import { isInit, mutNs, nsGet, nsPut, nsRec, proxyGet, proxyPut } from './core.ts'
import { CLONE_NEW_ALL, copyNamespaces, markTimeEntered } from './nsproxy.ts'
import { allocNsPids, freeNsPids, isPidNsInit, tasksBelow } from './pid.ts'
import { rootKuid } from './user.ts'

export interface ChildNs {
  ns: NsProxy
  cred: Cred
  nsPids: Vpid[] | undefined
}

/** The namespaces, credentials and nested pids of a new child (copy_namespaces + alloc_pid). */
export function nsCloneChild(k: Kernel, p: Task, flags: number, kpid: Kpid): ChildNs | number {
  let ns = p.ns
  let cred = p.cred
  if (flags & CLONE_NEW_ALL) {
    const r = copyNamespaces(k, p, flags, false)
    if (typeof r === 'number') return r
    ns = r.ns
    cred = r.cred
  } else if (p.ns.pid !== p.ns.pidChildren || p.ns.time !== p.ns.timeChildren) {
    ns = { ...p.ns, pid: p.ns.pidChildren, time: p.ns.timeChildren }
  }
  const pids = allocNsPids(k, ns.pid, kpid)
  if (typeof pids === 'number') {
    for (const f of ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'timeChildren', 'user', 'uts'] as const) {
      if (ns[f] !== p.ns[f] && !isInit(ns[f]) && nsRec(k, ns[f])?.refs === 0) { nsGet(k, ns[f]); nsPut(k, ns[f]) }
    }
    return pids
  }
  proxyGet(k, ns)
  if (ns.time !== p.ns.time) markTimeEntered(k, ns.time)
  return { ns, cred, nsPids: pids.length ? pids : undefined }
}

/**
 * exit: the task leaves its namespaces (it keeps its pid namespace until
 * reaped). The init of a pid namespace takes the namespace down: "the kernel
 * terminates all of the processes in the namespace via a SIGKILL signal" and
 * later forks into it fail with ENOMEM (pid_namespaces(7)).
 */
export function nsExit(k: Kernel, t: Task, kill: (kpid: Kpid, status: number) => void): void {
  proxyPut(k, t.ns, 'pid')
  if (t.kpid !== 1 && isPidNsInit(t) && !isInit(t.ns.pid)) {
    mutNs(k, t.ns.pid).dead = true
    for (const kpid of tasksBelow(k, t.ns.pid)) {
      const x = k.task(kpid)
      if (x && kpid !== t.kpid && x.state !== 'Z') kill(kpid, SIG.SIGKILL)
    }
  }
}

/** wait4 collected the zombie: its pids and its pid namespace reference go. */
export function nsReap(k: Kernel, t: Task): void {
  freeNsPids(k, t)
  if (!isInit(t.ns.pid)) nsPut(k, t.ns.pid)
}

/**
 * execve(2) in a user namespace: the capability rules apply with "root"
 * meaning uid 0 of that namespace; the global sets stay empty.
 */
export function execNsCaps(k: Kernel, c: Cred): Cred {
  const n = c.nsCaps
  if (!n) return c
  const root = rootKuid(k, c)
  const isRoot = root >= 0 && (c.ruid === root || c.euid === root)
  const prm = isRoot ? n.inh | n.bnd | n.amb : n.amb
  const eff = root >= 0 && c.euid === root ? prm : n.amb
  return { ...c, nsCaps: { ...n, prm, eff } }
}
