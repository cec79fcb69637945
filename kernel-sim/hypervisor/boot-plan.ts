// What a boot costs, drawn from a seeded distribution: the seed's stage list
// ("allocate virtual CPU and virtual RAM, execute BIOS POST, run bootloader,
// load kernel, initialize device drivers, start init system, finally start
// application. Typical time: 30-60 seconds") and its memory overhead
// ("virtual hardware emulation 50-100 MB, guest OS kernel 50-200 MB on Linux
// (500+ MB on Windows), guest OS services 100-300 MB, virtual drivers ~50 MB").
//
// The microvm profile is Firecracker's: no firmware, no bootloader (the VMM
// loads the kernel directly), a handful of virtio-mmio devices; its published
// figure is about 125 ms to the guest's init, and under 5 MiB of VMM overhead.
import { VM_OVERHEAD_MB, type VmImage, type VmOverhead, type VmProfile } from '../abi/index.ts'
import { nextFloat, type RngState } from '../base/rng.ts'
import { MiB } from './vm-config.ts'

export type StageName = 'allocate' | 'firmware' | 'bootloader' | 'kernel' | 'drivers' | 'init' | 'application'

export const STAGES: readonly StageName[] = ['allocate', 'firmware', 'bootloader', 'kernel', 'drivers', 'init', 'application']

export const STAGE_TITLES: Record<StageName, string> = {
  allocate: 'allocate vCPUs and RAM',
  firmware: 'firmware POST',
  bootloader: 'bootloader',
  kernel: 'kernel load',
  drivers: 'device drivers',
  init: 'init system',
  application: 'application',
}

type Range = readonly [number, number]
const S = 1e9
const MS = 1e6

/**
 * Stage durations, [min, max] ns. Full VMs: the minima add up to 30.5 s and the
 * maxima to 60 s, so every boot lands inside the seed's 30-60 s.
 */
const FULL: Record<StageName, Range> = {
  allocate: [0.5 * S, 1 * S],
  firmware: [4 * S, 8 * S],
  bootloader: [4 * S, 8 * S],
  kernel: [3 * S, 6 * S],
  drivers: [5 * S, 10 * S],
  init: [11 * S, 18 * S],
  application: [3 * S, 9 * S],
}
/** Firecracker: means add up to 125 ms (range 99-151 ms). */
const MICRO: Record<StageName, Range> = {
  allocate: [4 * MS, 8 * MS],
  firmware: [0, 0],
  bootloader: [0, 0],
  kernel: [25 * MS, 35 * MS],
  drivers: [20 * MS, 30 * MS],
  init: [40 * MS, 60 * MS],
  application: [10 * MS, 18 * MS],
}

export const STAGE_RANGES: Record<VmProfile, Record<StageName, Range>> = { full: FULL, microvm: MICRO }

/** A draw in [lo, hi], bell-shaped (mean of two uniforms), so typical boots sit mid-range. */
function draw(rng: RngState, [lo, hi]: Range): number {
  return Math.round(lo + ((nextFloat(rng) + nextFloat(rng)) / 2) * (hi - lo))
}

export function planBoot(rng: RngState, profile: VmProfile): number[] {
  const ranges = STAGE_RANGES[profile]
  return STAGES.map((s) => draw(rng, ranges[s]))
}

const OVERHEAD_MB = VM_OVERHEAD_MB
/** Firecracker's VMM is small ("< 5 MiB memory overhead"), and a microVM guest runs few services. */
const MICRO_MB: Record<keyof VmOverhead, Range> = { virtualHardware: [3, 5], guestKernel: [20, 30], guestServices: [10, 20], virtualDrivers: [2, 4] }

/** The VM's memory overhead by category, in bytes (fixed at create: it is the image's). */
export function drawOverhead(rng: RngState, image: VmImage, profile: VmProfile): VmOverhead {
  const t = profile === 'microvm' ? MICRO_MB : OVERHEAD_MB[image]
  const mb = (k: keyof VmOverhead) => draw(rng, t[k]) * MiB
  return { virtualHardware: mb('virtualHardware'), guestKernel: mb('guestKernel'), guestServices: mb('guestServices'), virtualDrivers: mb('virtualDrivers') }
}

export function totalOverhead(o: VmOverhead): number {
  return o.virtualHardware + o.guestKernel + o.guestServices + o.virtualDrivers
}

/** Services the init system starts, with their share of the services' memory (sums to 1). */
export const SERVICES: Record<VmImage, readonly [string, string, number][]> = {
  ubuntu: [
    ['systemd-journald', '/lib/systemd/systemd-journald', 0.2], ['systemd-udevd', '/lib/systemd/systemd-udevd', 0.15],
    ['systemd-networkd', '/lib/systemd/systemd-networkd', 0.1], ['systemd-resolved', '/lib/systemd/systemd-resolved', 0.1],
    ['cron', '/usr/sbin/cron', 0.05], ['rsyslogd', '/usr/sbin/rsyslogd', 0.1], ['sshd', '/usr/sbin/sshd', 0.1],
    ['snapd', '/usr/lib/snapd/snapd', 0.2],
  ],
  alpine: [['syslogd', '/sbin/syslogd', 0.3], ['crond', '/usr/sbin/crond', 0.2], ['sshd', '/usr/sbin/sshd', 0.5]],
  'windows-like': [
    ['svchost', '/windows/system32/svchost', 0.5], ['lsass', '/windows/system32/lsass', 0.2],
    ['services', '/windows/system32/services', 0.15], ['wininit', '/windows/system32/wininit', 0.15],
  ],
}

/** The application the last stage starts. */
export const APP: readonly [string, string] = ['app', '/usr/local/bin/app']
