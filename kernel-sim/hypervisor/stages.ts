// What each boot stage does and prints. The VMM process asks for a stage
// (VM_BOOT_STAGE), the stage's effects happen, and the VMM then sleeps for the
// stage's drawn duration in virtual time; meanwhile the boot vCPU runs the
// guest kernel, so the guest's clock and printk stamps follow host time.
import { SERVICES, APP, type StageName, STAGES } from './boot-plan.ts'
import { firmwareLines, okLine, reachedLine, startupFinished } from './boot-log.ts'
import { createGuest, guestLog, guestSpawn, startConsoleShell } from './guest.ts'
import type { Hypervisor } from './hypervisor.ts'
import { VMM_NAME } from './vmm-names.ts'
import type { Vm } from './types.ts'
import { installFile } from '../kernel/fs/install.ts'
import { ELF_PREFIX } from '../kernel/task/exec.ts'
import { SERVICE_PROGRAM } from './guest.ts'
import { MiB } from './vm-config.ts'

export function runStage(hv: Hypervisor, vm: Vm, stage: StageName | 'done'): void {
  const run = vm.run!
  const { spec } = vm
  const since = hv.host.s.nowNs - run.startNs
  if (stage === 'allocate' || stage === 'firmware' || stage === 'bootloader') {
    for (const l of firmwareLines(stage, spec.image, spec.profile, VMM_NAME[spec.profile], Math.round(spec.memoryBytes / MiB), spec.vcpus, since)) {
      hv.consoleWrite(vm, l + '\n')
    }
    return
  }
  if (stage === 'kernel') {
    const g = createGuest(hv, vm, run, hv.factory, hv.userland)
    hv.consoleWrite(vm, g.coarse.dmesg.map((l) => l + '\n').join(''))
    return
  }
  if (stage === 'drivers') {
    const disk = run.guest!.s.machine.diskBytes
    if (spec.profile === 'microvm') guestLog(hv, vm, 'virtio-mmio: Registering device virtio-mmio.0 at 0xd0000000-0xd0000fff, IRQ 5.')
    for (const d of run.devices) guestLog(hv, vm, d.probeLine(spec.memoryBytes, disk))
    guestLog(hv, vm, 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.')
    return
  }
  if (stage === 'init') return startServices(hv, vm)
  if (stage === 'application') {
    installFile(run.guest!, APP[1], `${ELF_PREFIX}${SERVICE_PROGRAM}\n`, 0o755)
    guestSpawn(hv, vm, APP[1], [APP[1]], [`ISOLAB_RSS=${8 * MiB}`], () => {}, () => {})
    hv.consoleWrite(vm, okLine('app.service', 'isolab application') + '\n')
    hv.consoleWrite(vm, reachedLine('multi-user.target', 'Multi-User System') + '\n')
    return
  }
  // done: systemd-analyze's breakdown, then the autologin shell on ttyS0.
  const st = run.stages
  const at = (n: StageName) => st[STAGES.indexOf(n)]!
  guestLog(hv, vm, `systemd[1]: ${startupFinished(at('allocate') + at('firmware'), at('bootloader'), at('kernel') + at('drivers'), at('init') + at('application'))}`)
  hv.consoleWrite(vm, `\n${spec.name} login: root (automatic login)\n\n`)
  startConsoleShell(hv, vm)
}

/** The init system starts the image's services; together they hold the services' share of memory. */
function startServices(hv: Hypervisor, vm: Vm): void {
  const g = vm.run!.guest!
  const { spec, overhead } = vm
  if (spec.image === 'alpine') guestLog(hv, vm, 'Run /sbin/init as init process\n   OpenRC 0.48 is starting up Linux 6.8.0-isolab (x86_64)')
  else guestLog(hv, vm, 'systemd[1]: systemd 252.22-1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +SECCOMP)')
  for (const [name, path, share] of SERVICES[spec.image]) {
    installFile(g, path, `${ELF_PREFIX}${SERVICE_PROGRAM}\n`, 0o755)
    guestSpawn(hv, vm, path, [path], [`ISOLAB_RSS=${Math.round(overhead.guestServices * share)}`], () => {}, () => {})
    hv.consoleWrite(vm, (spec.image === 'alpine' ? ` * Starting ${name} ... [ ok ]` : okLine(`${name}.service`, name)) + '\n')
  }
}
