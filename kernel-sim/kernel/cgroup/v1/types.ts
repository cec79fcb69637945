// cgroup v1 ("legacy") hierarchies (Documentation/admin-guide/cgroup-v1/cgroups.rst):
// several trees, each with its own set of controllers (or none, only a name),
// its own root cgroup, and one release_agent. isolab's hierarchies carry the
// core v1 interface files only: membership, notify_on_release, release_agent.

/** One cgroup of a v1 hierarchy. */
export interface V1Cgroup {
  id: number
  /** Parent cgroup id; -1 for the hierarchy's root. */
  parent: number
  name: string
  /** Child directories: name → cgroup id. */
  children: Record<string, number>
  /** notify_on_release: when the last task leaves (and no child is left) the release agent runs. */
  notifyOnRelease: boolean
  /** cgroup.clone_children (cpuset's flag; kept and shown, no controller reads it here). */
  cloneChildren: boolean
}

/** One v1 hierarchy (struct cgroup_root). */
export interface V1Root {
  /** Hierarchy id: the first field of /proc/PID/cgroup (1, 2, ...; 0 is the v2 hierarchy). */
  id: number
  /** Controllers bound to it, by legacy name ("rdma"); empty for a named hierarchy (-o none,name=X). */
  subsys: string[]
  /** name= option; '' when unnamed. */
  name: string
  /** release_agent: the program the kernel runs as root when a notify_on_release cgroup empties; '' = none. */
  releaseAgent: string
  /** The root cgroup's id. */
  rootCg: number
  cgroups: Record<number, V1Cgroup>
}

export interface CgroupV1State {
  roots: Record<number, V1Root>
  nextRoot: number
  nextCg: number
}
