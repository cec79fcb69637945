// /dev/kvm: the hypervisor's character device. The VMM and its vCPU tasks use
// the KVM_* requests; the `vm` tool uses the VM_* management requests (see
// abi/kvm.ts). Every refusal is data (a VmError or -errno), never a throw.
import type { Kpid } from '../abi/pid.ts'
import {
  E, KVM_API_VERSION, KVM_CREATE_VCPU, KVM_CREATE_VM, KVM_GET_API_VERSION, KVM_RUN, VM_BOOT_STAGE,
  VM_CONSOLE_READ, VM_CONSOLE_WRITE, VM_DEFINE, VM_EXEC, VM_EXEC_READ, VM_HOST_MEMORY, VM_LIST, VM_PAUSE,
  VM_RESUME, VM_START, VM_STOP, VM_UNDEFINE, VM_WAIT_BOOT, VMM_MEM_READ, VMM_MEM_WRITE, VM_DMA_WRITE, VM_LAUNCH, type VmSpec,
} from '../abi/index.ts'
import { confinePlan } from './confine.ts'
import { slotRead, slotWrite } from './memory.ts'
import type { CharDevice, Kernel } from '../kernel/kernel.ts'
import type { IoctlResult } from '../kernel/syscalls/spec.ts'
import { memInfo } from '../kernel/mm.ts'
import { IMAGE_RSS } from '../kernel/task/exec.ts'
import { ttyWantsInput } from '../kernel/tty.ts'
import { consoleChan, consoleInput, execChan, execStart, vcpuRun } from './guest.ts'
import { isVm, type Hypervisor } from './hypervisor.ts'
import type { Vm } from './types.ts'
import { checkTransition } from './vm-state.ts'
import { VCPU_NAME, VMM_BINARY } from './vmm-names.ts'
import { reportExploited } from '../kernel/security/exploit-report.ts'

type Arg = { io?: { data?: number }; bdf?: string; gpa?: number; len?: number; data?: string; fetch?: boolean; name?: string; index?: number; id?: number; from?: number; cmd?: string; line?: string; prompt?: boolean; whileBooting?: boolean } & Partial<VmSpec>

/** A lifecycle request's reply: the VM's info, or the refusal. */
const infoOf = (hv: Hypervisor, r: Vm | ReturnType<Hypervisor['get']>) => (isVm(r) ? hv.info(r) : r)

export function kvmDevice(hv: Hypervisor): CharDevice {
  return {
    ioctl(k: Kernel, kpid: Kpid, req: number, raw: unknown): IoctlResult {
      const a = (raw ?? {}) as Arg
      const name = String(a.name ?? '')
      switch (req) {
        case KVM_GET_API_VERSION:
          return KVM_API_VERSION
        case VM_DEFINE:
          return infoOf(hv, hv.define({
            name, vcpus: Number(a.vcpus), memoryBytes: Number(a.memoryBytes), image: a.image!, profile: a.profile!,
            ...(a.firmware !== undefined ? { firmware: a.firmware } : {}), ...(a.cmdline !== undefined ? { cmdline: String(a.cmdline) } : {}),
            ...(a.kernelBytes !== undefined ? { kernelBytes: Number(a.kernelBytes) } : {}), ...(a.units !== undefined ? { units: Number(a.units) } : {}),
            ...(a.diskBps !== undefined ? { diskBps: Number(a.diskBps) } : {}),
            ...(a.kernel !== undefined ? { kernel: String(a.kernel) } : {}), ...(a.confine ? { confine: [...a.confine].map(String) } : {}),
          }))
        case VM_START: {
          const pre = hv.get(name, 'start')
          if (!isVm(pre)) return pre
          const plan = confinePlan(k, pre.spec)
          if (typeof plan === 'string') return { error: 'invalidConfig', vm: name, action: 'start', message: `cannot start '${name}': ${plan}` }
          const r = hv.start(name)
          if (!isVm(r)) return r
          const bin = VMM_BINARY[r.spec.profile]
          return { info: hv.info(r), binary: bin, argv: vmmArgv(r, bin, !!plan.sandbox), confine: plan }
        }
        case VM_STOP: return infoOf(hv, hv.stop(name))
        case VM_PAUSE: return infoOf(hv, hv.pause(name))
        case VM_RESUME: return infoOf(hv, hv.resume(name))
        case VM_UNDEFINE: return infoOf(hv, hv.undefine(name))
        case VM_LIST: return hv.list(a.name === undefined ? undefined : name)
        case VM_HOST_MEMORY: return memInfo(hv.host)
        default:
      }
      const vm = hv.get(name, req === VM_EXEC ? 'exec' : 'console')
      if (!isVm(vm) && req !== VM_EXEC_READ) return vm
      switch (req) {
        case VM_LAUNCH: {
          const run = (vm as Vm).run
          if (!run || run.vmmPid !== 0) return -E.EBUSY
          run.vmmPid = kpid // execve keeps the pid: this is the VMM-to-be
          return 0
        }
        case KVM_CREATE_VM: {
          const run = (vm as Vm).run
          if (!run || (run.vmmPid !== 0 && run.vmmPid !== kpid)) return -E.EBUSY
          run.vmmPid = kpid
          const v = vm as Vm
          const full = v.spec.profile === 'full'
          return {
            // The VMM's exec'ed image is already IMAGE_RSS of its RSS (memory-overhead.ts counts it in the VMM's base).
            ramBytes: v.spec.memoryBytes, hwBytes: Math.max(0, v.overhead.virtualHardware - IMAGE_RSS), vcpus: v.spec.vcpus, vcpuName: VCPU_NAME[v.spec.profile](0),
            machine: full ? 'pc' : 'microvm',
          }
        }
        case KVM_CREATE_VCPU: {
          const run = (vm as Vm).run
          if (!run || run.vmmPid !== k.task(kpid)?.ppid) return -E.EPERM
          run.vcpus[Number(a.index) | 0] = kpid
          return VCPU_NAME[(vm as Vm).spec.profile](Number(a.index) | 0)
        }
        case KVM_RUN: return vcpuRun(hv, vm as Vm, kpid, a.io)
        case VMM_MEM_READ:
        case VMM_MEM_WRITE:
          return vmmMemAccess(hv, vm as Vm, kpid, req, a)
        case VM_DMA_WRITE: {
          const run = (vm as Vm).run
          if (!run || hv.vmOfVmm(kpid) !== vm) return -E.EPERM
          const data = Uint8Array.from(String(a.data ?? ''), (c) => c.charCodeAt(0) & 0xff)
          return run.iommu.dmaWrite(String(a.bdf ?? ''), Number(a.gpa), data).ok ? data.length : -E.EFAULT
        }
        case VM_BOOT_STAGE:
          if ((vm as Vm).run?.vmmPid !== kpid) return -E.EPERM
          return hv.bootStage(vm as Vm)
        case VM_WAIT_BOOT:
          if ((vm as Vm).state === 'booting') return k.sched.sleepOn(kpid, consoleChan(vm as Vm), 'kvm_wait_boot')
          return hv.info(vm as Vm)
        case VM_EXEC: {
          const v = vm as Vm
          const bad = checkTransition(name, 'exec', v.state)
          if (bad) return bad
          const s = execStart(hv, v, String(a.cmd ?? ''), kpid)
          return typeof s === 'number' ? s : s.id
        }
        case VM_EXEC_READ: return execRead(hv, k, kpid, Number(a.id))
        case VM_CONSOLE_READ: return consoleRead(k, kpid, vm as Vm, a)
        case VM_CONSOLE_WRITE:
          if ((vm as Vm).state !== 'running') return -E.EIO
          consoleInput(hv, vm as Vm, String(a.line ?? ''))
          return 0
        default:
          return -E.EINVAL
      }
    },
  }
}

/**
 * The VMM's command line, as `ps` on a libvirt host shows it (abridged). The PC
 * (i440FX) machine type: it has the ISA floppy controller even with no drive
 * (q35 has none). `-sandbox on,...` is the seccomp sandbox libvirt asks for.
 */
function vmmArgv(vm: Vm, bin: string, sandbox: boolean): string[] {
  const { spec } = vm
  const mib = Math.round(spec.memoryBytes / 2 ** 20)
  if (spec.profile === 'microvm') return [bin, '--api-sock', `/run/firecracker-${spec.name}.socket`, '--id', spec.name]
  return [bin, '-name', `guest=${spec.name}`, '-machine', 'pc,accel=kvm', '-m', String(mib), '-smp', String(spec.vcpus),
    '-drive', `file=/var/lib/libvirt/images/${spec.name}.qcow2,if=virtio`, '-netdev', 'tap,id=net0', '-device', 'virtio-net-pci,netdev=net0',
    '-serial', 'pty', '-nographic',
    ...(sandbox ? ['-sandbox', 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny'] : [])]
}

/** Loads and stores of the VMM (or its vCPU tasks) through its guest-RAM mapping. */
function vmmMemAccess(hv: Hypervisor, vm: Vm, kpid: Kpid, req: number, a: Arg): number | string {
  const run = vm.run
  if (!run || hv.vmOfVmm(kpid) !== vm) return -E.EPERM
  const gpa = Number(a.gpa)
  if (!Number.isSafeInteger(gpa) || gpa < 0) return -E.EFAULT
  if (req === VMM_MEM_READ) {
    let s = ''
    for (const b of slotRead(hv.mem, run.slot, gpa, Math.min(Number(a.len) | 0, 65536))) s += String.fromCharCode(b)
    // An instruction fetch (the modelled CPU jumping into the mapping): the VMM now runs bytes the guest
    // wrote, as VENOM's overwritten timer callback makes it. Nothing but a corrupted pointer jumps there.
    if (a.fetch) {
      const comm = hv.host.task(kpid)?.comm ?? '?'
      reportExploited(hv.host, kpid, `the VMM (${comm}, VM ${vm.spec.name}) jumped into guest RAM at 0x${gpa.toString(16)}: it runs code the guest wrote`, { fromVm: vm.spec.name })
    }
    return s
  }
  const data = Uint8Array.from(String(a.data ?? ''), (c) => c.charCodeAt(0) & 0xff)
  return slotWrite(hv.mem, run.slot, gpa, data) ? data.length : -E.EFAULT
}

function execRead(hv: Hypervisor, k: Kernel, kpid: Kpid, id: number): IoctlResult {
  const e = hv.sessions.get(id)
  if (!e) return -E.ESRCH
  const { s, vm } = e
  if (!s.stdout && !s.stderr && s.status < 0) return k.sched.sleepOn(kpid, execChan(vm, id), 'kvm_exec_wait')
  const chunk = { stdout: s.stdout, stderr: s.stderr, status: s.status }
  s.stdout = ''
  s.stderr = ''
  if (s.status >= 0) hv.sessions.delete(id)
  return chunk
}

/** Console output from `from`; with `prompt`, also returns once the console shell waits for a line. */
function consoleRead(k: Kernel, kpid: Kpid, vm: Vm, a: Arg): IoctlResult {
  const c = vm.console
  const end = c.base + c.text.length
  // from -1: the current line only (what an attaching console shows: the prompt)
  const from = a.from === -1 ? end - (c.text.length - c.text.lastIndexOf('\n') - 1) : Math.max(Number(a.from ?? 0), c.base)
  const out = { data: '', next: end, state: vm.state, prompt: false }
  if (from < end) return { ...out, data: c.text.slice(from - c.base) }
  const run = vm.run
  if (a.prompt && run?.guest && run.consoleTty >= 0 && ttyWantsInput(run.guest, run.consoleTty)) return { ...out, prompt: true }
  const live = a.whileBooting ? vm.state === 'booting' : vm.state === 'booting' || vm.state === 'running' || vm.state === 'paused'
  return live ? k.sched.sleepOn(kpid, consoleChan(vm), 'kvm_console_read') : out
}
