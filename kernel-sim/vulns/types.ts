// One catalogue entry per CVE: where the bug lives, which versions had it,
// what an attacker needs, what it gives, what the fix does, what stops it.
import { inRange, type ComponentVersions, type VersionRange } from './versions.ts'
import { cpuBugOpen } from './cpu-models.ts'

/** The component whose version decides whether a bug is present. */
export type Component = 'kernel' | 'runc' | 'qemu' | 'cpu'

/**
 * A defence that stops a bug, as a switch a learner can turn (isolab flags,
 * docker run options, sysctls). `isolab vulns` shows which are in force.
 */
export type DefenceId =
  | 'patched' // the component's fixed version
  | 'seccomp' // Docker's default seccomp profile (docker-default) vs --security-opt seccomp=unconfined
  | 'apparmor' // the docker-default AppArmor profile
  | 'userns-remap' // dockerd --userns-remap: container root is not host root
  | 'userns-sysctl' // kernel.unprivileged_userns_clone=0 / user.max_user_namespaces=0
  | 'cap-drop' // --cap-drop (CAP_SYS_ADMIN, ...) or no --privileged
  | 'cgroup-v2' // a cgroup v2 host: no release_agent
  | 'no-fdc' // a device model without a floppy controller (microVM)
  | 'vmm-confined' // the VMM runs unprivileged and confined (sVirt, jailer)
  | 'mitigations' // mitigations=auto (retpolines, IBPB, L1D flush)
  | 'smt-off' // SMT disabled (nosmt)
  | 'vm' // a separate guest kernel between the attacker and the host

export interface VulnEntry {
  /** "CVE-2022-0185". */
  id: string
  /** Its common name, if it has one ("Dirty Pipe"). */
  name?: string
  component: Component
  /** Affected versions of `component` (for 'cpu' entries see `cpus`). */
  ranges: VersionRange[]
  /** CPU models (QEMU -cpu names) that have the bug, for component 'cpu'. */
  cpus?: string[]
  /** For CPU bugs: its file in /sys/devices/system/cpu/vulnerabilities/ ("spectre_v2", "l1tf"), the kernel's own verdict. */
  sysfs?: string
  /** Where the bug sits in the component's source ("fs/fs_context.c legacy_parse_param()"). */
  codePath: string
  /** What the attacker needs, one item each. */
  preconditions: string[]
  /** What a successful exploit gives. */
  effect: string
  /** How the fixed version behaves instead. */
  fix: string
  /** A version that has the bug: what `isolab compare` and the scenarios run when no version is given. */
  demoVersion?: string
  /**
   * Shell lines an administrator runs on a machine (host and guests) before a demonstration: the
   * environment the bug needs, not what arms it (CVE-2022-0492: a cgroup v1 hierarchy, as a v1 or
   * hybrid host's init mounts it). Absent = nothing.
   */
  demoSetup?: string
  /** The exploit needs uid 0 where it runs (a container's root, a guest's root), not just any user. */
  needsRoot?: boolean
  /** The defences that stop it (besides the fix). */
  stoppedBy: DefenceId[]
  /** Advisories and upstream fixes. */
  references: string[]
}

/** True when `v` has the bug: its component's version lies in one of the ranges (or its CPU model is listed and the kernel leaves it open). */
export function isAffected(e: VulnEntry, v: ComponentVersions): boolean {
  if (e.component === 'cpu') return (e.cpus ?? []).includes(v.cpu) && cpuBugOpen(e.sysfs, v)
  const have = v[e.component]
  return e.ranges.some((r) => inRange(have, r))
}
