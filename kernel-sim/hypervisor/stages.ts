// What each boot step does and prints. The VMM process asks for the next step
// (VM_BOOT_STAGE), the step's effects happen, and the VMM then sleeps for the
// step's cost (boot-plan.ts) in virtual time; meanwhile the boot vCPU runs the
// guest kernel, so the guest's clock and printk stamps follow host time. At
// the end the guest gets systemd's timestamps, which `systemd-analyze` reads.
import { APP, stageNs, type BootStep } from './boot-plan.ts'
import { firmwareLines, okLine, reachedLine, startupFinished } from './boot-log.ts'
import { createGuest, guestLog, guestSpawn, startConsoleShell } from './guest.ts'
import type { Hypervisor } from './hypervisor.ts'
import { VMM_NAME } from './vmm-names.ts'
import type { Vm } from './types.ts'
import { installFile } from '../kernel/fs/install.ts'
import { ELF_PREFIX } from '../kernel/task/exec.ts'
import { SERVICE_PROGRAM } from './guest.ts'
import { MiB } from './vm-config.ts'

/**
 * Where the guest's systemd keeps its boot timestamps and unit timings.
 * SIMPLIFICATION: systemd-analyze reads them from this file (in `systemctl
 * show` KEY=VALUE form, microseconds) instead of asking systemd over D-Bus;
 * the VMM hands its own start-up and the direct kernel load over as the
 * firmware and loader times, as a boot loader implementing systemd's Boot
 * Loader Interface would (SeaBIOS and GRUB do not on real machines).
 */
export const SYSTEMD_TIMESTAMPS = '/run/systemd/isolab-timestamps'

export function runStage(hv: Hypervisor, vm: Vm, step: BootStep | 'done'): void {
  const run = vm.run!
  const { spec } = vm
  const since = hv.host.s.nowNs - run.startNs
  flushStarted(hv, vm)
  if (step === 'done') return bootFinished(hv, vm)
  const first = run.plan.find((s) => s.stage === step.stage) === step
  switch (step.stage) {
    case 'allocate':
    case 'firmware':
    case 'bootloader':
      if (step.stage !== 'allocate' && run.config.firmware === 'none') return
      for (const l of firmwareLines(step.stage, spec.image, spec.profile, VMM_NAME[spec.profile], Math.round(spec.memoryBytes / MiB), spec.vcpus, since)) {
        hv.consoleWrite(vm, l + '\n')
      }
      return
    case 'kernel': {
      const g = createGuest(hv, vm, run, hv.factory, hv.userland)
      hv.consoleWrite(vm, g.coarse.dmesg.map((l) => l + '\n').join(''))
      return
    }
    case 'drivers': {
      const disk = run.guest!.s.machine.diskBytes
      if (spec.profile === 'microvm') guestLog(hv, vm, 'virtio-mmio: Registering device virtio-mmio.0 at 0xd0000000-0xd0000fff, IRQ 5.')
      for (const d of run.devices) guestLog(hv, vm, d.probeLine(spec.memoryBytes, disk))
      return
    }
    case 'initramfs':
      if (run.config.initrdBytes > 0) {
        guestLog(hv, vm, `Trying to unpack rootfs image as initramfs...`)
        guestLog(hv, vm, `Freeing initrd memory: ${Math.round(run.config.initrdBytes / 1024)}K`)
      }
      guestLog(hv, vm, 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.')
      return
    case 'init':
      if (first) initBanner(hv, vm)
      if (step.unit) startUnit(hv, vm, step)
      return
    case 'application':
      installFile(run.guest!, APP[1], `${ELF_PREFIX}${SERVICE_PROGRAM}\n`, 0o755)
      guestSpawn(hv, vm, APP[1], [APP[1]], [`ISOLAB_RSS=${8 * MiB}`], () => {}, () => {})
      run.started = okLine('app.service', 'isolab application')
      return
  }
}

function initBanner(hv: Hypervisor, vm: Vm): void {
  if (vm.spec.image === 'alpine') guestLog(hv, vm, 'Run /sbin/init as init process\n   OpenRC 0.48 is starting up Linux 6.8.0-isolab (x86_64)')
  else if (vm.spec.profile === 'microvm') guestLog(hv, vm, 'Run /sbin/init as init process')
  else guestLog(hv, vm, 'systemd[1]: systemd 252.22-1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +SECCOMP)')
}

/** A unit starts now; it is reported as started when the next step begins (its own time has passed). */
function startUnit(hv: Hypervisor, vm: Vm, step: BootStep): void {
  const run = vm.run!
  const u = run.config.units.find((x) => x.name === step.unit)!
  const g = run.guest!
  installFile(g, u.binary, `${ELF_PREFIX}${SERVICE_PROGRAM}\n`, 0o755)
  if (u.rssBytes > 0) guestSpawn(hv, vm, u.binary, [u.binary], [`ISOLAB_RSS=${u.rssBytes}`], () => {}, () => {})
  run.started = vm.spec.image === 'alpine' ? ` * Starting ${u.name} ... [ ok ]` : okLine(u.name, u.description)
  run.unitTimes.push([u.name, step.ns])
}

function flushStarted(hv: Hypervisor, vm: Vm): void {
  const run = vm.run!
  if (!run.started) return
  hv.consoleWrite(vm, run.started + '\n')
  run.started = ''
}

/** The boot is over: systemd's breakdown (written for systemd-analyze and logged), then the autologin shell. */
function bootFinished(hv: Hypervisor, vm: Vm): void {
  const run = vm.run!
  const { spec } = vm
  const p = run.plan
  const none = run.config.firmware === 'none'
  const firmware = none ? 0 : stageNs(p, 'allocate', 'firmware')
  const loader = none ? stageNs(p, 'allocate', 'bootloader') : stageNs(p, 'bootloader')
  const kernel = stageNs(p, 'kernel', 'drivers')
  const initrd = stageNs(p, 'initramfs')
  const user = stageNs(p, 'init', 'application')
  const us = (ns: number) => Math.round(ns / 1e3)
  const lines = [
    `FirmwareTimestampMonotonic=${us(firmware + loader)}`, `LoaderTimestampMonotonic=${us(loader)}`, 'KernelTimestampMonotonic=0',
    `InitRDTimestampMonotonic=${initrd ? us(kernel) : 0}`, `UserspaceTimestampMonotonic=${us(kernel + initrd)}`,
    `FinishTimestampMonotonic=${us(kernel + initrd + user)}`, `DefaultTarget=multi-user.target`,
    ...run.unitTimes.map(([name, ns]) => `Unit=${us(ns)} ${name}`),
  ]
  installFile(run.guest!, SYSTEMD_TIMESTAMPS, lines.join('\n') + '\n', 0o644)
  if (spec.image !== 'alpine' && spec.profile !== 'microvm') hv.consoleWrite(vm, reachedLine('multi-user.target', 'Multi-User System') + '\n')
  guestLog(hv, vm, `systemd[1]: ${startupFinished(firmware, loader, kernel, initrd, user)}`)
  hv.consoleWrite(vm, `\n${spec.name} login: root (automatic login)\n\n`)
  startConsoleShell(hv, vm)
}
