// cgroup v1 hierarchies: the surface for the rest of the kernel (mount(2), the
// VFS, exit, /proc/PID/cgroup). One line at each call site.
import type { Kernel } from '../../kernel.ts'
import type { Task } from '../../state.ts'
import { nsV1Root, taskV1Cg, v1Path, v1Roots } from './hierarchy.ts'

export { cgroupV1fs } from './files.ts'
export { cgroupV1Mount, v1ShowOptions } from './mount.ts'
export { cgroupV1Exit } from './release.ts'

/**
 * /proc/PID/cgroup's v1 lines (cgroups(7) "hierarchy-ID:controller-list:cgroup-path"), newest
 * hierarchy first as Linux lists its roots, before the v2 line "0::/...". A named hierarchy's
 * list is "name=X"; paths are relative to the reader's cgroup-namespace root in that hierarchy.
 */
export function procV1CgroupLines(k: Kernel, t: Task, viewer: Task): string {
  let s = ''
  for (const r of v1Roots(k).sort((a, b) => b.id - a.id)) {
    const list = [...r.subsys, ...(r.name ? [`name=${r.name}`] : [])].join(',')
    s += `${r.id}:${list}:${v1Path(r, taskV1Cg(t, r), nsV1Root(k, viewer, r))}\n`
  }
  return s
}
