// Which defence refused a call? A program that knows Docker's default profile
// (moby's profiles/seccomp/default.json, public) can replay its decision for
// its own capabilities, as a learner reads the profile: the exploits use it to
// name the profile that stopped them.
import { SECCOMP_RET_ACTION_FULL, SECCOMP_RET_ALLOW, type CapSet } from '../../kernel-sim/abi/index.ts'
import { filterVerdict } from '../../kernel-sim/index.ts'
import { resolveDockerProfile, isProfileError } from './seccomp-profile.ts'
import { DOCKER_DEFAULT_SECCOMP } from './seccomp-default.ts'

/** True when Docker's default profile, resolved for bounding set `bnd`, refuses `nr(args)`. */
export function dockerDefaultRefuses(bnd: CapSet, nr: string, args: readonly unknown[]): boolean {
  const spec = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, bnd)
  if (!spec || isProfileError(spec)) return false
  const verdict = filterVerdict(spec, nr, args)
  if (typeof verdict === 'string') return false
  return ((verdict & SECCOMP_RET_ACTION_FULL) >>> 0) !== SECCOMP_RET_ALLOW
}
