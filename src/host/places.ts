// Where a process "lives" for the live view: the host, or a container named
// as the student named it. Docker's processes are found by their cgroup
// (cgroupfs driver: /docker/<id>) and named from dockerd's record; another
// process in its own pid namespace (unshare -p) is named by its UTS hostname.
import { INIT_NS, cgroupPath, utsOf, type Kernel, type Task } from '../../kernel-sim/index.ts'
import type { DockerNames } from './docker-names.ts'

const DOCKER_CGROUP = /^\/docker\/([0-9a-f]{64})$/

export function placeOf(k: Kernel, t: Task, names: DockerNames, cgroup = cgroupPath(k, t.cgroup)): string {
  const id = DOCKER_CGROUP.exec(cgroup)?.[1]
  if (id) return `container ${names.nameOf(id) ?? id.slice(0, 12)}`
  if (t.ns.pid === INIT_NS.pid) return 'host'
  return `container ${utsOf(k, t.ns.uts).hostname}`
}

/** Open descriptors in a task's fd table (0 for a task without one). */
export function fdCount(k: Kernel, t: Task): number {
  return t.fdTable >= 0 ? (k.fdTable(t.fdTable)?.fds.size ?? 0) : 0
}
