// The VMM processes the hypervisor runs on the host, one per VM: QEMU for full
// VMs, Firecracker for microVMs. Each maps the guest's RAM and its device
// emulation (so host `ps` shows the VM's memory as its RSS), creates one task
// per vCPU ("CPU 0/KVM", as QEMU names its vCPU threads) and walks the boot
// stages, sleeping each one's virtual duration.
//
// SIMPLIFICATION: threads are not modelled, so vCPUs are child processes of
// the VMM rather than threads of it.
import {
  KVM_CREATE_VCPU, KVM_CREATE_VM, KVM_RUN, O_RDWR, PR_SET_NAME, VM_BOOT_STAGE, type BootStagePlan, type Program,
} from '../../../kernel-sim/abi/index.ts'
import { clone, close, cpu, dup2, err, execve, mmap, nanosleep, open, pause, prctl, setsid } from '../../libc/index.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { failure, kvm, openKvm } from './kvm.ts'

interface VmPlan {
  ramBytes: number
  hwBytes: number
  vcpus: number
}

/** The VM name from QEMU's `-name guest=NAME` or Firecracker's `--id NAME`. */
function vmName(argv: readonly string[]): string {
  for (let i = 1; i < argv.length - 1; i++) {
    if (argv[i] === '-name') return argv[i + 1]!.replace(/^guest=/, '').split(',')[0]!
    if (argv[i] === '--id') return argv[i + 1]!
  }
  return ''
}

function* vmmMain(argv: readonly string[]): Program {
  const prog = (argv[0] ?? 'qemu').slice((argv[0] ?? '').lastIndexOf('/') + 1)
  const name = vmName(argv)
  const fd = yield* openKvm()
  if (fd < 0) {
    // QEMU's words when /dev/kvm is missing (e.g. inside a guest: no nested virtualization).
    yield* err(`Could not access KVM kernel module: No such file or directory\n${prog}: failed to initialize kvm: No such file or directory\n`)
    return 1
  }
  const plan = yield* kvm<VmPlan>(fd, KVM_CREATE_VM, { name })
  const why = failure(plan)
  if (why || typeof plan !== 'object') {
    yield* err(`${prog}: KVM_CREATE_VM failed: ${why}\n`)
    return 1
  }
  const p = plan as VmPlan
  // vCPUs first: a forked child would get a copy of the mappings (threads would share them).
  for (let i = 0; i < p.vcpus; i++) yield* clone(0, () => vcpuMain(fd, name, i))
  yield* mmap(p.ramBytes) // guest RAM (SIMPLIFICATION: preallocated, as with -mem-prealloc)
  yield* mmap(p.hwBytes) // device emulation, firmware, VMM heap
  for (;;) {
    const s = yield* kvm<BootStagePlan>(fd, VM_BOOT_STAGE, { name })
    if (typeof s !== 'object' || 'error' in s || s.index < 0) break
    if (s.durationNs > 0) yield* nanosleep(s.durationNs)
  }
  for (;;) yield* pause() // runs until the hypervisor stops the VM
}

/** A vCPU: KVM_RUN in a loop; the guest time it ran is charged as this task's CPU time. */
function* vcpuMain(fd: number, name: string, index: number): Program {
  const label = yield* kvm<string>(fd, KVM_CREATE_VCPU, { name, index })
  if (typeof label === 'string') yield* prctl(PR_SET_NAME, label)
  for (;;) {
    const r = yield* kvm<number>(fd, KVM_RUN, { name })
    if (typeof r !== 'number' || r < 0) return 1
    if (r > 0) yield* cpu(r)
  }
}

/** The child `vm start` forks: detaches (setsid, stdio to /dev/null) and execs the VMM. */
export function* daemonize(binary: string, argv: readonly string[], envp: readonly string[]): Program {
  yield* setsid()
  const nul = yield* open('/dev/null', O_RDWR)
  if (nul >= 0) {
    for (const fd of [0, 1, 2]) yield* dup2(nul, fd)
    if (nul > 2) yield* close(nul)
  }
  const r = yield* execve(binary, argv, envp)
  return r < 0 ? 127 : 0
}

export const qemu: ProgramInfo = {
  name: 'qemu-system-x86_64', path: '/usr/bin/qemu-system-x86_64',
  description: 'the VMM of a full VM (started by vm start): guest RAM, device emulation, vCPUs', main: vmmMain,
}
export const firecracker: ProgramInfo = {
  name: 'firecracker', path: '/usr/bin/firecracker',
  description: 'the VMM of a microVM (started by vm start --profile microvm)', main: vmmMain,
}
