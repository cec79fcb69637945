// What the runtime and userland tools (src/) use of the security modules:
// replaying a seccomp filter's verdict (Docker's profiles themselves are
// userland policy, in src/runtime) and LSM profile loading. Kernel-internal
// hooks are not exported.
export { filterVerdict } from './seccomp.ts'
export { DOCKER_DEFAULT_TEXT } from './lsm-profiles.ts'
export { lsmLoadProfile, lsmProfiles } from './lsm.ts'
export { parseProfile as parseLsmProfile } from './lsm-parse.ts'
