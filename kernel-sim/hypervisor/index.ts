// The hypervisor's public surface: attach one to a host kernel and it appears
// as /dev/kvm (crw-rw---- root:kvm 10,232), through which the VMM processes
// and the `vm` tool drive it.
import { KVM_MAJOR, KVM_MINOR, makedev } from '../abi/index.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { makeDeviceNode } from './dev-node.ts'
import { Hypervisor } from './hypervisor.ts'
import { kvmDevice } from './kvm-dev.ts'
import type { GuestEvents, GuestUserland, KernelFactory } from './types.ts'

export interface HypervisorOptions {
  userland: GuestUserland
  createKernel: KernelFactory
  seed: number
  /** The guests' isolation events, passed up tagged with the VM (the host's live view). */
  guestEvents?: GuestEvents
}

/** GID of the kvm group on Debian (so `ls -l /dev/kvm` shows root kvm by number). */
const KVM_GID = 108

export function attachHypervisor(host: Kernel, o: HypervisorOptions): Hypervisor {
  const hv = new Hypervisor(host, o.userland, o.createKernel, o.seed)
  hv.guestEvents = o.guestEvents
  const rdev = makedev(KVM_MAJOR, KVM_MINOR)
  host.chrdevs.set(rdev, kvmDevice(hv))
  host.processMemory = (kpid) => hv.vmmMemory(kpid) // a VMM's guest RAM in /proc/PID/maps and /proc/PID/mem
  host.exitNotifiers.push((kpid) => hv.vmmExited(kpid))
  makeDeviceNode(host, 'kvm', rdev, 0o660, KVM_GID)
  host.commit()
  return hv
}

export { Hypervisor } from './hypervisor.ts'
export { kick, openGuestTerminal } from './guest.ts'
export type { GuestEvents, GuestUserland, KernelFactory } from './types.ts'
export { STAGES, bootConfigOf, planBoot, stageNs } from './boot-plan.ts'
export { vmOverhead, totalOverhead, kernelTextBytes } from './memory-overhead.ts'
