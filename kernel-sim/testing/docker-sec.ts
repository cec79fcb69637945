// Test helper: make a harness process look like a process in a default Docker
// container: Docker's capability set (CapEff 00000000a80425fb, linux-semantics
// §7.3) in every set, the default seccomp profile, the docker-default LSM profile.
import { CAP_LAST_CAP, PR_CAPBSET_DROP, SECCOMP_SET_MODE_FILTER, capHas, type Kpid } from '../abi/index.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../kernel/security/docker-seccomp-default.ts'
import { resolveDockerProfile } from '../kernel/security/docker-profile.ts'
import type { Harness } from './harness.ts'

export const DOCKER_CAPS = 0xa80425fbn

export function dockerize(h: Harness, pid: Kpid, opts: { caps?: bigint; seccomp?: boolean; apparmor?: boolean } = {}): void {
  const caps = opts.caps ?? DOCKER_CAPS
  if (opts.seccomp !== false) {
    const f = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, caps)
    if (!f || 'message' in f) throw new Error('default profile does not resolve')
    // runc installs the filter while it still has CAP_SYS_ADMIN, then drops capabilities.
    const r = h.call(pid, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, f)
    if (r !== 0) throw new Error(`seccomp: ${String(r)}`)
  }
  for (let c = 0; c <= CAP_LAST_CAP; c++) if (!capHas(caps, c)) h.call(pid, 'prctl', PR_CAPBSET_DROP, c)
  const r = h.call(pid, 'capset', { inh: 0n, prm: caps, eff: caps, bnd: caps, amb: 0n })
  if (r !== 0) throw new Error(`capset: ${String(r)}`)
  if (opts.apparmor !== false) h.k.mutTask(pid).lsm = { profile: 'docker-default' }
}
