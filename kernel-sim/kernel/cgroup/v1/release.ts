// notify_on_release and the release agent (cgroups.rst 1.4; kernel/cgroup/cgroup-v1.c
// cgroup1_check_for_release() and cgroup1_release_agent()): when the last task
// leaves a cgroup that has notify_on_release set and no child cgroups, the
// kernel runs the hierarchy's release_agent with the cgroup's path as its
// argument. It runs through call_usermodehelper(): a new task with the initial
// credentials (root, every capability), namespaces, root directory and no
// confinement: whatever path release_agent names is resolved on the HOST.
// That is why CVE-2022-0492 mattered: before 24f6008564183aa120d07c03d9289519c2fe02af
// anyone who could mount a v1 hierarchy (root in a user namespace) could set it.
import type { Kpid } from '../../../abi/pid.ts'
import type { Kernel } from '../../kernel.ts'
import { spawnTask } from '../../spawn.ts'
import { agentStarted } from '../../security/exploit-report.ts'
import { v1Members, v1Path, v1Root, v1Roots, taskV1Cg } from './hierarchy.ts'

/** The usermode helper's "minimal command environment" (cgroup1_release_agent). */
const AGENT_ENV = ['HOME=/', 'PATH=/sbin:/bin:/usr/sbin:/usr/bin']

/** cgroup1_check_for_release(): notify_on_release, no live task (`leaving` is on its way out), no child. */
export function v1CheckForRelease(k: Kernel, h: number, id: number, leaving?: Kpid): void {
  const r = v1Root(k, h)
  const c = r?.cgroups[id]
  if (!r || !c || c.parent < 0 || !c.notifyOnRelease) return
  if (Object.keys(c.children).length || v1Members(k, r, id, leaving).length) return
  if (!r.releaseAgent) return // "snoop agent path and exit early if empty"
  // argv[1]: the path in the initial cgroup namespace (cgroup_path_ns(..., &init_cgroup_ns)).
  // SIMPLIFICATION: it runs at once, not from a workqueue a moment later; a failed exec is silent, as there.
  // Its parent is init rather than kthreadd (not modelled); it inherits init's credentials, namespaces and root.
  const agent = spawnTask(k, { path: r.releaseAgent, argv: [r.releaseAgent, v1Path(r, id, r.rootCg)], envp: AGENT_ENV, stdio: { kind: 'none' } })
  if (agent > 0) agentStarted(k, h, agent as Kpid, r.releaseAgent) // CVE-2022-0492 succeeds here: host root runs the attacker's file
}

/** cgroup_exit(): a task that exited (now a zombie) has left its cgroups; each may now be empty. */
export function cgroupV1Exit(k: Kernel, kpid: Kpid): void {
  const t = k.task(kpid)
  if (!t?.cgv1) return
  for (const r of v1Roots(k)) {
    const id = taskV1Cg(t, r)
    if (id !== r.rootCg) v1CheckForRelease(k, r.id, id, kpid)
  }
}
