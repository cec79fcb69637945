// What each boot stage prints on the serial console, as the real component
// prints it: SeaBIOS, GRUB, the kernel's printk lines (with their [ seconds ]
// stamps), systemd's "[  OK  ] Started ..." lines and, at the end, systemd's
// "Startup finished in ..." summary (systemd-analyze's breakdown).
import type { VmImage, VmProfile } from '../abi/index.ts'
import { fmtStamp } from '../kernel/log.ts'
import type { StageName } from './boot-plan.ts'

/** Lines for a stage that runs before the guest kernel exists (no printk stamp: firmware has none). */
export function firmwareLines(stage: StageName, image: VmImage, profile: VmProfile, vmmName: string, ramMiB: number, vcpus: number, sinceStartNs: number): string[] {
  const stamp = `[${fmtStamp(sinceStartNs)}]`
  if (stage === 'allocate') {
    return [`${stamp} ${vmmName}: KVM_CREATE_VM; ${vcpus} vCPU${vcpus > 1 ? 's' : ''} (KVM_CREATE_VCPU), ${ramMiB} MiB guest RAM (KVM_SET_USER_MEMORY_REGION)`]
  }
  if (profile === 'microvm') return []
  if (stage === 'firmware') {
    if (image === 'windows-like') return ['BdsDxe: loading Boot0001 "UEFI QEMU HARDDISK QM00001" from PciRoot(0x0)/Pci(0x4,0x0)']
    return ['', 'SeaBIOS (version 1.16.2-debian-1.16.2-1)', '', 'iPXE (https://ipxe.org) 00:03.0 CA00 PCI2.10 PnP PMM+7EFCB0+7EF0B0 CA00', '', 'Booting from Hard Disk...']
  }
  if (stage === 'bootloader') {
    if (image === 'windows-like') return ['Windows Boot Manager: loading \\Windows\\system32\\winload.efi']
    if (image === 'alpine') return ['ISOLINUX 6.04  Copyright (C) 1994-2015 H. Peter Anvin et al', 'boot: lts']
    return ['GRUB loading.', 'Welcome to GRUB!', '', '  Booting `Ubuntu\'', '', 'Loading Linux 6.8.0-isolab ...', 'Loading initial ramdisk ...']
  }
  return []
}

/** The systemd line for a started unit. */
export function okLine(unit: string, description: string): string {
  return `[  OK  ] Started ${unit} - ${description}.`
}

export function reachedLine(target: string, description: string): string {
  return `[  OK  ] Reached target ${target} - ${description}.`
}

/** systemd's format_timespan() with millisecond accuracy: "815ms", "6.183s", "1min 2.500s". */
export function fmtTimespan(ns: number): string {
  const ms = Math.round(ns / 1e6)
  if (ms < 1000) return `${ms}ms`
  const min = Math.floor(ms / 60000)
  const sec = ((ms % 60000) / 1000).toFixed(3)
  return min > 0 ? `${min}min ${sec}s` : `${sec}s`
}

/**
 * systemd's summary (systemd-analyze time, and the manager's log line):
 * "Startup finished in 810ms (firmware) + 720ms (loader) + 2.055s (kernel) + 1.180s (initrd) + 22.034s (userspace) = 26.799s".
 * Firmware, loader and initrd appear only when known.
 */
export function startupFinished(firmwareNs: number, loaderNs: number, kernelNs: number, initrdNs: number, userNs: number): string {
  const parts = [
    firmwareNs ? `${fmtTimespan(firmwareNs)} (firmware)` : '', loaderNs ? `${fmtTimespan(loaderNs)} (loader)` : '',
    `${fmtTimespan(kernelNs)} (kernel)`, initrdNs ? `${fmtTimespan(initrdNs)} (initrd)` : '', `${fmtTimespan(userNs)} (userspace)`,
  ]
  return `Startup finished in ${parts.filter(Boolean).join(' + ')} = ${fmtTimespan(firmwareNs + loaderNs + kernelNs + initrdNs + userNs)}.`
}
