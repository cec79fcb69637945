// The blast radius of an exploit, recorded when the kernel reports that a
// modelled bug was used (KernelHost.exploited): where the attacker started and
// which boxes its process can reach right after, judged from its real state
// then, not from what the exploit printed. Root in the initial user, mount and
// (for files) root namespaces is the host's root: it reaches the host's
// files and every container's (their roots are host directories, and their
// processes the host's), and every VM on this host (each VMM is a host
// process whose memory host root can read). Anything less stays where it was.
import type { Kpid } from '../../kernel-sim/abi/pid.ts'
import { INIT_NS, type Hypervisor, type Kernel } from '../../kernel-sim/index.ts'
import type { DockerNames } from './docker-names.ts'
import { placeOf } from './places.ts'
import type { ViewBreach } from './types.ts'

const KEEP = 5

export class BreachLog {
  readonly breaches: ViewBreach[] = []
  constructor(private k: Kernel, private names: DockerNames, private hypervisor: () => Hypervisor | undefined) {}

  exploited(kpid: Kpid, what: string): void {
    const k = this.k
    const t = k.task(kpid)
    if (!t) return
    const from = placeOf(k, t, this.names)
    const hostRoot = t.cred.euid === 0 && !t.cred.nsCaps && t.ns.mnt === INIT_NS.mnt && t.root === '/'
    const containers = new Set<string>()
    if (hostRoot) for (const o of k.s.tasks.values()) {
      const p = placeOf(k, o, this.names)
      if (p !== 'host' && p !== from) containers.add(p.slice('container '.length))
    }
    const vms = hostRoot ? [...(this.hypervisor()?.vms.values() ?? [])].filter((vm) => vm.run?.vmmPid).map((vm) => vm.spec.name) : []
    this.breaches.push({
      atNs: k.s.nowNs, pid: t.kpid, comm: t.comm, from, what,
      reached: { host: hostRoot, containers: [...containers].sort(), vms },
    })
    if (this.breaches.length > KEEP) this.breaches.shift()
  }
}
