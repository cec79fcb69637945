// Built-in LSM profiles, as policy text. docker-default follows moby's
// profiles/apparmor/template.go (rendered for a current AppArmor, with the
// daemon unconfined): everything allowed except mount, writes to /proc outside
// /proc/<pid> and /proc/sys/kernel/shm*, /proc/sysrq-trigger, /proc/kcore,
// writes under /sys outside /sys/fs/cgroup, /sys/firmware and securityfs, and
// ptrace of processes outside the profile.
import { parseProfile } from './lsm-parse.ts'
import type { LsmProfile } from './types.ts'

export const DOCKER_DEFAULT_TEXT = `#include <tunables/global>

profile docker-default flags=(attach_disconnected,mediate_deleted) {
  #include <abstractions/base>

  network,
  capability,
  file,
  umount,
  # Host (privileged) processes may send signals to container processes.
  signal (receive) peer=unconfined,
  # Container processes may send signals amongst themselves.
  signal (send,receive) peer=docker-default,

  deny @{PROC}/* w,   # deny write for all files directly in /proc (not in a subdir)
  # deny write to files not in /proc/<number>/** or /proc/sys/**
  deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,
  deny @{PROC}/sys/[^k]** w,  # deny /proc/sys except /proc/sys/k* (effectively /proc/sys/kernel)
  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,  # deny everything except shm* in /proc/sys/kernel/
  deny @{PROC}/sysrq-trigger rwklx,
  deny @{PROC}/kcore rwklx,

  deny mount,

  deny /sys/[^f]*/** wklx,
  deny /sys/f[^s]*/** wklx,
  deny /sys/fs/[^c]*/** wklx,
  deny /sys/fs/c[^g]*/** wklx,
  deny /sys/fs/cg[^r]*/** wklx,
  deny /sys/firmware/** rwklx,
  deny /sys/kernel/security/** rwklx,

  # suppress ptrace denials when using 'docker ps' or using 'ps' inside a container
  ptrace (trace,read,tracedby,readby) peer=docker-default,
}
`

function mustParse(text: string): LsmProfile {
  const p = parseProfile(text)
  if (typeof p === 'string') throw new Error(`isolab: built-in profile does not parse: ${p}`)
  return p
}

/** Profiles every machine boots with (dockerd loads docker-default when it starts; here it is always there). */
export const BUILTIN_PROFILES: Readonly<Record<string, LsmProfile>> = {
  'docker-default': mustParse(DOCKER_DEFAULT_TEXT),
}
