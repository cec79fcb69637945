// Test helper: confine a harness process the way a default container is
// confined, without a seccomp filter (Docker's profile is userland policy; the
// tests that need it live in test/ and add it, test/security/docker-sec.ts):
// Docker's capability set (CapEff 00000000a80425fb, linux-semantics §7.3) in
// every set, and the docker-default LSM profile.
import { CAP_LAST_CAP, PR_CAPBSET_DROP, capHas, type Kpid } from '../abi/index.ts'
import type { Harness } from './harness.ts'

export const DOCKER_CAPS = 0xa80425fbn

export function confine(h: Harness, pid: Kpid, opts: { caps?: bigint; apparmor?: boolean } = {}): void {
  const caps = opts.caps ?? DOCKER_CAPS
  for (let c = 0; c <= CAP_LAST_CAP; c++) if (!capHas(caps, c)) h.call(pid, 'prctl', PR_CAPBSET_DROP, c)
  const r = h.call(pid, 'capset', { inh: 0n, prm: caps, eff: caps, bnd: caps, amb: 0n })
  if (r !== 0) throw new Error(`capset: ${String(r)}`)
  if (opts.apparmor !== false) h.k.mutTask(pid).lsm = { profile: 'docker-default' }
}
