// The hypervisor attached to a host kernel (KVM plus the management plane
// libvirtd provides): defines VMs, starts them as VMM processes on the host,
// enforces the lifecycle, owns guest memory (EPT) and device DMA (IOMMU).
import {
  SIG, signalName, type BootStagePlan, type VmAction, type VmError, type VmInfo, type VmSpec, type Kpid, NO_KPID, WTERMSIG, W_EXITCODE,
} from '../abi/index.ts'
import { seedRng } from '../base/rng.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { memInfo } from '../kernel/mm.ts'
import { sendSignal } from '../kernel/task/signal.ts'
import { bootConfigOf, planBoot, type BootConfig, type BootStep } from './boot-plan.ts'
import { vmOverhead } from './memory-overhead.ts'
import { deviceModel } from './devices.ts'
import { consoleChan, execChan, kick, vcpuChan } from './guest.ts'
import { IommuDomain } from './iommu.ts'
import { Ept, FrameAllocator, PAGE, PhysMem, slotRead } from './memory.ts'
import { runStage } from './stages.ts'
import type { ExecSession, GuestEvents, GuestUserland, KernelFactory, Vm } from './types.ts'
import { checkSpec, fmtBytes } from './vm-config.ts'
import { checkTransition, NEXT } from './vm-state.ts'
import { VMM_BINARY, VMM_NAME } from './vmm-names.ts'
import { GUEST_RAM_HVA, vmmRegions } from './vmm-layout.ts'
import type { MappedRegion } from '../kernel/kernel.ts'

/**
 * A spec's boot configuration, and its plan once asked for, worked out once per
 * spec (define, start and info read them; configure replaces a spec, never changes it).
 */
const boots = new WeakMap<VmSpec, { config: BootConfig; plan?: BootStep[] }>()
function bootOf(spec: VmSpec): { config: BootConfig; plan?: BootStep[] } {
  let b = boots.get(spec)
  if (!b) boots.set(spec, (b = { config: bootConfigOf(spec) }))
  return b
}
function planOf(spec: VmSpec): BootStep[] {
  const b = bootOf(spec)
  return (b.plan ??= planBoot(b.config))
}

const latin1 = (b: Uint8Array) => { let s = ''; for (const c of b) s += String.fromCharCode(c); return s }

/** Console history kept per VM (the rest scrolls away). */
const CONSOLE_KEEP = 256 * 1024

export class Hypervisor {
  readonly vms = new Map<string, Vm>()
  /** The host's physical RAM, shared by every VM's frames. */
  readonly mem = new PhysMem()
  readonly frames: FrameAllocator
  /** vm exec sessions by id (they outlive a VM that goes down under them). */
  readonly sessions = new Map<number, { vm: Vm; s: ExecSession }>()
  nextSession = 1
  private nextId = 1
  /** Who hears a guest kernel's isolation events (attachHypervisor's guestEvents). */
  guestEvents: GuestEvents | undefined

  constructor(
    readonly host: Kernel,
    readonly userland: GuestUserland,
    readonly factory: KernelFactory,
    readonly seed: number,
  ) {
    const m = memInfo(host)
    this.frames = new FrameAllocator(Math.ceil(m.kernel / PAGE), Math.floor(m.total / PAGE))
  }

  define(spec: VmSpec): Vm | VmError {
    const bad = checkSpec(spec)
    if (bad) return bad
    if (this.vms.has(spec.name)) return { error: 'exists', vm: spec.name, action: 'define', message: `VM '${spec.name}' already exists` }
    const id = this.nextId++
    const rng = seedRng((this.seed * 2654435761 + id * 40503) >>> 0)
    const own = { ...spec }
    const vm: Vm = {
      id, spec: own, state: 'defined', overhead: vmOverhead(bootOf(own).config), rng,
      console: { text: '', base: 0 }, bootNs: 0, crash: '', eptViolations: 0, run: undefined,
    }
    this.vms.set(spec.name, vm)
    return vm
  }

  get(name: string, action: VmAction): Vm | VmError {
    const vm = this.vms.get(name)
    if (!vm) return { error: 'noSuchVm', vm: name, action, message: `VM '${name}' not found (see 'vm list')` }
    this.reap(vm)
    return vm
  }

  /** Changes pre-boot configuration; refused once the VM runs (operationNotSupportedPostBoot). */
  configure(name: string, change: Partial<Pick<VmSpec, 'vcpus' | 'memoryBytes'>>): Vm | VmError {
    const vm = this.get(name, 'configure')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'configure', vm.state) ?? checkSpec({ ...vm.spec, ...change })
    if (bad) return bad
    vm.spec = { ...vm.spec, ...change }
    return vm
  }

  /** Admission and bookkeeping for a start; the caller then runs the VMM binary. */
  start(name: string): Vm | VmError {
    const vm = this.get(name, 'start')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'start', vm.state)
    if (bad) return bad
    const config = bootOf(vm.spec).config
    vm.overhead = vmOverhead(config)
    const need = vm.spec.memoryBytes + vm.overhead.virtualHardware
    const free = memInfo(this.host).free
    const frames = Math.ceil(vm.spec.memoryBytes / PAGE)
    const base = need <= free ? this.frames.alloc(frames) : undefined
    if (base === undefined) {
      return {
        error: 'noMemory', vm: name, action: 'start',
        message: `cannot start '${name}': not enough host memory: it needs ${fmtBytes(need)} (${fmtBytes(vm.spec.memoryBytes)} RAM + ${fmtBytes(vm.overhead.virtualHardware)} virtual hardware), ${fmtBytes(free)} available`,
      }
    }
    const slot = { gfnBase: 0, frames, hfnBase: base }
    const ept = new Ept([slot])
    vm.run = {
      startNs: this.host.s.nowNs, config, plan: planOf(vm.spec), stage: 0, started: '', unitTimes: [], vmmPid: NO_KPID, vcpus: [],
      slot, ept, iommu: new IommuDomain(this.host, this.mem, ept), devices: deviceModel(vm.spec.profile),
      guest: undefined, epochNs: 0, pausedAtNs: 0, halted: false, consoleTty: -1, execs: new Map(), pio: undefined,
      channels: new Map(), nextChannel: 1,
    }
    vm.state = NEXT.start!
    vm.crash = ''
    return vm
  }

  /** Power off (virsh destroy): the VMM and its vCPUs are killed, guest RAM returns to the host. */
  stop(name: string): Vm | VmError {
    const vm = this.get(name, 'stop')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'stop', vm.state)
    if (bad) return bad
    this.teardown(vm, 'stopped')
    return vm
  }

  pause(name: string): Vm | VmError {
    const vm = this.get(name, 'pause')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'pause', vm.state)
    if (bad) return bad
    vm.state = 'paused'
    vm.run!.pausedAtNs = this.host.s.nowNs
    return vm
  }

  resume(name: string): Vm | VmError {
    const vm = this.get(name, 'resume')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'resume', vm.state)
    if (bad) return bad
    const run = vm.run!
    run.epochNs += this.host.s.nowNs - run.pausedAtNs // the guest's clock did not run while paused
    vm.state = 'running'
    kick(this, vm)
    return vm
  }

  undefine(name: string): Vm | VmError {
    const vm = this.get(name, 'undefine')
    if (!isVm(vm)) return vm
    const bad = checkTransition(name, 'undefine', vm.state)
    if (bad) return bad
    this.vms.delete(name)
    return vm
  }

  /** The VMM's next boot stage (VM_BOOT_STAGE). */
  bootStage(vm: Vm): BootStagePlan {
    const run = vm.run!
    if (vm.state === 'booting' && run.stage >= run.plan.length) this.bootDone(vm)
    if (vm.state !== 'booting') return { index: -1, name: '', durationNs: 0 }
    const i = run.stage++
    const step = run.plan[i]!
    runStage(this, vm, step)
    return { index: i, name: step.unit ?? step.stage, durationNs: step.ns }
  }

  /** The VMM slept through the last stage: the VM is up. */
  private bootDone(vm: Vm): void {
    if (vm.state !== 'booting' || !vm.run || vm.run.stage < vm.run.plan.length) return
    vm.state = 'running'
    vm.bootNs = this.host.s.nowNs - vm.run.startNs
    runStage(this, vm, 'done')
    this.host.sched.wake(consoleChan(vm))
  }

  consoleWrite(vm: Vm, text: string): void {
    const c = vm.console
    c.text += text
    if (c.text.length > CONSOLE_KEEP * 2) {
      const cut = c.text.length - CONSOLE_KEEP
      c.text = c.text.slice(cut)
      c.base += cut
    }
    this.host.sched.wake(consoleChan(vm))
  }

  /** The guest kernel panicked: only this VM goes down. */
  crash(vm: Vm, why: string): void {
    if (!vm.run) return
    this.consoleWrite(vm, `Kernel panic - not syncing: ${why}\n---[ end Kernel panic - not syncing: ${why} ]---\n`)
    vm.crash = why
    this.teardown(vm, 'crashed')
  }

  /**
   * A VMM that died under us (killed on the host, or one of its vCPU "threads"
   * killed by a signal, which takes the whole process down) leaves a crashed VM.
   */
  private reap(vm: Vm): void {
    const run = vm.run
    if (!run || run.vmmPid === 0) return
    const dead = [run.vmmPid, ...run.vcpus].find((pid) => pid > 0 && (this.host.task(pid)?.state ?? 'Z') === 'Z')
    if (dead !== undefined) {
      const sig = WTERMSIG(this.host.task(dead)?.exitStatus ?? 0)
      vm.crash = `${VMM_NAME[vm.spec.profile]} (pid ${run.vmmPid}) terminated${sig ? ` by ${signalName(sig)}` : ''}`
      this.teardown(vm, 'crashed')
    }
  }

  /** A host task exited: if it was a VMM or one of its vCPUs, the VM goes down now (exec sessions end, as ssh's do). */
  vmmExited(kpid: Kpid): void {
    const vm = this.vmOfVmm(kpid)
    if (vm) this.reap(vm)
  }

  /** The VM whose VMM process (or one of its vCPU tasks) is `kpid`. */
  vmOfVmm(kpid: Kpid): Vm | undefined {
    for (const vm of this.vms.values()) if (vm.run && (vm.run.vmmPid === kpid || vm.run.vcpus.includes(kpid))) return vm
    return undefined
  }

  /** The VMM's mappings (/proc/PID/maps, /proc/PID/mem): its binary, heap and the guest's RAM with its contents. */
  vmmMemory(kpid: Kpid): MappedRegion[] | undefined {
    const vm = this.vmOfVmm(kpid)
    const run = vm?.run
    if (!vm || !run || run.vmmPid === 0) return undefined
    return vmmRegions(VMM_BINARY[vm.spec.profile], vm.spec.memoryBytes).map((r) => (r.start === GUEST_RAM_HVA
      ? { ...r, read: (addr: number, len: number) => latin1(slotRead(this.mem, run.slot, addr - GUEST_RAM_HVA, len)) }
      : r))
  }

  private teardown(vm: Vm, state: 'stopped' | 'crashed'): void {
    const run = vm.run
    vm.state = state
    vm.run = undefined
    if (!run) return
    for (const pid of [...run.vcpus, run.vmmPid]) if (pid > 0) sendSignal(this.host, pid, SIG.SIGKILL)
    this.mem.scrub(run.slot.hfnBase, run.slot.frames)
    this.frames.release(run.slot.hfnBase, run.slot.frames)
    for (const s of run.execs.values()) {
      if (s.status < 0) s.status = W_EXITCODE(255, 0) // ssh: "Connection ... closed", exit 255
      this.host.sched.wake(execChan(vm, s.id))
    }
    this.host.sched.wake(vcpuChan(vm))
    this.host.sched.wake(consoleChan(vm))
  }

  /** What `vm` shows of a VM; its boot plan (`vm plan`) only with `withPlan` (the list), not in every reply. */
  info(vm: Vm, withPlan = false): VmInfo {
    const run = vm.run
    const g = run?.guest
    const uptime = run ? (vm.state === 'paused' ? run.pausedAtNs : this.host.s.nowNs) - run.startNs : 0
    return {
      ...vm.spec, state: vm.state, vmmPid: run?.vmmPid ?? 0, uptimeNs: uptime, bootNs: vm.bootNs,
      overhead: { ...vm.overhead },
      hostRssBytes: run?.vmmPid ? this.host.task(run.vmmPid)?.rssBytes ?? 0 : 0,
      guestUsedBytes: g ? memInfo(g).used : 0,
      crash: vm.crash, eptViolations: vm.eptViolations, ramHpa: run ? run.slot.hfnBase * PAGE : -1,
      ...(withPlan ? { bootPlan: (run?.plan ?? planOf(vm.spec)).map((s) => ({ stage: s.stage, name: s.unit ?? s.stage, ns: s.ns, why: s.why })) } : {}),
    }
  }

  /** Every VM's info, or only `name`'s (what `vm start` reads back: not all of them per start). */
  list(name?: string): VmInfo[] {
    const vms = name === undefined ? [...this.vms.values()] : [this.vms.get(name)].filter((vm) => vm !== undefined)
    return vms.map((vm) => (this.reap(vm), this.info(vm, true)))
  }
}

export function isVm(x: Vm | VmError): x is Vm {
  return !('error' in x)
}
