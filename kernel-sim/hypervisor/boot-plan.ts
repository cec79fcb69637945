// What a boot costs, as the sum of the work each stage does. A stage's time is
// its work times a unit cost: bytes read from the disk at the disk's speed,
// a kernel image decompressed, devices probed, console bytes written through
// the emulated UART (each one a port-I/O exit to the VMM), systemd units
// started. Change the configuration (firmware, direct kernel boot, kernel
// size, "quiet", the number of units, the disk speed, the microVM machine
// type) and the time moves, with a breakdown that says why.
//
// Unit costs were calibrated once so that the defaults land on published
// figures, then left alone:
// - Firecracker, SPECIFICATION.md: the VMM "starts (up to API socket
//   availability) within 8 CPU ms ... typical durations around 12 ms", and
//   "It takes <= 125 ms to go from receiving the Firecracker InstanceStart API
//   call to the start of the Linux guest user-space /sbin/init process".
// - A full distribution under QEMU/KVM with SeaBIOS, GRUB and an initramfs:
//   about 30 s to a logged-in system, dominated by userspace units
//   (cloud-init, snapd), as `systemd-analyze blame` on an Ubuntu cloud image
//   shows; the seed article says 30-60 s.
// SIMPLIFICATION: units start one after another, so userspace time is the sum
// of the units' times (systemd starts them in parallel; its userspace time is
// the critical chain, shorter than the blame sum).
import type { VmImage, VmProfile, VmSpec } from '../abi/index.ts'
import { deviceModel } from './devices.ts'
import { MiB } from './vm-config.ts'

export type StageName = 'allocate' | 'firmware' | 'bootloader' | 'kernel' | 'drivers' | 'initramfs' | 'init' | 'application'

export const STAGES: readonly StageName[] = ['allocate', 'firmware', 'bootloader', 'kernel', 'drivers', 'initramfs', 'init', 'application']

/** One step of a boot: a stage, or one unit of the init stage, with its cost and the work behind it. */
export interface BootStep {
  stage: StageName
  /** The unit this step starts (init stage only). */
  unit?: string
  ns: number
  /** The work, in words: "12.0 MiB bzImage at 80 MiB/s". */
  why: string
}

const MS = 1e6
const US = 1e3
const S = 1e9

/** The unit costs (ns), each the price of one piece of work. */
export const COST = {
  /** QEMU's process start to the first vCPU reset (option parsing, device realize, KVM set-up). */
  qemuStart: 120 * MS,
  /** Firecracker: "typical durations around 12 ms" to API availability (SPECIFICATION.md). */
  firecrackerStart: 12 * MS,
  /** Zeroing preallocated guest RAM (-mem-prealloc), per GiB: about 10 GB/s of memset. */
  preallocPerGiB: 100 * MS,
  /** SeaBIOS POST: chipset init, memory map, PCI enumeration. */
  biosPost: 450 * MS,
  /** Each PCI device's option ROM scan (iPXE on the NIC is the long one). */
  optionRom: 180 * MS,
  /** GRUB stage 1.5/2, its modules and the menu with GRUB_TIMEOUT=0. */
  grub: 300 * MS,
  /** Decompressing the kernel image (zstd/gzip bzImage), bytes per second of compressed input. */
  decompressBps: 80 * MiB,
  /** The VMM copying a kernel and initrd out of the host's page cache (direct kernel boot). */
  hostCopyBps: 2048 * MiB,
  /** start_kernel to the first driver: a distribution kernel (ACPI, PCI, timers, every built-in subsystem). */
  kernelInitFull: 1200 * MS,
  /** The same for a microVM kernel (no ACPI, no PCI: pci=off, a handful of built-ins). */
  kernelInitMicro: 25 * MS,
  /** Probing one PCI device (config space, BARs, the driver's probe). */
  pciProbe: 40 * MS,
  /** Probing one virtio-mmio device (no enumeration: its address comes from the command line). */
  mmioProbe: 4 * MS,
  /** The floppy driver waits for the (absent) drive's motor and seek. */
  floppyProbe: 1500 * MS,
  /** One byte to the emulated 16550 UART: an OUT to port 0x3f8, a VM exit, the VMM's write. */
  consoleByte: 10 * US,
  /** Unpacking the initramfs cpio (decompression plus populating rootfs), bytes per second. */
  initrdUnpackBps: 250 * MiB,
  /** The initramfs's own work: udev coldplug, loading the root device's modules, mounting root. */
  initrdWork: 900 * MS,
  /** The microVM's init (a minimal /sbin/init) until it runs the application. */
  microInit: 15 * MS,
  /** The application reaching its main loop. */
  application: 50 * MS,
} as const

/** A systemd (or OpenRC) unit: what it reads from disk and the work it does itself. */
export interface Unit {
  name: string
  description: string
  binary: string
  /** Bytes read from disk to start it (its binary and libraries, when not cached yet). */
  readBytes: number
  /** Its own start-up work, ns (what `systemd-analyze blame` shows minus the disk reads). */
  workNs: number
  /** Resident memory once it runs. */
  rssBytes: number
}

const unit = (name: string, description: string, binary: string, readMiB: number, workMs: number, rssMiB: number): Unit =>
  ({ name, description, binary, readBytes: readMiB * MiB, workNs: workMs * MS, rssBytes: rssMiB * MiB })

/**
 * Units each image starts, in start order, with their costs. Ubuntu's are the
 * long poles of an Ubuntu cloud image's `systemd-analyze blame`: snapd seeding,
 * cloud-init's four stages, waiting for the DHCP lease, AppArmor's profile
 * compilation, the SSH host keys generated on first boot.
 */
export const UNITS: Record<VmImage, readonly Unit[]> = {
  ubuntu: [
    unit('systemd-journald.service', 'Journal Service', '/lib/systemd/systemd-journald', 1, 120, 16),
    unit('systemd-udevd.service', 'Rule-based Manager for Device Events and Files', '/lib/systemd/systemd-udevd', 2, 260, 10),
    unit('lvm2-monitor.service', 'Monitoring of LVM2 mirrors, snapshots etc. using dmeventd or progress polling', '/sbin/lvm', 2, 450, 0),
    unit('apparmor.service', 'Load AppArmor profiles', '/sbin/apparmor_parser', 2, 1200, 0),
    unit('systemd-networkd.service', 'Network Configuration', '/lib/systemd/systemd-networkd', 1, 180, 8),
    unit('systemd-networkd-wait-online.service', 'Wait for Network to be Configured', '/lib/systemd/systemd-networkd-wait-online', 1, 2100, 0),
    unit('systemd-resolved.service', 'Network Name Resolution', '/lib/systemd/systemd-resolved', 1, 300, 12),
    unit('cloud-init-local.service', 'Cloud-init: Local Stage (pre-network)', '/usr/bin/cloud-init', 40, 1500, 0),
    unit('cloud-init.service', 'Cloud-init: Network Stage', '/usr/bin/cloud-init', 0, 4000, 0),
    unit('systemd-logind.service', 'User Login Management', '/lib/systemd/systemd-logind', 1, 150, 4),
    unit('ssh.service', 'OpenBSD Secure Shell server', '/usr/sbin/sshd', 2, 1100, 6),
    unit('rsyslog.service', 'System Logging Service', '/usr/sbin/rsyslogd', 1, 90, 6),
    unit('cron.service', 'Regular background program processing daemon', '/usr/sbin/cron', 1, 20, 3),
    unit('snapd.service', 'Snap Daemon', '/usr/lib/snapd/snapd', 30, 5800, 40),
    unit('snapd.seeded.service', 'Wait until snapd is fully seeded', '/usr/bin/snap', 20, 3400, 0),
    unit('cloud-config.service', 'Cloud-init: Config Stage', '/usr/bin/cloud-init', 0, 1200, 0),
    unit('cloud-final.service', 'Cloud-init: Final Stage', '/usr/bin/cloud-init', 0, 1000, 0),
  ],
  alpine: [
    unit('syslog', 'busybox syslogd', '/sbin/syslogd', 1, 40, 1),
    unit('networking', 'ifup -a (udhcpc waits for its lease)', '/sbin/ifup', 1, 1100, 0),
    unit('crond', 'busybox crond', '/usr/sbin/crond', 1, 20, 1),
    unit('sshd', 'OpenSSH server (host keys on first boot)', '/usr/sbin/sshd', 2, 900, 5),
  ],
  'windows-like': [
    unit('wininit', 'Windows Start-Up Application', '/windows/system32/wininit', 4, 1500, 20),
    unit('services', 'Service Control Manager', '/windows/system32/services', 4, 2500, 30),
    unit('lsass', 'Local Security Authority', '/windows/system32/lsass', 8, 3000, 60),
    unit('svchost', 'Host Process for Windows Services', '/windows/system32/svchost', 40, 14000, 250),
  ],
}

/** A generic extra unit (for --units above the image's own list). */
const extraUnit = (i: number): Unit => unit(`isolab-extra@${i}.service`, `Extra unit ${i}`, '/usr/local/bin/isolab-extra', 1, 150, 4)

/** The application the last stage starts. */
export const APP: readonly [string, string] = ['app', '/usr/local/bin/app']

/** What a boot depends on: the VM's configuration with every default filled in. */
export interface BootConfig {
  image: VmImage
  profile: VmProfile
  memoryBytes: number
  /** 'seabios' (POST, option ROMs, a boot loader) or 'none' (direct kernel boot: the VMM loads the kernel). */
  firmware: 'seabios' | 'none'
  cmdline: string
  /** Compressed kernel image (bzImage) size; a microVM boots an uncompressed vmlinux of this size. */
  kernelBytes: number
  initrdBytes: number
  units: readonly Unit[]
  /** The virtual disk's read speed, bytes per second. */
  diskBps: number
  /** Devices the guest kernel probes: PCI, virtio-mmio, and whether a floppy controller is there. */
  pciDevices: number
  mmioDevices: number
  floppy: boolean
}

/** Bytes the kernel prints during boot at the default loglevel, and with "quiet" (only warnings and worse). */
const CONSOLE_BYTES = { full: 60_000, microvm: 9_000, quiet: 1_200 }

/** Defaults by image and machine type: Ubuntu's generic kernel is a 14 MiB bzImage with a 70 MiB initrd. */
export function bootConfig(spec: VmSpec, devices: { pci: number; mmio: number; floppy: boolean }): BootConfig {
  const micro = spec.profile === 'microvm'
  const image = spec.image
  const all = UNITS[image]
  const n = spec.units ?? (micro ? 0 : all.length)
  const units = n <= all.length ? all.slice(0, n) : [...all, ...Array.from({ length: n - all.length }, (_, i) => extraUnit(i + 1))]
  const defaultKernel = micro ? 21 * MiB : image === 'windows-like' ? 12 * MiB : image === 'alpine' ? 6 * MiB : 14 * MiB
  return {
    image, profile: spec.profile, memoryBytes: spec.memoryBytes,
    firmware: spec.firmware ?? (micro ? 'none' : 'seabios'),
    // Firecracker's default boot arguments have no serial console (8250.nr_uarts=0); a full VM logs to ttyS0.
    cmdline: spec.cmdline ?? (micro ? 'reboot=k panic=1 pci=off 8250.nr_uarts=0' : 'console=ttyS0'),
    kernelBytes: spec.kernelBytes ?? defaultKernel,
    initrdBytes: micro ? 0 : image === 'alpine' ? 8 * MiB : image === 'windows-like' ? 0 : 70 * MiB,
    units,
    diskBps: spec.diskBps ?? (micro ? 1024 * MiB : 200 * MiB),
    pciDevices: devices.pci, mmioDevices: devices.mmio, floppy: devices.floppy,
  }
}

/** The boot configuration of a VM spec, with the devices its machine type emulates. */
export function bootConfigOf(spec: VmSpec): BootConfig {
  const devs = deviceModel(spec.profile)
  return bootConfig(spec, {
    pci: devs.filter((d) => /^[0-9a-f]{2}:/.test(d.bdf)).length,
    mmio: devs.filter((d) => d.bdf.startsWith('mmio:')).length,
    floppy: devs.some((d) => d.name === 'fdc'),
  })
}

const words = (s: string) => s.split(/\s+/).filter(Boolean)
const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`
const rate = (bps: number) => `${Math.round(bps / MiB)} MiB/s`
const ms = (ns: number) => `${+(ns / 1e6).toFixed(1)} ms`

/** Bytes the kernel writes to its console during boot under this command line. */
export function consoleBytes(c: BootConfig): number {
  const w = words(c.cmdline)
  if (!w.some((x) => x.startsWith('console=')) || w.includes('8250.nr_uarts=0')) return 0
  if (w.includes('quiet') || w.some((x) => /^loglevel=[0-4]$/.test(x))) return CONSOLE_BYTES.quiet
  return c.profile === 'microvm' ? CONSOLE_BYTES.microvm : CONSOLE_BYTES.full
}

/** The boot, step by step: every stage's cost from its work. */
export function planBoot(c: BootConfig): BootStep[] {
  const micro = c.profile === 'microvm'
  const gib = c.memoryBytes / 2 ** 30
  const steps: BootStep[] = []
  const add = (stage: StageName, ns: number, why: string, u?: string) => steps.push({ stage, ns: Math.round(ns), why, ...(u ? { unit: u } : {}) })

  add('allocate', micro ? COST.firecrackerStart : COST.qemuStart + gib * COST.preallocPerGiB,
    micro ? 'firecracker process start' : `qemu process start (${ms(COST.qemuStart)}) + zeroing ${gib.toFixed(1)} GiB of preallocated RAM (${ms(gib * COST.preallocPerGiB)})`)
  if (c.firmware === 'seabios') {
    add('firmware', COST.biosPost + c.pciDevices * COST.optionRom, `SeaBIOS POST (${ms(COST.biosPost)}) + ${c.pciDevices} PCI option ROM scan${c.pciDevices === 1 ? '' : 's'} (${ms(c.pciDevices * COST.optionRom)})`)
    const read = c.kernelBytes + c.initrdBytes
    add('bootloader', COST.grub + (read / c.diskBps) * S, `GRUB (${ms(COST.grub)}) + reading ${mib(read)} (kernel + initrd) at ${rate(c.diskBps)} (${ms((read / c.diskBps) * S)})`)
  } else {
    add('firmware', 0, 'none: direct kernel boot')
    add('bootloader', ((c.kernelBytes + c.initrdBytes) / COST.hostCopyBps) * S, `the VMM copies ${mib(c.kernelBytes + c.initrdBytes)} from the host's page cache`)
  }
  const decompress = micro ? 0 : (c.kernelBytes / COST.decompressBps) * S
  const console = consoleBytes(c)
  const init = micro ? COST.kernelInitMicro : COST.kernelInitFull
  add('kernel', decompress + init + console * COST.consoleByte,
    `${micro ? 'uncompressed vmlinux' : `decompress ${mib(c.kernelBytes)} at ${rate(COST.decompressBps)} (${ms(decompress)})`} + kernel init (${ms(init)}) + ${console} console bytes as port-I/O exits (${ms(console * COST.consoleByte)})`)
  add('drivers', c.pciDevices * COST.pciProbe + c.mmioDevices * COST.mmioProbe + (c.floppy ? COST.floppyProbe : 0),
    `${c.pciDevices} PCI + ${c.mmioDevices} virtio-mmio probes${c.floppy ? ' + floppy' : ''}`)
  add('initramfs', c.initrdBytes ? (c.initrdBytes / COST.initrdUnpackBps) * S + COST.initrdWork : 0,
    c.initrdBytes ? `unpack ${mib(c.initrdBytes)} + udev coldplug, root mount` : 'none: root mounted directly')
  if (micro && c.units.length === 0) add('init', COST.microInit, 'minimal /sbin/init')
  for (const u of c.units) add('init', u.workNs + (u.readBytes / c.diskBps) * S, `${mib(u.readBytes)} read at ${rate(c.diskBps)} (${ms((u.readBytes / c.diskBps) * S)}) + its own start-up (${ms(u.workNs)})`, u.name)
  add('application', COST.application, 'the application starts')
  return steps
}

/** Sum of the steps of some stages. */
export function stageNs(plan: readonly BootStep[], ...stages: StageName[]): number {
  let n = 0
  for (const s of plan) if (stages.includes(s.stage)) n += s.ns
  return n
}
