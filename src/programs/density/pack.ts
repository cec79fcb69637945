// Packing a host: add one instance at a time, each costing what its parts
// cost, until the next one would fail the way the real thing fails (the
// hypervisor's "not enough host memory", the OOM killer, pid_max). Pure
// functions of the measured parts, so `density`, `cost`, `advise` and the web
// app's form compute the same counts.

export const MiB = 2 ** 20
export const GiB = 2 ** 30

/** What one VM costs, by part (bytes): from the hypervisor's own model (vm stats shows the same). */
export interface VmParts {
  /** VMM process RSS beyond guest RAM, plus the EPT (host memory on top of the VM's RAM). */
  virtualHardware: number
  /** Inside the guest's RAM: its kernel (text, data, struct page, slab), its units, its drivers. */
  guestKernel: number
  guestServices: number
  virtualDrivers: number
  /** Guest kernel text pages identical across VMs of one image (what KSM can merge). */
  kernelText: number
}

/** What one container costs on this host beyond its application, measured with a probe container (bytes). */
export interface ContainerParts {
  /** Its processes' own memory before the application grows (an idle process image). */
  process: number
  /** The runtime's processes on the host for it (containerd-shim). */
  shim: number
  /** Kernel objects charged for it: task structs and stacks, open files, sockets, namespaces, cgroup. */
  kernel: number
  /** Page cache its own files add (config, hosts files, logs, the overlay upper layer). */
  cache: number
  /** Tasks it needs (its process and the shim's), against pid_max. */
  tasks: number
}

export interface HostParts {
  memoryBytes: number
  /** The host kernel's own memory for a host of this size (text, data, struct page). */
  kernelBytes: number
  /** What the host's own processes and kernel objects use now (measured on this machine). */
  baseBytes: number
  pidMax: number
  tasksNow: number
}

export interface PackResult {
  count: number
  /** Host memory one more instance needs, and what was left. */
  nextNeeds: number
  left: number
  /** What ran out first, in the words the real failure uses. */
  ranOut: string
  /** The per-instance cost the packing used. */
  each: number
}

const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`
const size = (n: number) => (n >= GiB ? `${+(n / GiB).toFixed(1)}G` : `${Math.round(n / MiB)}M`)

/** Memory the host can give to workloads. */
export const hostBudget = (h: HostParts) => h.memoryBytes - h.kernelBytes - h.baseBytes

/** RAM a right-sized VM needs: its guest's kernel, units and drivers plus the workload, rounded up to 128 MiB. */
export function fitRam(v: VmParts, workload: number): number {
  const need = v.guestKernel + v.guestServices + v.virtualDrivers + workload
  return Math.ceil(need / (128 * MiB)) * 128 * MiB
}

/**
 * VMs of `ram` bytes each (grown to fit if the workload does not fit in it):
 * admitted while RAM + the VMM's virtual hardware fits in what is free, as
 * the hypervisor admits `vm start`. With KSM, every VM after the first shares
 * the first one's kernel text pages.
 * SIMPLIFICATION: KSM is modelled in the packing only, and merges only the
 * guest kernel's text (identical across VMs of one image); the hypervisor
 * does not merge the pages of running VMs, and zero or page-cache pages that
 * real KSM would also merge are not counted.
 */
export function packVms(h: HostParts, v: VmParts, ram: number, workload: number, ksm = false): PackResult & { ram: number } {
  const r = Math.max(ram, fitRam(v, workload))
  const hw = v.virtualHardware
  const each = r + hw
  let free = hostBudget(h)
  let n = 0
  for (; n < 100_000; n++) {
    const need = each - (ksm && n > 0 ? v.kernelText : 0)
    if (need > free) {
      return {
        count: n, nextNeeds: need, left: free, each, ram: r,
        ranOut: `host memory: not enough host memory: it needs ${size(need)} (${size(r)} RAM + ${size(hw)} virtual hardware), ${size(Math.max(0, free))} available`,
      }
    }
    free -= need
  }
  return { count: n, nextNeeds: each, left: free, each, ram: r, ranOut: 'nothing (stopped at 100,000)' }
}

/** Containers with a `workload`-byte application each, until memory (the OOM killer) or pid_max stops the next one. */
export function packContainers(h: HostParts, c: ContainerParts, workload: number): PackResult {
  const each = Math.max(c.process, workload) + c.shim + c.kernel + c.cache
  let free = hostBudget(h)
  let tasks = h.tasksNow
  let n = 0
  for (; n < 1_000_000; n++) {
    if (tasks + c.tasks > h.pidMax) {
      return { count: n, nextNeeds: each, left: free, each, ranOut: `pids: fork: Resource temporarily unavailable (pid_max ${h.pidMax}: ${tasks} tasks, the next container needs ${c.tasks})` }
    }
    if (each > free) {
      return { count: n, nextNeeds: each, left: free, each, ranOut: `host memory: Out of memory (the next container needs ${mb(each)}, ${mb(Math.max(0, free))} left)` }
    }
    free -= each
    tasks += c.tasks
  }
  return { count: n, nextNeeds: each, left: free, each, ranOut: 'nothing (stopped at 1,000,000)' }
}
