// The blast radius of an exploit, recorded when a kernel reports that a
// modelled bug worked (KernelHost.exploited): where the attacker started and
// which boxes of the Layers diagram it reached, judged from the real state
// then, not from what the exploit printed:
// - root in the initial namespaces with no LSM profile and no seccomp filter
//   is the machine's root: its userland and kernel (CAP_SYS_MODULE), every
//   container (their roots are its directories, their processes its
//   processes) and every VM (each VMM is its process, guest RAM its memory);
// - a working directory on the host's filesystem reaches the host's files
//   (and, as root, every container's, which lie under it);
// - a write into a file's page cache reaches every place that reads that
//   file, and the kernel whose page cache it is;
// - a side channel reaches the memory of the VM it read;
// - anything less (a confined VMM) reaches the process's own box.
// A guest kernel's breach is recorded the same way with its VM's name: its
// "host" and "kernel" are the guest's, and it stops there.
import type { Kpid } from '../../kernel-sim/abi/pid.ts'
import { attrCurrent, INIT_NS, namei, seccompMode, type ExploitDetail, type Hypervisor, type Kernel, type Task } from '../../kernel-sim/index.ts'
import type { DockerNames } from './docker-names.ts'
import { placeOf } from './places.ts'
import type { ViewBreach } from './types.ts'

const KEEP = 5
/** Places of tasks that took an exploit's earlier step, kept for its success (the writer may have exited by then). */
const STEP_PLACES = 64

type Reach = ViewBreach['reached']

export class BreachLog {
  private readonly stepPlaces = new Map<Kpid, string>()

  /**
   * `sink`: where breaches go (one list for the host and its guests). `vm`: this is VM `vm`'s guest
   * kernel; `clock`: the kernel whose time stamps them (the host's).
   */
  constructor(private k: Kernel, private names: DockerNames, private hypervisor: () => Hypervisor | undefined,
    private readonly sink: ViewBreach[], private readonly vm?: string, private readonly clock: Kernel = k) {}

  /** KernelHost.exploitStep: remember where the task is, for the success that may come after it exits. */
  step(kpid: Kpid): void {
    const t = this.k.task(kpid)
    if (!t) return
    this.stepPlaces.set(kpid, placeOf(this.k, t, this.names))
    if (this.stepPlaces.size > STEP_PLACES) this.stepPlaces.delete(this.stepPlaces.keys().next().value!)
  }

  exploited(kpid: Kpid, what: string, d: ExploitDetail = {}): void {
    const k = this.k
    const t = k.task(kpid)
    if (!t) return
    const from = d.fromVm ? `vm ${d.fromVm}` : d.by !== undefined ? this.placeOfPid(d.by) : placeOf(k, t, this.names)
    const { reached, how } = this.reach(t, d, from)
    const b: ViewBreach = { atNs: this.clock.s.nowNs, pid: t.kpid, comm: t.comm, from, what, how, reached }
    if (this.vm) b.vm = this.vm
    this.sink.push(b)
    if (this.sink.length > KEEP) this.sink.shift()
  }

  private placeOfPid(kpid: Kpid): string {
    const t = this.k.task(kpid)
    return t ? placeOf(this.k, t, this.names) : this.stepPlaces.get(kpid) ?? '?'
  }

  private reach(t: Task, d: ExploitDetail, from: string): { reached: Reach; how: string } {
    const none: Reach = { host: false, kernel: false, containers: [], vms: [], vmms: [] }
    if (d.vmMemory) return { reached: { ...none, vms: [d.vmMemory] }, how: `VM ${d.vmMemory}'s memory, read through the shared CPU core` }
    if (d.file) {
      const places = this.placesSeeing(d.file.path, d.file.ino)
      return {
        reached: { ...none, host: places.has('host'), kernel: true, containers: containersOf(places) },
        how: `the page cache of ${d.file.path} in the shared kernel: every place that reads it sees the change`,
      }
    }
    const unconfined = attrCurrent(this.k, t).trim() === 'unconfined' && seccompMode(t) === 0
    const initRoot = t.cred.euid === 0 && !t.cred.nsCaps && t.ns.user === INIT_NS.user
    if (initRoot && unconfined && t.ns.mnt === INIT_NS.mnt && t.root === '/' && !d.hostCwd) {
      const vms = this.runningVms()
      return {
        reached: { host: true, kernel: true, containers: this.containers(from), vms, vmms: vms },
        how: `root in the initial namespaces, unconfined: the ${this.vm ? 'guest' : 'host'}'s processes, files and kernel`,
      }
    }
    if (d.hostCwd) {
      return {
        reached: { ...none, host: true, containers: t.cred.fsuid === 0 && !t.cred.nsCaps ? this.containers(from) : [] },
        how: `the ${this.vm ? 'guest' : 'host'}'s files through its working directory ${d.hostCwd}, as uid ${t.cred.fsuid}`,
      }
    }
    if (d.fromVm) {
      return {
        reached: { ...none, vmms: [d.fromVm] },
        how: `the VMM process, confined (uid ${t.cred.euid}, seccomp ${seccompMode(t)}, ${attrCurrent(this.k, t).trim()}): not the host`,
      }
    }
    const own = placeOf(this.k, t, this.names)
    return { reached: { ...none, host: own === 'host', containers: containersOf(new Set([own])) }, how: `its own ${own === 'host' ? 'host process' : own}` }
  }

  /** Every container on this kernel but the attacker's own (its processes' places). */
  private containers(from: string): string[] {
    const out = new Set<string>()
    for (const o of this.k.s.tasks.values()) out.add(placeOf(this.k, o, this.names))
    out.delete(from)
    return containersOf(out)
  }

  /** The places (one task of each) whose view of `path` is inode `ino`. */
  private placesSeeing(path: string, ino: number): Set<string> {
    const seen = new Map<string, boolean>()
    for (const o of this.k.s.tasks.values()) {
      if (o.state === 'Z') continue
      const p = placeOf(this.k, o, this.names)
      if (seen.has(p)) continue
      const r = namei(this.k, o, path)
      seen.set(p, typeof r !== 'number' && r.node.kind === 'tmpfs' && r.node.ino === ino)
    }
    return new Set([...seen].filter(([, yes]) => yes).map(([p]) => p))
  }

  private runningVms(): string[] {
    return [...(this.hypervisor()?.vms.values() ?? [])].filter((vm) => vm.run?.vmmPid).map((vm) => vm.spec.name)
  }
}

const containersOf = (places: Set<string>) => [...places].filter((p) => p.startsWith('container ')).map((p) => p.slice('container '.length)).sort()
