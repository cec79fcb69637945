// The guest side of a VM: its kernel (the same Kernel code as the host's,
// with its own processes, fd tables, file-max and hostname), the vCPU that
// runs it in step with host time, and the sessions that reach into it
// (exec, like ssh; the serial console).
import { E, KVM_EXIT_IO, KVM_EXIT_IO_IN, KVM_EXIT_IO_OUT, SIG, type KvmIoExit, type Program, type Kpid, type KpidOrErrno, DEV_MEM } from '../abi/index.ts'
import { PORT_IO_CHAN } from '../kernel/ioport.ts'
import { machineVersions } from '../kernel/version.ts'
import { sendSignal } from '../kernel/task/signal.ts'
import { nextWakeNs, runSlice } from '../kernel/task/sched.ts'
import type { Kernel } from '../kernel/kernel.ts'
import type { BLOCK } from '../kernel/block.ts'
import { printk } from '../kernel/log.ts'
import { spawnTask } from '../kernel/spawn.ts'
import { createTty, ttyInput } from '../kernel/tty.ts'
import type { ExecSession, GuestEvents, GuestUserland, KernelFactory, Vm, VmRun } from './types.ts'
import { MiB } from './vm-config.ts'
import { memDevice } from './devmem.ts'
import { speculate } from './side-channel.ts'
import type { Hypervisor } from './hypervisor.ts'

/** Guest syscalls per KVM_RUN: about one host time slice's worth, so a busy guest shares the host fairly. */
const GUEST_SLICE = 1024

export const vcpuChan = (vm: Vm) => `kvm-vcpu:${vm.id}`
export const consoleChan = (vm: Vm) => `kvm-console:${vm.id}`
export const execChan = (vm: Vm, id: number) => `kvm-exec:${vm.id}:${id}`

/** A guest daemon: maps its resident memory (from ISOLAB_RSS), then sleeps until killed. */
function* serviceMain(_argv: readonly string[], envp: readonly string[]): Program {
  const rss = Number(envp.find((e) => e.startsWith('ISOLAB_RSS='))?.slice(11) ?? 0)
  if (rss > 0) yield { nr: 'mmap', args: [rss] }
  for (;;) yield { nr: 'pause', args: [] }
}
export const SERVICE_PROGRAM = 'isolab-guest-service'

/** Boots the guest kernel (the "kernel load" stage): the guest's clock starts now. */
export function createGuest(hv: Hypervisor, vm: Vm, run: VmRun, factory: KernelFactory, userland: GuestUserland): Kernel {
  const { spec, overhead } = vm
  const programs = (name: string) => (name === SERVICE_PROGRAM ? serviceMain : userland.programs(name))
  // The guest's isolation events go up to the host's owner once the guest exists (its boot log does not).
  const up: { to?: ReturnType<GuestEvents> } = {}
  const g = factory({
    machine: {
      cpus: spec.vcpus, memoryBytes: spec.memoryBytes, diskBytes: spec.profile === 'microvm' ? 1024 * MiB : 20 * 2 ** 30,
      kernelBytes: overhead.guestKernel + overhead.virtualDrivers,
      // The same CPU, VMM and runtime packages as the host; its own kernel release and command line.
      guest: true, versions: { ...machineVersions(hv.host), kernel: spec.kernel ?? defaultKernel(hv, spec.image), mitigations: 'auto', smt: 'on' },
      ...(spec.image === 'windows-like' ? { personality: 'nt' as const } : {}),
      // GRUB prepends the image and root; a VMM's direct kernel boot passes its command line as given (plus root).
      cmdline: run.config.firmware === 'seabios' ? `BOOT_IMAGE=/boot/vmlinuz-isolab root=/dev/vda1 ro ${run.config.cmdline}` : `${run.config.cmdline} root=/dev/vda${spec.profile === 'microvm' ? '' : '1'} ro`,
    },
    seed: (hv.seed * 31 + vm.id * 7919) >>> 0,
    hostname: spec.name,
    programs,
    host: {
      output: (ch, data) => run.channels.get(ch)?.(data),
      exited: (kpid, status) => guestExited(hv, vm, run, kpid, status),
      portIo: (kpid, port, write, value) => portIo(run, kpid, port, write, value),
      speculate: (_kpid, technique, hpa) => speculate(hv, vm, technique, hpa),
      logged: (msg) => up.to?.logged?.(msg),
      syscallFailed: (kpid, nr, errno, filtered) => up.to?.syscallFailed?.(kpid, nr, errno, filtered),
      exploited: (kpid, what, detail) => up.to?.exploited?.(kpid, what, detail),
      exploitStep: (kpid, what) => up.to?.exploitStep?.(kpid, what),
    },
  })
  up.to = hv.guestEvents?.(spec.name, g)
  userland.install(g, spec.name)
  // /dev/mem (its node made at boot, kernel/boot.ts): guest-physical memory, read through this VM's EPT (mem(4): "physical memory").
  g.chrdevs.set(DEV_MEM, memDevice(hv, vm))
  g.commit()
  run.guest = g
  run.epochNs = hv.host.s.nowNs
  kick(hv, vm)
  return g
}

/**
 * A guest IN/OUT the CPU let through (kernel/ioport.ts): it exits to the VMM.
 * The guest task waits ('wait') until the VMM has emulated it, then gets the
 * byte read. Another task's access in flight makes this one wait its turn.
 */
function portIo(run: VmRun, kpid: Kpid, port: number, write: boolean, value: number): number | 'wait' {
  const p = run.pio
  if (p?.kpid === kpid && p.state === 'done') {
    run.pio = undefined
    run.guest?.sched.wake(PORT_IO_CHAN) // the next task's access may go now
    return write ? 0 : p.result
  }
  if (!p) run.pio = { kpid, port, write, value, state: 'pending', result: 0 }
  return 'wait'
}

/** The I/O exit KVM_RUN hands the VMM, once per access. */
function takeIoExit(run: VmRun): KvmIoExit | undefined {
  const p = run.pio
  if (p?.state !== 'pending') return undefined
  p.state = 'delivered'
  return { exit: KVM_EXIT_IO, direction: p.write ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN, port: p.port, size: 1, data: p.value }
}

/** The VMM finished emulating the access (the next KVM_RUN carries the data read): the guest task resumes. */
function completeIo(run: VmRun, g: Kernel, io: { data?: number } | undefined): void {
  const p = run.pio
  if (!io || p?.state !== 'delivered') return
  p.state = 'done'
  p.result = Number(io.data ?? 0xff) & 0xff
  g.sched.wake(PORT_IO_CHAN)
}

/** An image's kernel: the windows-like image is Windows Server 2022's NT kernel; Linux images the host's release. */
function defaultKernel(hv: Hypervisor, image: string): string {
  return image === 'windows-like' ? '10.0.20348.2700' : machineVersions(hv.host).kernel
}

/** Wakes the VM's boot vCPU if it halted (kvm_vcpu_kick). */
export function kick(hv: Hypervisor, vm: Vm): void {
  const v = vm.run?.vcpus[0]
  if (v !== undefined && hv.host.task(v)?.state === 'S') hv.host.sched.makeRunnable(v, 0)
}

/**
 * KVM_RUN: runs the guest until it catches up with host time. Returns the ns
 * the guest ran ahead of the host (the vCPU charges them as CPU time, so guest
 * time is host time), or halts the vCPU until the guest's next timer or a kick.
 *
 * SIMPLIFICATION: the guest's scheduler runs on the boot vCPU only; it divides
 * its time among `vcpus` CPUs itself. The other vCPUs stay halted (HLT) in host ps.
 */
export function vcpuRun(hv: Hypervisor, vm: Vm, kpid: Kpid, io?: { data?: number }): number | KvmIoExit | typeof BLOCK {
  const run = vm.run
  const host = hv.host
  if (!run || !run.vcpus.includes(kpid)) return -E.EBADF
  const g = run.guest
  if (kpid !== run.vcpus[0] || !g || vm.state === 'paused') return host.sched.sleepOn(kpid, vcpuChan(vm), 'kvm_vcpu_block')
  if (g.panicked) return hv.crash(vm, g.panicked), -E.EIO
  hangUpOrphans(hv, run, g)
  completeIo(run, g, io)
  const target = host.s.nowNs - run.epochNs
  // While the vCPU was halted the host's time went on, and a guest's clock follows the host's (kvmclock): the
  // guest catches up before it runs. Otherwise a guest woken by a kick (vm exec) long after it halted (another
  // VM booting meanwhile) would run seconds behind the host, and a guest nanosleep would end in host
  // microseconds, before any timer of its VMM (VENOM's 20 ms READ ID timer) is due.
  if (run.halted) {
    run.halted = false
    if (g.s.nowNs < target) g.advanceClock(target - g.s.nowNs)
  }
  const calls = g.syscalls
  const r = runSlice(g, GUEST_SLICE, target)
  host.syscalls += g.syscalls - calls // guest work runs on the host's CPUs: it counts against the host's step budget
  if (r === 'panic' || g.panicked) return hv.crash(vm, g.panicked), -E.EIO
  const exit = takeIoExit(run)
  if (exit) return g.commit(), exit
  if (r === 'idle') {
    if (g.s.nowNs < target) g.advanceClock(target - g.s.nowNs)
    g.commit()
    const next = nextWakeNs(g) // a guest task reading /dev/vda waits for the disk, not a timer
    run.halted = true
    return next !== undefined ? host.sched.sleepUntil(kpid, run.epochNs + next) : host.sched.sleepOn(kpid, vcpuChan(vm), 'kvm_vcpu_block')
  }
  return Math.max(0, g.s.nowNs - target)
}

/** printk in the guest, echoed on its serial console (console=ttyS0). */
export function guestLog(hv: Hypervisor, vm: Vm, msg: string): void {
  const g = vm.run?.guest
  if (!g) return
  syncClock(hv, vm)
  printk(g, msg)
  hv.consoleWrite(vm, g.coarse.dmesg.at(-1)! + '\n')
}

/** Brings an idle guest's clock up to host time before it logs something. */
function syncClock(hv: Hypervisor, vm: Vm): void {
  const run = vm.run!
  const g = run.guest!
  const target = hv.host.s.nowNs - run.epochNs
  if (g.s.nowNs < target && g.sched.runnable === 0) g.advanceClock(target - g.s.nowNs)
}

/** Starts a guest process with its output on fresh channels; returns its pid. */
export function guestSpawn(hv: Hypervisor, vm: Vm, path: string, argv: string[], envp: string[], out: (d: string) => void, err: (d: string) => void): number {
  const run = vm.run!
  const o = run.nextChannel++
  const e = run.nextChannel++
  run.channels.set(o, out)
  run.channels.set(e, err)
  const pid = spawnTask(run.guest!, { path, argv, envp, cwd: '/root', stdio: { kind: 'host', stdin: '', stdout: o, stderr: e } })
  run.guest!.commit()
  kick(hv, vm)
  return pid
}

/** vm exec: runs `bash -c CMD` as root in the guest, as sshd would. */
export function execStart(hv: Hypervisor, vm: Vm, cmd: string, reader: Kpid): ExecSession | number {
  const run = vm.run!
  const s: ExecSession = { id: hv.nextSession++, pid: 0, stdout: '', stderr: '', status: -1, reader }
  const wake = () => hv.host.sched.wake(execChan(vm, s.id))
  const pid = guestSpawn(hv, vm, '/bin/bash', ['bash', '-c', cmd], [...hv.userland.rootEnv, 'PWD=/root'],
    (d) => ((s.stdout += d), wake()), (d) => ((s.stderr += d), wake()))
  if (pid < 0) return pid
  s.pid = pid
  run.execs.set(s.id, s)
  hv.sessions.set(s.id, { vm, s })
  return s
}

/**
 * The `vm exec` on the host is gone (killed, or its script ended): as sshd does
 * when a connection drops, end the command's whole session in the guest.
 */
function hangUpOrphans(hv: Hypervisor, run: VmRun, g: Kernel): void {
  for (const s of run.execs.values()) {
    const r = hv.host.task(s.reader)
    if (r && r.state !== 'Z') continue
    run.execs.delete(s.id)
    hv.sessions.delete(s.id)
    if (s.status >= 0) continue
    for (const t of [...g.s.tasks.values()]) if (t.sid === s.pid && t.state !== 'Z') sendSignal(g, t.kpid, SIG.SIGKILL)
  }
}

function guestExited(hv: Hypervisor, vm: Vm, run: VmRun, kpid: Kpid, status: number): void {
  for (const s of run.execs.values()) {
    if (s.pid === kpid) {
      s.status = status
      hv.host.sched.wake(execChan(vm, s.id))
    }
  }
}

/** The autologin root shell on the serial console (getty --autologin root ttyS0). */
export function startConsoleShell(hv: Hypervisor, vm: Vm): void {
  const run = vm.run!
  const g = run.guest!
  const ch = run.nextChannel++
  run.channels.set(ch, (d) => hv.consoleWrite(vm, d))
  const tty = createTty(g, ch, 80, 24)
  run.consoleTty = tty.id
  spawnTask(g, { path: '/bin/bash', argv: ['-bash', '-i'], envp: [...hv.userland.rootEnv, 'PWD=/root'], cwd: '/root', stdio: { kind: 'tty', tty: tty.id } })
  g.commit()
  kick(hv, vm)
}

/** A line typed on the console. */
export function consoleInput(hv: Hypervisor, vm: Vm, line: string): void {
  const run = vm.run!
  if (!run.guest || run.consoleTty < 0) return
  ttyInput(run.guest, run.consoleTty, line.endsWith('\n') ? line : line + '\n')
  run.guest.commit()
  kick(hv, vm)
}

/** A new terminal on the guest with a login shell (the web app's guest console). */
export function openGuestTerminal(hv: Hypervisor, vm: Vm, cols: number, rows: number, onOutput: (d: string) => void): { k: Kernel; tty: number; pid: KpidOrErrno } | undefined {
  const run = vm.run
  const g = run?.guest
  if (!run || !g || vm.state !== 'running') return undefined
  const ch = run.nextChannel++
  run.channels.set(ch, onOutput)
  const tty = createTty(g, ch, cols, rows)
  const pid = spawnTask(g, { path: '/bin/bash', argv: ['-bash', '-i'], envp: [...hv.userland.rootEnv, 'PWD=/root'], cwd: '/root', stdio: { kind: 'tty', tty: tty.id } })
  g.commit()
  kick(hv, vm)
  return { k: g, tty: tty.id, pid }
}
