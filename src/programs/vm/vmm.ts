// The VMM processes the hypervisor runs on the host, one per VM: QEMU for full
// VMs, Firecracker for microVMs. Each maps the guest's RAM and its device
// emulation (so host `ps` shows the VM's memory as its RSS), creates one task
// per vCPU ("CPU 0/KVM", as QEMU names its vCPU threads) and walks the boot
// stages, sleeping each one's virtual duration.
//
// SIMPLIFICATION: threads are not modelled, so vCPUs are child processes of
// the VMM rather than threads of it.
import {
  CLONE_NEWNET, CLONE_NEWNS, E, KVM_CREATE_VCPU, KVM_CREATE_VM, KVM_EXIT_IO, KVM_MAJOR, KVM_MINOR, KVM_RUN, S_IFCHR, O_RDWR, O_WRONLY, PR_SET_NAME, PR_SET_NO_NEW_PRIVS, SECCOMP_RET_ALLOW,
  SECCOMP_RET_KILL_PROCESS, SECCOMP_SET_MODE_FILTER, VM_BOOT_STAGE, VM_LAUNCH, VM_STOP, strerror, type BootStagePlan, type KvmIoExit, type Program,
  type SeccompFilterSpec,
} from '../../../kernel-sim/abi/index.ts'
import {
  chdir, chmod, chown, chroot, clone, close, cpu, dup2, err, execve, mknod, mmap, nanosleep, open, out, pause, prctl, setgroups, setresgid,
  setresuid, setsid, unshare, write,
  type Sys,
} from '../../libc/index.ts'
import { emulateIo, pioBus, runTimers } from './pio.ts'
import { readFile } from '../lib/io.ts'
import { mkdirP, writeFile } from '../../runtime/fsutil.ts'
import { binaryVersion } from '../lib/binary-version.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { failure, kvm, openKvm } from './kvm.ts'

interface VmPlan {
  ramBytes: number
  hwBytes: number
  vcpus: number
  /** QEMU's machine type ("pc") or "microvm". */
  machine: string
}

/**
 * QEMU's `-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,...`
 * (qemu-seccomp.c): fork/vfork/execve and the set*id calls kill the process
 * (SCMP_ACT_KILL_PROCESS); everything else is allowed. Firecracker's filters
 * (installed by the jailer's child) deny the same.
 */
const SANDBOX: SeccompFilterSpec = {
  defaultAction: SECCOMP_RET_ALLOW,
  rules: [
    { names: ['clone', 'fork', 'vfork', 'execve', 'execveat'], action: SECCOMP_RET_KILL_PROCESS },
    { names: ['setuid', 'setgid', 'setresuid', 'setresgid', 'setgroups', 'setreuid', 'setregid'], action: SECCOMP_RET_KILL_PROCESS },
    { names: ['reboot', 'swapon', 'swapoff', 'kexec_load', 'init_module', 'delete_module'], action: SECCOMP_RET_KILL_PROCESS },
  ],
}

/**
 * Installs the sandbox (with no_new_privs, as libseccomp does by default): QEMU when its command line
 * says `-sandbox on`; Firecracker always, unless started with --no-seccomp (its default filters).
 */
function* sandbox(argv: readonly string[]): Sys<number> {
  const i = argv.indexOf('-sandbox')
  const firecracker = (argv[0] ?? '').endsWith('firecracker')
  if (firecracker ? argv.includes('--no-seccomp') : i < 0 || !/^on\b/.test(argv[i + 1] ?? '')) return 0
  yield* prctl(PR_SET_NO_NEW_PRIVS, 1)
  return (yield { nr: 'seccomp', args: [SECCOMP_SET_MODE_FILTER, 0, SANDBOX] }) as number
}

/** The VM name from QEMU's `-name guest=NAME` or Firecracker's `--id NAME`. */
function vmName(argv: readonly string[]): string {
  for (let i = 1; i < argv.length - 1; i++) {
    if (argv[i] === '-name') return argv[i + 1]!.replace(/^guest=/, '').split(',')[0]!
    if (argv[i] === '--id') return argv[i + 1]!
  }
  return ''
}

function* vmmMain(argv: readonly string[], envp: readonly string[]): Program {
  const prog = (argv[0] ?? 'qemu').slice((argv[0] ?? '').lastIndexOf('/') + 1)
  if (argv.includes('--version') || argv.includes('-version')) return yield* version(prog)
  const name = vmName(argv)
  const fd = yield* openKvm()
  if (fd < 0) {
    // QEMU's words when /dev/kvm is missing (e.g. inside a guest: no nested virtualization).
    const why = strerror(-fd)
    yield* err(`Could not access KVM kernel module: ${why}\n${prog}: failed to initialize kvm: ${why}\n`)
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
  for (let i = 0; i < p.vcpus; i++) yield* clone(0, () => vcpuMain(fd, name, i, p, argv, envp))
  const sb = yield* sandbox(argv)
  if (sb < 0) {
    yield* err(`${prog}: -sandbox on: failed to install seccomp syscall filter in the kernel: ${failure(sb)}\n`)
    return 1
  }
  yield* mmap(p.ramBytes) // guest RAM (SIMPLIFICATION: preallocated, as with -mem-prealloc)
  yield* mmap(p.hwBytes) // device emulation, firmware, VMM heap
  for (;;) {
    const s = yield* kvm<BootStagePlan>(fd, VM_BOOT_STAGE, { name })
    if (typeof s !== 'object' || 'error' in s || s.index < 0) break
    if (s.durationNs > 0) yield* nanosleep(s.durationNs)
  }
  for (;;) yield* pause() // runs until the hypervisor stops the VM
}

/**
 * A vCPU: KVM_RUN in a loop; the guest time it ran is charged as this task's
 * CPU time. A KVM_EXIT_IO is emulated here, by the VMM's device models
 * (pio.ts), and the next KVM_RUN hands the result back to the guest.
 */
function* vcpuMain(fd: number, name: string, index: number, p: VmPlan, argv: readonly string[], envp: readonly string[]): Program {
  const label = yield* kvm<string>(fd, KVM_CREATE_VCPU, { name, index })
  if (typeof label === 'string') yield* prctl(PR_SET_NAME, label)
  if ((yield* sandbox(argv)) < 0) return 1
  // The device models behave as this binary's release did (its version note, as --version reads it): only
  // QEMU's floppy controller depends on it, and a microVM has none (Firecracker emulates no FDC).
  const version = p.machine === 'pc' ? (yield* binaryVersion('/proc/self/exe')) ?? '' : ''
  const bus = pioBus(fd, name, p.machine, version, p.ramBytes, envp)
  let io: { data: number } | undefined
  for (;;) {
    yield* runTimers(bus)
    const r = yield* kvm<number | KvmIoExit>(fd, KVM_RUN, { name, ...(io ? { io } : {}) })
    io = undefined
    if (typeof r === 'object' && r !== null && (r as KvmIoExit).exit === KVM_EXIT_IO) {
      io = { data: yield* emulateIo(bus, r as KvmIoExit) }
      continue
    }
    if (typeof r !== 'number' || r < 0) return 1
    if (r > 0) yield* cpu(r)
  }
}

/** `qemu-system-x86_64 --version` / `firecracker --version`: the release this binary was built as. */
function* version(prog: string): Sys<number> {
  const v = (yield* binaryVersion('/proc/self/exe')) ?? FIRECRACKER_VERSION
  if (prog === 'firecracker') yield* out(`Firecracker v${v}\n`)
  else yield* out(`QEMU emulator version ${v}\nCopyright (c) 2003-2024 Fabrice Bellard and the QEMU Project developers\n`)
  return 0
}

/** Firecracker's release (its binary carries no version note). */
const FIRECRACKER_VERSION = '1.7.0'

/** What confines the VMM (kernel-sim/hypervisor/confine.ts ConfinePlan). */
export interface ConfinePlan {
  profile?: string
  user?: { uid: number; gid: number; groups: number[] }
  jail?: { root: string }
}

/**
 * Firecracker's jailer: a chroot holding only the VMM binary and the device
 * nodes it needs (/dev/kvm, /dev/null), new mount and network namespaces, then
 * chroot into it. Returns the binary's path inside the jail, or -errno.
 * SIMPLIFICATION: no cgroup of its own and no new pid namespace.
 */
function* jail(root: string, binary: string): Sys<string | { step: string; r: number }> {
  const bin = binary.slice(binary.lastIndexOf('/'))
  const image = yield* readFile(binary)
  if (typeof image === 'number') return { step: `read ${binary}`, r: image }
  const steps: [string, () => Sys<number>][] = [
    [`mkdir -p ${root}/dev`, () => mkdirP(`${root}/dev`)],
    [`copy ${binary} to ${root}${bin}`, () => writeFile(`${root}${bin}`, image, 0o755)],
    [`mknod ${root}/dev/kvm`, () => mknod(`${root}/dev/kvm`, S_IFCHR | 0o660, (KVM_MAJOR << 8) | KVM_MINOR)],
    [`chown ${root}/dev/kvm`, () => chown(`${root}/dev/kvm`, 0, KVM_GID)],
    [`chmod 0660 ${root}/dev/kvm`, () => chmod(`${root}/dev/kvm`, 0o660)], // mknod's mode went through the umask
    [`mknod ${root}/dev/null`, () => mknod(`${root}/dev/null`, S_IFCHR | 0o666, (1 << 8) | 3)],
    ['unshare(CLONE_NEWNS|CLONE_NEWNET)', () => unshare(CLONE_NEWNS | CLONE_NEWNET)],
    [`chroot ${root}`, () => chroot(root)],
    ['chdir /', () => chdir('/')],
  ]
  for (const [step, run] of steps) {
    const r = yield* run()
    if (r < 0 && r !== -E.EEXIST) return { step, r }
  }
  return bin
}
const KVM_GID = 108

/**
 * The child `vm start` forks: confines itself as libvirt or the jailer does
 * before exec (the jail, the sVirt profile to enter at exec, then the
 * unprivileged user), detaches (setsid, stdio to /dev/null) and execs the VMM.
 * A step that fails is reported on `vm start`'s stderr and powers the VM off.
 */
export function* daemonize(name: string, image: string, argv: readonly string[], envp: readonly string[], confine: ConfinePlan = {}): Program {
  yield* setsid()
  const kvmFd = yield* openKvm() // before any chroot: to power the VM off if confining fails
  if (kvmFd >= 0) yield* kvm(kvmFd, VM_LAUNCH, { name }) // from here, this process dying ends the boot
  const fail = function* (what: string, r: number): Sys<number> {
    yield* err(`vm: cannot confine the VMM of '${name}': ${what}: ${strerror(-r)}\n`)
    if (kvmFd >= 0) yield* kvm(kvmFd, VM_STOP, { name })
    return 126
  }
  let binary = image
  if (confine.jail) {
    const b = yield* jail(confine.jail.root, binary)
    if (typeof b !== 'string') return yield* fail(b.step, b.r)
    binary = b
  }
  if (confine.profile) {
    const fd = yield* open('/proc/self/attr/exec', O_WRONLY)
    const w = fd < 0 ? fd : yield* write(fd, `exec ${confine.profile}`)
    if (fd >= 0) yield* close(fd)
    if (w < 0) return yield* fail(`write /proc/self/attr/exec "exec ${confine.profile}"`, w)
  }
  if (confine.user) {
    const u = confine.user
    for (const [what, r] of [['setgroups', yield* setgroups(u.groups)], ['setresgid', yield* setresgid(u.gid, u.gid, u.gid)], ['setresuid', yield* setresuid(u.uid, u.uid, u.uid)]] as const) {
      if (r < 0) return yield* fail(what, r)
    }
  }
  if (kvmFd >= 0) yield* close(kvmFd)
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
