// A VM's configuration before boot, kept apart from its runtime state
// (Firecracker's vmm_config/ vs vstate/ split): what `vm create` records and
// what may change only while the VM is not running.
import type { VmError, VmImage, VmProfile, VmSpec } from '../abi/index.ts'
import { CONFINEMENTS } from './confine.ts'

export const MiB = 2 ** 20
export const GiB = 2 ** 30

export const IMAGES: readonly VmImage[] = ['ubuntu', 'alpine', 'windows-like']
export const PROFILES: readonly VmProfile[] = ['full', 'microvm']

/** KVM's KVM_CAP_MAX_VCPUS on a current host. */
export const MAX_VCPUS = 1024

/** Smallest RAM each image can boot in (its kernel + services must fit). */
const MIN_MEMORY: Record<VmImage, number> = { ubuntu: 512 * MiB, alpine: 64 * MiB, 'windows-like': 2 * GiB }
const MIN_MICROVM = 64 * MiB

/** VM names as libvirt accepts them for our purposes: a hostname label (it becomes the guest's hostname). */
export const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/

function invalid(vm: string, message: string): VmError {
  return { error: 'invalidConfig', vm, action: 'configure', message }
}

/** Validates a pre-boot configuration; returns the first problem. */
export function checkSpec(s: VmSpec): VmError | undefined {
  if (!NAME_RE.test(s.name)) {
    return { error: 'invalidName', vm: s.name, action: 'define', message: `invalid VM name '${s.name}' (letters, digits and '-', at most 63)` }
  }
  if (!IMAGES.includes(s.image)) return invalid(s.name, `unknown image '${s.image}' (expected one of: ${IMAGES.join(', ')})`)
  if (!PROFILES.includes(s.profile)) return invalid(s.name, `unknown profile '${s.profile}' (expected full or microvm)`)
  if (!Number.isInteger(s.vcpus) || s.vcpus < 1 || s.vcpus > MAX_VCPUS) {
    return invalid(s.name, `invalid vCPU count '${s.vcpus}' (1-${MAX_VCPUS})`)
  }
  if (s.profile === 'microvm' && s.image === 'windows-like') {
    // Firecracker boots only Linux kernels (no BIOS/UEFI): Windows cannot run in a microVM.
    return invalid(s.name, `image 'windows-like' needs firmware: use --profile full`)
  }
  if (s.firmware !== undefined && s.firmware !== 'seabios' && s.firmware !== 'none') return invalid(s.name, `unknown firmware '${s.firmware}' (expected seabios or none)`)
  if (s.profile === 'microvm' && s.firmware === 'seabios') return invalid(s.name, `a microVM has no firmware: the VMM loads the kernel (use --firmware none or --profile full)`)
  if (s.image === 'windows-like' && s.firmware === 'none') return invalid(s.name, `image 'windows-like' needs firmware to boot (its boot manager is a UEFI application)`)
  if (s.kernelBytes !== undefined && !(s.kernelBytes >= MiB && s.kernelBytes <= 256 * MiB)) return invalid(s.name, `kernel size ${fmtBytes(s.kernelBytes)} out of range (1M-256M)`)
  if (s.units !== undefined && !(Number.isInteger(s.units) && s.units >= 0 && s.units <= 1000)) return invalid(s.name, `unit count '${s.units}' out of range (0-1000)`)
  if (s.diskBps !== undefined && !(s.diskBps >= MiB)) return invalid(s.name, `disk speed ${fmtBytes(s.diskBps ?? 0)}/s too slow (at least 1M)`)
  const bad = (s.confine ?? []).find((c) => !(CONFINEMENTS as readonly string[]).includes(c))
  if (bad !== undefined) return invalid(s.name, `unknown confinement '${bad}' (expected ${CONFINEMENTS.join(', ')})`)
  if (s.confine?.includes('jailer') && s.profile !== 'microvm') return invalid(s.name, 'the jailer runs Firecracker only: use --profile microvm')
  if (s.kernel !== undefined && !/^\d+\.\d+(\.\d+)?([-+.~][\w.+~-]*)?$/.test(s.kernel)) {
    return invalid(s.name, `invalid kernel version '${s.kernel}' (e.g. 5.10.0)`)
  }
  const min = s.profile === 'microvm' ? MIN_MICROVM : MIN_MEMORY[s.image]
  if (!(s.memoryBytes >= min)) return invalid(s.name, `memory ${fmtBytes(s.memoryBytes)} is too small for ${s.image} (minimum ${fmtBytes(min)})`)
  return undefined
}

/** 2.0G, 512M: sizes as `free -h` prints them. */
export function fmtBytes(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(1)}G`
  if (n >= MiB) return `${Math.round(n / MiB)}M`
  return `${Math.round(n / 1024)}K`
}
