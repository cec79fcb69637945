// What the runtime and userland tools (src/) use of the security modules:
// Docker's seccomp profiles (parse, resolve against a bounding set, the
// default) and LSM profile loading. Kernel-internal hooks are not exported.
export { type DockerSeccompProfile, type ProfileError } from './docker-profile.ts'
export { DOCKER_DEFAULT_TEXT } from './lsm-profiles.ts'
export { lsmLoadProfile, lsmProfiles } from './lsm.ts'
export { parseProfile as parseLsmProfile } from './lsm-parse.ts'
