// How the management plane confines a VMM process before it runs, as libvirt
// and Firecracker's jailer do (defence in depth: a VM escape lands in one
// sandboxed process, not on the host):
// - svirt: an AppArmor profile per VM (libvirt's virt-aa-helper writes
//   "libvirt-<uuid>" from abstractions/libvirt-qemu plus the VM's own disk);
// - seccomp: QEMU's `-sandbox on,...,spawn=deny`: fork/execve and privilege
//   changes kill the process (qemu-seccomp.c, SCMP_ACT_KILL_PROCESS);
// - user: run as the unprivileged libvirt-qemu user (Debian: uid 64055, group kvm);
// - jailer (microVMs): chroot into /srv/jailer/firecracker/<id>/root, new
//   mount/pid/net namespaces, a cgroup, then Firecracker's own seccomp filters.
// The daemonizing child of `vm start` applies the plan with ordinary syscalls.
import type { VmSpec } from '../abi/index.ts'
import { lsmLoadProfile } from '../kernel/security/lsm.ts'
import type { Kernel } from '../kernel/kernel.ts'

export type VmmConfinement = 'svirt' | 'seccomp' | 'user' | 'jailer'
export const CONFINEMENTS: readonly VmmConfinement[] = ['svirt', 'seccomp', 'user', 'jailer']

/** libvirt-qemu on Debian/Ubuntu, and the kvm group that owns /dev/kvm. */
export const LIBVIRT_QEMU_UID = 64055
export const KVM_GID = 108

/** What the child applies before execve of the VMM. */
export interface ConfinePlan {
  /** AppArmor profile to enter at exec (written to /proc/self/attr/exec). */
  profile?: string
  /** setgroups/setresgid/setresuid to this user. */
  user?: { uid: number; gid: number; groups: number[] }
  /** The VMM installs its seccomp sandbox itself (QEMU: `-sandbox on`). */
  sandbox?: boolean
  /** The jailer's chroot and namespaces. */
  jail?: { root: string }
}

/** A name like libvirt's per-VM label "libvirt-<uuid>", stable for the VM's name. */
export function svirtLabel(name: string): string {
  let h = 0x811c9dc5
  const hex: string[] = []
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0
    h = Math.imul(h ^ round, 2246822519) >>> 0
    hex.push(h.toString(16).padStart(8, '0'))
  }
  const s = hex.join('')
  return `libvirt-${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`
}

/**
 * The per-VM profile (abstractions/libvirt-qemu, abridged): the devices and
 * files QEMU needs, this VM's disk image, nothing else; no capabilities.
 * SIMPLIFICATION: executables under /bin and /usr/bin are readable (so a
 * payload's shell runs); the file rules are what confine it.
 */
export function svirtProfile(label: string, spec: VmSpec): string {
  return `profile ${label} flags=(attach_disconnected) {
  #include <abstractions/libvirt-qemu>
  network,
  signal,
  /dev/kvm rw,
  /dev/null rw,
  /dev/net/tun rw,
  /dev/pts/* rw,
  /etc/passwd r,
  /etc/group r,
  /proc/** r,
  /{usr/,}bin/** r,
  /usr/share/qemu/** r,
  /var/lib/libvirt/images/${spec.name}.qcow2 rwk,
  /run/libvirt/qemu/${spec.name}.pid rw,
}
`
}

/** Loads what the plan needs on the host and returns it (refusals as a message). */
export function confinePlan(host: Kernel, spec: VmSpec): ConfinePlan | string {
  const c = new Set(spec.confine ?? [])
  const plan: ConfinePlan = {}
  if (c.has('jailer') && spec.profile !== 'microvm') return "the jailer runs Firecracker only: use --profile microvm"
  if (c.has('svirt')) {
    const label = svirtLabel(spec.name)
    const r = lsmLoadProfile(host, svirtProfile(label, spec))
    if (typeof r !== 'string') return `cannot load the sVirt profile: ${r.error}`
    plan.profile = label
  }
  if (c.has('user') || c.has('jailer')) plan.user = { uid: LIBVIRT_QEMU_UID, gid: KVM_GID, groups: [KVM_GID] }
  if (c.has('seccomp') || c.has('jailer')) plan.sandbox = true
  if (c.has('jailer')) plan.jail = { root: `/srv/jailer/firecracker/${spec.name}/root` }
  return plan
}
