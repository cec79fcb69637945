// The hypervisor's public surface: attach one to a host kernel and it appears
// as /dev/kvm (crw-rw---- root:kvm 10,232), through which the VMM processes
// and the `vm` tool drive it.
import { KVM_MAJOR, KVM_MINOR, makedev } from '../abi/index.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { makeDeviceNode } from './dev-node.ts'
import { Hypervisor } from './hypervisor.ts'
import { kvmDevice } from './kvm-dev.ts'
import type { GuestUserland, KernelFactory } from './types.ts'

export interface HypervisorOptions {
  userland: GuestUserland
  createKernel: KernelFactory
  seed: number
}

/** GID of the kvm group on Debian (so `ls -l /dev/kvm` shows root kvm by number). */
const KVM_GID = 108

export function attachHypervisor(host: Kernel, o: HypervisorOptions): Hypervisor {
  const hv = new Hypervisor(host, o.userland, o.createKernel, o.seed)
  const rdev = makedev(KVM_MAJOR, KVM_MINOR)
  host.chrdevs.set(rdev, kvmDevice(hv))
  host.processMemory = (kpid) => hv.vmmMemory(kpid) // a VMM's guest RAM in /proc/PID/maps and /proc/PID/mem
  host.exitNotifiers.push((kpid) => hv.vmmExited(kpid))
  makeDeviceNode(host, 'kvm', rdev, 0o660, KVM_GID)
  host.commit()
  return hv
}

export { Hypervisor, isVm } from './hypervisor.ts'
export { kick, openGuestTerminal } from './guest.ts'
export type { GuestUserland, KernelFactory, Vm, VmRun } from './types.ts'
export { STAGES, STAGE_TITLES, COST, UNITS, bootConfigOf, planBoot, stageNs, type BootStep, type BootConfig } from './boot-plan.ts'
export { MEM, vmOverhead, totalOverhead, eptBytes, kernelTextBytes } from './memory-overhead.ts'
export { fmtTimespan } from './boot-log.ts'
export { PAGE, guestRead, guestWrite } from './memory.ts'
export { checkTransition, ACTIONS, STATES, allowed } from './vm-state.ts'
export { parseSize, fmtBytes, defaultMemory, IMAGES, PROFILES } from './vm-config.ts'
