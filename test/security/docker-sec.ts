// Test helper: make a harness process look like a process in a default Docker
// container: Docker's default seccomp profile (installed first, as runc does
// while it still holds CAP_SYS_ADMIN), then the capabilities and the LSM
// profile (kernel-sim/testing/confine.ts).
import { SECCOMP_SET_MODE_FILTER, type Kpid } from '../../kernel-sim/abi/index.ts'
import type { Harness } from '../../kernel-sim/testing/harness.ts'
import { DOCKER_CAPS, confine } from '../../kernel-sim/testing/confine.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../../src/runtime/seccomp-default.ts'
import { resolveDockerProfile } from '../../src/runtime/seccomp-profile.ts'

export function dockerize(h: Harness, pid: Kpid, opts: { caps?: bigint; apparmor?: boolean } = {}): void {
  const f = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, opts.caps ?? DOCKER_CAPS)
  if (!f || 'message' in f) throw new Error('default profile does not resolve')
  const r = h.call(pid, 'seccomp', SECCOMP_SET_MODE_FILTER, 0, f)
  if (r !== 0) throw new Error(`seccomp: ${String(r)}`)
  confine(h, pid, opts)
}
