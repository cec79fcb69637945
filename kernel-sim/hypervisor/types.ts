// The hypervisor's records: a VM's pre-boot configuration (spec) apart from
// what exists only while it runs (VmRun), as Firecracker splits vmm_config/
// from vstate/.
//
// SIMPLIFICATION: these live beside the host kernel's state (like the task
// continuations), not inside its snapshot: rewinding the host timeline does
// not rewind VMs.
import type { Kpid } from '../abi/pid.ts'
import type { KernelOptions } from '../index.ts'
import type { ProgramRegistry, VmLifecycle, VmOverhead, VmSpec } from '../abi/index.ts'
import type { RngState } from '../base/rng.ts'
import type { Kernel, KernelHost } from '../kernel/kernel.ts'
import type { Device } from './devices.ts'
import type { BootConfig, BootStep } from './boot-plan.ts'
import type { IommuDomain } from './iommu.ts'
import type { Ept, Memslot } from './memory.ts'

/** What the host's owner injects: kernel-sim cannot import the userland (src/). */
export interface GuestUserland {
  /** The programs a guest can run (the same userland as the host's). */
  programs: ProgramRegistry
  /** Unpacks the image's root filesystem into a freshly booted guest kernel. */
  install(k: Kernel, hostname: string): void
  /** Environment of root's sessions (PATH, HOME, ...). */
  rootEnv: readonly string[]
}

/**
 * Where a guest kernel's isolation events go, tagged with its VM: the host's owner (its live view) gets
 * the guest's log lines, failed syscalls and exploits, which KVM itself would never pass up.
 */
export type GuestEvents = (vm: string, guest: Kernel) => Pick<KernelHost, 'logged' | 'syscallFailed' | 'exploited' | 'exploitStep'>

/** The kernel factory (kernel-sim/index.ts createKernel): guests run the same kernel code as the host. */
export type KernelFactory = (o: KernelOptions) => Kernel

export interface ExecSession {
  id: number
  pid: number
  stdout: string
  stderr: string
  /** Wait status once the command ended, else -1. */
  status: number
  /** The host task reading its output (`vm exec`): when it goes, the session is hung up. */
  reader: Kpid
}

/** A guest IN/OUT on its way through the VMM: pending (not yet seen), delivered (KVM_RUN returned it), done. */
export interface PendingIo {
  kpid: Kpid
  port: number
  write: boolean
  value: number
  state: 'pending' | 'delivered' | 'done'
  result: number
}

export interface Vm {
  id: number
  spec: VmSpec
  state: VmLifecycle
  /** Fixed at create: the image's kernel, services, drivers and the VMM's device emulation. */
  overhead: VmOverhead
  /** Seeded per VM, so one VM's boots do not depend on what else the host did. */
  rng: RngState
  /** Everything the serial console printed; `base` is the absolute offset of text[0]. */
  console: { text: string; base: number }
  bootNs: number
  crash: string
  eptViolations: number
  run: VmRun | undefined
}

/** Runtime state: exists from start until stop or crash. */
export interface VmRun {
  /** Host ns at start. */
  startNs: number
  /** The boot's configuration with defaults filled in, and its steps with their costs (boot-plan.ts). */
  config: BootConfig
  plan: BootStep[]
  /** Next step the VMM will run. */
  stage: number
  /** The "Started ..." line of the unit in progress (printed when its time has passed). */
  started: string
  /** Units started, with their start-up time (systemd-analyze blame). */
  unitTimes: [string, number][]
  vmmPid: Kpid
  vcpus: Kpid[]
  slot: Memslot
  ept: Ept
  iommu: IommuDomain
  devices: readonly Device[]
  guest: Kernel | undefined
  /** Host ns at which the guest's clock read 0 (moved forward by pauses). */
  epochNs: number
  pausedAtNs: number
  /** The boot vCPU halted with the guest idle (HLT): the guest's clock must catch up with the host's when it runs again. */
  halted: boolean
  consoleTty: number
  /** This run's exec sessions (ended with status 255 if the VM goes down). */
  execs: Map<number, ExecSession>
  /** A guest port access the VMM is emulating (KVM_EXIT_IO): one at a time, as on the one running vCPU. */
  pio: PendingIo | undefined
  /** Guest host-channels → sinks (exec output, the console). */
  channels: Map<number, (data: string) => void>
  nextChannel: number
}
