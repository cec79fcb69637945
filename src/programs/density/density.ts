// density: how many VMs, and how many containers, fit on a host of a given
// size, packed one at a time until the next one fails as it would on a real
// host (the hypervisor's "not enough host memory", the OOM killer, pid_max),
// and what ran out first. The seed: "VMs can run at 4-10 per server (32 GB
// RAM, each VM gets 3-8 GB)"; "Containers can run at 100-1000 per server
// (32 GB RAM, each container gets 10-100 MB)".
//
// Nothing is drawn from the seed's ranges. A container's parts are measured
// here, with a probe container (its process, its shim, its kernel objects,
// its page cache); a VM's parts are the hypervisor's (VMM and EPT, guest
// kernel, units, drivers: what `vm stats` shows). `--workload` is each
// instance's application: the bigger it is, the less the per-instance
// overhead matters, and the smaller the containers-to-VMs ratio (the honest
// form of the seed's 100x).
// SIMPLIFICATION: the host of --host-memory is packed in a model built from
// those parts; density does not start hundreds of containers on this machine.
import { type SyscallReq } from '../../../kernel-sim/abi/index.ts'
import type { Program, VmImage, VmProfile } from '../../../kernel-sim/abi/index.ts'
import { out } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import { parseSize } from '../vm.ts'
import { measureContainer, measureHost, vmParts } from './measure.ts'
import { fitRam, GiB, hostBudget, MiB, packContainers, packVms, type ContainerParts, type HostParts, type PackResult, type VmParts } from './pack.ts'

export interface DensityOptions {
  hostMemory: number
  workload: number
  vmMemory: number
  image: VmImage
  profile: VmProfile
  kernelBytes?: number
  ksm: boolean
}

export interface DensityResult {
  options: DensityOptions
  host: HostParts
  container: ContainerParts
  vm: VmParts
  vmFit: VmParts
  vms: PackResult & { ram: number }
  vmsFit: PackResult & { ram: number }
  containers: PackResult
}

export const DENSITY_DEFAULTS: DensityOptions = { hostMemory: 32 * GiB, workload: 50 * MiB, vmMemory: 4 * GiB, image: 'ubuntu', profile: 'full', ksm: false }

/** The packing, from the parts: a pure function (the web form and `cost` use it too). */
export function computeDensity(o: DensityOptions, host: HostParts, container: ContainerParts): DensityResult {
  const vm = vmParts(o.image, o.profile, o.vmMemory, o.kernelBytes)
  // A right-sized VM's own parts depend on its RAM (struct page, EPT): settle them once more at the fitted size.
  const first = fitRam(vmParts(o.image, o.profile, 256 * MiB, o.kernelBytes), o.workload)
  const vmFit = vmParts(o.image, o.profile, first, o.kernelBytes)
  return {
    options: o, host, container, vm, vmFit,
    vms: packVms(host, vm, o.vmMemory, o.workload, o.ksm),
    vmsFit: packVms(host, vmFit, fitRam(vmFit, o.workload), o.workload, o.ksm),
    containers: packContainers(host, container, o.workload),
  }
}

const mib = (n: number) => (n >= GiB ? `${(n / GiB).toFixed(1)} GiB` : n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`)

export function formatDensity(r: DensityResult): string {
  const o = r.options
  const h = r.host
  const c = r.container
  const lines: string[] = []
  lines.push(`host: ${mib(h.memoryBytes)} RAM; its kernel ${mib(h.kernelBytes)}, its own processes ${mib(h.baseBytes)} (measured here): ${mib(hostBudget(h))} for workloads`)
  lines.push(`workload: ${mib(o.workload)} per instance${o.ksm ? '; KSM merges identical guest kernel pages across VMs' : ''}`)
  lines.push('')
  const vmLine = (title: string, v: VmParts, p: PackResult & { ram: number }) => {
    lines.push(`${title}: ${p.count}`)
    lines.push(`  each: ${mib(p.ram)} RAM + ${mib(v.virtualHardware)} VMM and EPT; inside its RAM: kernel ${mib(v.guestKernel)}, units ${mib(v.guestServices)}, drivers ${mib(v.virtualDrivers)}, workload ${mib(o.workload)}`)
    lines.push(`  ran out first: ${p.ranOut}`)
  }
  vmLine(`VMs (${o.image}, ${o.profile}, ${mib(o.vmMemory)} each; the article gives each VM 3-8 GB)`, r.vm, r.vms)
  vmLine('VMs sized to fit the workload', r.vmFit, r.vmsFit)
  lines.push(`containers: ${r.containers.count}`)
  lines.push(`  each: workload ${mib(Math.max(c.process, o.workload))} + shim ${mib(c.shim)} + kernel objects ${mib(c.kernel)} + page cache ${mib(c.cache)} (measured: one idle alpine container on this host)`)
  lines.push(`  ran out first: ${r.containers.ranOut}`)
  lines.push('')
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)} : 1` : 'no VM fits')
  lines.push(`containers per VM: ${ratio(r.containers.count, r.vms.count)} (${mib(o.vmMemory)} VMs), ${ratio(r.containers.count, r.vmsFit.count)} (right-sized VMs)`)
  lines.push(`the article: 4-10 VMs vs 100-1000 containers on 32 GB; try --workload 200M or 2G: the ratio shrinks as the application grows`)
  return lines.join('\n') + '\n'
}

const USAGE = `Usage: density [--host-memory SIZE] [--workload SIZE] [--vm-memory SIZE] [--image IMAGE]
               [--profile full|microvm] [--vm-kernel-size SIZE] [--ksm] [--json]
Pack a host (default 32G) with VMs, then with containers, one at a time until the next
fails, from parts measured on this machine; report the counts and what ran out first.
  --workload SIZE     each instance's application (default 50M)
  --vm-memory SIZE    RAM per VM (default 4G); a second count uses VMs sized to fit
  --ksm               share identical guest kernel pages across VMs (KSM)`

/** The packing options, shared with `cost` (which packs the same way). */
export const DENSITY_LONG = [
  { name: 'host-memory', hasArg: 'required', val: 'm' },
  { name: 'workload', hasArg: 'required', val: 'w' },
  { name: 'vm-memory', hasArg: 'required', val: 'r' },
  { name: 'image', hasArg: 'required', val: 'i' },
  { name: 'profile', hasArg: 'required', val: 'p' },
  { name: 'vm-kernel-size', hasArg: 'required', val: 'k' },
  { name: 'ksm', hasArg: 'no', val: 'K' },
  { name: 'json', hasArg: 'no', val: 'j' },
] as const

type Sizes = 'm' | 'w' | 'r' | 'k'

/** Parses density's options (shared with `cost`); a message on bad input. */
export function densityOptions(get: (opt: string) => string | undefined, flag: (opt: string) => boolean): DensityOptions | string {
  const o: DensityOptions = { ...DENSITY_DEFAULTS, ksm: flag('K') }
  const sizes: [Sizes, keyof DensityOptions, string][] = [['m', 'hostMemory', 'host memory'], ['w', 'workload', 'workload'], ['r', 'vmMemory', 'VM memory'], ['k', 'kernelBytes', 'kernel size']]
  for (const [opt, key, what] of sizes) {
    const text = get(opt)
    if (text === undefined) continue
    const n = parseSize(text)
    if (n === undefined) return `invalid ${what} '${text}' (a size such as 512M or 32G)`
    ;(o as unknown as Record<string, number>)[key] = n
  }
  const image = get('i')
  if (image !== undefined) {
    if (image !== 'ubuntu' && image !== 'alpine' && image !== 'windows-like') return `unknown image '${image}' (expected ubuntu, alpine or windows-like)`
    o.image = image
  }
  const profile = get('p')
  if (profile !== undefined) {
    if (profile !== 'full' && profile !== 'microvm') return `unknown profile '${profile}' (expected full or microvm)`
    o.profile = profile
  }
  if (o.hostMemory < 2 * GiB) return `host memory ${mib(o.hostMemory)} is too small (at least 2G)`
  if (o.kernelBytes !== undefined && (o.kernelBytes < MiB || o.kernelBytes > 256 * MiB)) return `kernel size out of range (1M-256M)`
  return o
}

/** Measures the parts on this machine and packs. */
export function* runDensity(o: DensityOptions, envp: readonly string[]): Generator<SyscallReq, DensityResult | string, unknown> {
  const host = yield* measureHost(o.hostMemory)
  if (typeof host === 'string') return host
  const ct = yield* measureContainer(envp)
  if (typeof ct === 'string') return ct
  return computeDensity(o, host, ct)
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'm:w:r:i:p:k:Kj', long: DENSITY_LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const o = densityOptions((x) => lastArg(p, x), (x) => has(p, x))
  if (typeof o === 'string') {
    yield* warn('density', o)
    yield* tryHelp('density')
    return 1
  }
  const r = yield* runDensity(o, envp)
  if (typeof r === 'string') {
    yield* warn('density', r)
    return 1
  }
  yield* out(has(p, 'j') ? JSON.stringify(r, null, 2) + '\n' : formatDensity(r))
  return 0
}

export { main as densityMain }
