// The live view (MachineView) derived from kernel state: processes, file
// table, memory, VMs, alerts. Never stored; recomputed after each command.
import { attrCurrent, cgroupPath, cgroupViews, INIT_NS, kernelRelease, memInfo, seccompMode, heldCaps, utsOf, type Hypervisor, type Kernel } from '../../kernel-sim/index.ts'
import { capHex, RLIMIT_NOFILE } from '../../kernel-sim/abi/index.ts'
import type { DockerNames } from './docker-names.ts'
import { fdCount, placeOf } from './places.ts'
import type { KernelEvent } from './kernel-events.ts'
import type { MachineView, ViewAlert, ViewBreach, ViewEvent, ViewProcess, ViewVm } from './types.ts'

export interface ViewSources {
  names: DockerNames
  /** Alerts recorded when they happened (AlertLog). */
  alerts: readonly ViewAlert[]
  hypervisor?: Hypervisor
  /** The kernel's isolation events (KernelEvents.recent). */
  events?: readonly KernelEvent[]
  /** The guest kernels' isolation events, each list in time order (tagged with their VM). */
  guestEvents?: readonly (readonly KernelEvent[])[]
  /** Exploits that succeeded, with their blast radius (BreachLog). */
  breaches?: readonly ViewBreach[]
  /** Guest kernels' container names, one DockerNames per guest kernel. */
  guestNames?: (k: Kernel) => DockerNames
  /** The most files open at once since the last view (the host's KernelHost.fileOpened). */
  filesPeak?: number
}

export function buildView(k: Kernel, src: ViewSources): MachineView {
  const s = k.s
  const processes: ViewProcess[] = []
  for (const t of s.tasks.values()) {
    const cgroup = cgroupPath(k, t.cgroup)
    processes.push({
      pid: t.kpid, ppid: t.ppid, comm: t.comm, state: t.state, uid: t.cred.ruid,
      fds: fdCount(k, t), rlimitNofile: t.rlimits[RLIMIT_NOFILE]![0],
      ns: { pid: t.ns.pid, mnt: t.ns.mnt, net: t.ns.net, uts: t.ns.uts },
      cgroup, place: placeOf(k, t, src.names, cgroup),
      capEff: capHex(heldCaps(t.cred).eff), seccomp: seccompMode(t), lsm: attrCurrent(k, t).trimEnd(),
    })
  }
  const mem = memInfo(k)
  const vms = src.hypervisor ? vmViews(src.hypervisor, src.guestNames) : []
  return {
    nowNs: s.nowNs,
    hostname: utsOf(k, INIT_NS.uts).hostname,
    kernelRelease: kernelRelease(k),
    cpus: s.machine.cpus,
    memory: { totalBytes: mem.total, usedBytes: mem.used },
    files: { nr: s.files.size, peak: Math.max(src.filesPeak ?? 0, s.files.size), max: k.coarse.sysctl.fileMax, nrOpen: k.coarse.sysctl.nrOpen },
    tasks: { count: s.tasks.size, pidMax: k.coarse.sysctl.pidMax },
    processes,
    cgroups: cgroupViews(k),
    dmesgTail: k.coarse.dmesg.slice(-8),
    alerts: [...src.alerts],
    ...(vms.length ? { vms } : {}),
    ...(src.breaches?.length ? { breaches: [...src.breaches] } : {}),
    // Always present, so the first event patches an entry, not the whole view.
    events: lastEvents(merged(src.events ?? [], src.guestEvents ?? [])),
  }
}

/** The host's events and its guests', in time order: the last RECENT of each list suffice for the last few. */
function merged(host: readonly KernelEvent[], guests: readonly (readonly KernelEvent[])[]): readonly KernelEvent[] {
  if (!guests.some((g) => g.length)) return host
  const RECENT = 64
  return [host, ...guests].flatMap((l) => l.slice(-RECENT)).sort((a, b) => a.atNs - b.atNs) // stable: same-time events keep their order
}

/** The last few events, a run of repeats (an EMFILE loop) as one with its count. */
function lastEvents(all: readonly KernelEvent[], keep = 10): ViewEvent[] {
  const out: ViewEvent[] = []
  for (let i = all.length - 1; i >= 0 && out.length <= keep; i--) {
    const e = all[i]!
    const first = out[0]
    if (first && first.kind === e.kind && first.pid === e.kpid && first.detail === e.detail && first.vm === e.vm) { first.count++; continue }
    out.unshift({ kind: e.kind, atNs: e.atNs, pid: e.kpid, comm: e.comm, detail: e.detail, count: 1, ...(e.vm ? { vm: e.vm } : {}) })
  }
  return out.slice(-keep)
}

/** Each VM with its guest kernel and the containers running inside it (the hybrid model). */
function vmViews(hv: Hypervisor, guestNames?: (k: Kernel) => DockerNames): ViewVm[] {
  return [...hv.vms.values()].map((vm) => {
    const run = vm.run
    const g = run?.guest
    const out: ViewVm = { name: vm.spec.name, state: vm.state, vcpus: vm.spec.vcpus, memoryBytes: vm.spec.memoryBytes }
    if (run?.vmmPid) out.vmmPid = run.vmmPid
    if (g) {
      const containers = new Set<string>()
      if (guestNames) {
        for (const t of g.s.tasks.values()) {
          const place = placeOf(g, t, guestNames(g))
          if (place !== 'host') containers.add(place.slice('container '.length))
        }
      }
      out.guest = { kernelRelease: kernelRelease(g), tasks: g.s.tasks.size, containers: [...containers].sort() }
    }
    return out
  })
}
