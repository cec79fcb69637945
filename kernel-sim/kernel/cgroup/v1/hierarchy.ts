// cgroup v1 hierarchies as data: finding a task's cgroup, mkdir/rmdir of a
// cgroup, moving a task (cgroup.procs/tasks), paths. A task's membership is
// Task.cgv1 (fork copies it, as "a child created via fork(2) inherits its
// parent's cgroup memberships", cgroups(7)); no entry = the hierarchy's root.
// SIMPLIFICATION: the container runtime places containers in the v2 hierarchy only; on a v1 host runc
// would also make a cgroup per container in each v1 hierarchy, here every task stays at the v1 roots
// until something writes cgroup.procs.
import type { Kpid } from '../../../abi/pid.ts'
import { E } from '../../../abi/index.ts'
import type { Kernel } from '../../kernel.ts'
import type { Task } from '../../state.ts'
import { isInit, nsRec } from '../../ns/core.ts'
import { kpidOf, userVpid } from '../../ns/pid.ts'
import type { CgroupV1State, V1Cgroup, V1Root } from './types.ts'

export function v1Roots(k: Kernel): V1Root[] {
  return Object.values(k.coarse.cgroupV1?.roots ?? {})
}

export function v1Root(k: Kernel, h: number): V1Root | undefined {
  return k.coarse.cgroupV1?.roots[h]
}

export function v1Cg(k: Kernel, h: number, id: number): V1Cgroup | undefined {
  return v1Root(k, h)?.cgroups[id]
}

/** The v1 state to change (this tick's immer draft), created on first use. */
export function mutV1(k: Kernel): CgroupV1State {
  const c = k.mutCoarse()
  c.cgroupV1 ??= { roots: {}, nextRoot: 1, nextCg: 1 }
  return c.cgroupV1
}

/** The task's cgroup in hierarchy `r`. */
export function taskV1Cg(t: Task, r: V1Root): number {
  return t.cgv1?.[r.id] ?? r.rootCg
}

/** The cgroup that is "/" for `t` in hierarchy `r`: its cgroup namespace's (cgroup_namespaces(7)). */
export function nsV1Root(k: Kernel, t: Task, r: V1Root): number {
  if (isInit(t.ns.cgroup)) return r.rootCg
  return nsRec(k, t.ns.cgroup)?.cgroupV1Roots?.[r.id] ?? r.rootCg
}

/** Live member tasks of a cgroup (zombies left it at exit: cgroup_exit), except `leaving`. */
export function v1Members(k: Kernel, r: V1Root, id: number, leaving?: Kpid): Task[] {
  const out: Task[] = []
  for (const t of k.s.tasks.values()) if (t.state !== 'Z' && t.kpid !== leaving && taskV1Cg(t, r) === id) out.push(t)
  return out
}

/** The path of cgroup `id` from cgroup `from` (cgroup_path_ns): "/x/y", or "/../z" outside it. */
export function v1Path(r: V1Root, id: number, from: number): string {
  const up = (x: number) => {
    const out: string[] = []
    for (let c = r.cgroups[x]; c && c.parent >= 0; c = r.cgroups[c.parent]) out.unshift(c.name)
    return out
  }
  const a = up(id)
  const b = up(from)
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return '/' + [...b.slice(i).map(() => '..'), ...a.slice(i)].join('/')
}

/** cgroup_mkdir(): a child inherits notify_on_release and clone_children from its parent (cgroups.rst 1.4). */
export function v1Mkdir(k: Kernel, h: number, parent: number, name: string): number {
  const p = v1Cg(k, h, parent)
  if (!p) return -E.ENOENT
  if (name.includes('\n')) return -E.EINVAL // "do not accept '\n' to prevent making /proc/<pid>/cgroup unparsable"
  if (p.children[name] !== undefined) return -E.EEXIST
  const s = mutV1(k)
  const id = s.nextCg++
  const r = s.roots[h]!
  r.cgroups[id] = { id, parent, name, children: {}, notifyOnRelease: p.notifyOnRelease, cloneChildren: p.cloneChildren }
  r.cgroups[parent]!.children[name] = id
  return 0
}

/** cgroup_destroy_locked(): EBUSY while it has tasks or children; then its parent may be released. */
export function v1Rmdir(k: Kernel, h: number, parent: number, name: string): number | { released: number } {
  const id = v1Cg(k, h, parent)?.children[name]
  if (id === undefined) return -E.ENOENT
  const r = v1Root(k, h)!
  if (Object.keys(r.cgroups[id]!.children).length || v1Members(k, r, id).length) return -E.EBUSY
  const w = mutV1(k).roots[h]!
  delete w.cgroups[parent]!.children[name]
  delete w.cgroups[id]
  return { released: parent }
}

/**
 * __cgroup1_procs_write(): one pid (0 = the writer) in the writer's pid namespace; the writer
 * must be root or own the task (its euid is the task's uid or suid). Returns the cgroup left.
 */
export function v1Attach(k: Kernel, writer: Task, h: number, id: number, data: string): number | { left: number; task: Kpid } {
  const v = data.trim()
  if (!/^[+]?\d+$/.test(v)) return -E.EINVAL
  const pid = Number(v) === 0 ? writer.kpid : kpidOf(k, writer, userVpid(Number(v)))
  const t = pid > 0 ? k.task(pid) : undefined
  if (!t || t.state === 'Z') return -E.ESRCH
  if (writer.cred.euid !== 0 && writer.cred.euid !== t.cred.ruid && writer.cred.euid !== t.cred.suid) return -E.EACCES
  const r = v1Root(k, h)!
  const left = taskV1Cg(t, r)
  if (left !== id) {
    const w = k.mutTask(t.kpid)
    const m = { ...w.cgv1 }
    if (id === r.rootCg) delete m[h]
    else m[h] = id
    if (Object.keys(m).length) w.cgv1 = m
    else w.cgv1 = undefined
  }
  return { left, task: t.kpid }
}
