// "One tenant hurt another", recorded when it happens. The kernel reports each
// ENFILE (KernelHost.enfile); this log notes at that moment who failed and who
// held the most of the shared table, with names, places and fd counts, because
// both may have exited by the time anyone looks. Repeats (same program, same
// place, same holder) are counted on one alert instead of listed again.
import type { Kpid } from '../../kernel-sim/abi/pid.ts'
import { RLIMIT_NOFILE } from '../../kernel-sim/abi/index.ts'
import type { Kernel } from '../../kernel-sim/index.ts'
import type { DockerNames } from './docker-names.ts'
import { fdCount, placeOf } from './places.ts'
import type { ViewAlert } from './types.ts'

const KEEP = 20

export class AlertLog {
  readonly alerts: ViewAlert[] = []
  constructor(private k: Kernel, private names: DockerNames) {}

  enfile(kpid: Kpid): void {
    const k = this.k
    const t = k.task(kpid)
    if (!t) return
    let top: { kpid: Kpid; fds: number } | undefined
    for (const o of k.s.tasks.values()) {
      if (o.kpid === kpid) continue
      const fds = fdCount(k, o)
      if (!top || fds > top.fds) top = { kpid: o.kpid, fds }
    }
    const victim = { pid: t.kpid, comm: t.comm, place: placeOf(k, t, this.names), errno: 'ENFILE', fds: fdCount(k, t), nofile: t.rlimits[RLIMIT_NOFILE]![0] }
    // A flooder that fills the table itself has no culprit but itself.
    const c = top && top.fds > victim.fds ? k.task(top.kpid) : undefined
    const culprit = c && top ? { pid: c.kpid, comm: c.comm, place: placeOf(k, c, this.names), fds: top.fds } : undefined
    // The same program in the same place failing again against the same holder: one alert, counted.
    const same = this.alerts.findIndex((a) => a.resource === 'fs.file-max' && a.victim.comm === victim.comm &&
      a.victim.place === victim.place && a.culprit?.pid === culprit?.pid)
    const count = same < 0 ? 1 : this.alerts[same]!.count + 1
    if (same >= 0) this.alerts.splice(same, 1)
    this.alerts.push({
      atNs: k.s.nowNs, resource: 'fs.file-max', victim, ...(culprit ? { culprit } : {}), count,
      message: `${victim.comm} (${victim.pid}) got ENFILE: the system-wide file table is full` +
        (culprit ? `; ${culprit.comm} (${culprit.pid}) in ${culprit.place} holds ${culprit.fds} fds` : `; it holds ${victim.fds} fds itself`),
    })
    if (this.alerts.length > KEEP) this.alerts.shift()
  }
}
