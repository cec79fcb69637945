// The live view (MachineView) derived from kernel state: processes, file
// table, memory, alerts. Never stored; recomputed after each command.
import { memInfo, type Kernel } from '../../kernel-sim/index.ts'
import { RLIMIT_NOFILE } from '../../kernel-sim/abi/index.ts'
import type { MachineView, ViewAlert, ViewProcess } from './types.ts'

const INITIAL_NS: Record<string, number> = {
  cgroup: 4026531835, ipc: 4026531839, mnt: 4026531832, net: 4026531833, pid: 4026531836,
  time: 4026531834, user: 4026531837, uts: 4026531838,
}

export function buildView(k: Kernel): MachineView {
  const s = k.s
  const processes: ViewProcess[] = []
  for (const t of s.tasks.values()) {
    processes.push({
      pid: t.kpid, ppid: t.ppid, comm: t.comm, state: t.state, uid: t.cred.ruid,
      fds: t.fdTable >= 0 ? (k.fdTable(t.fdTable)?.fds.size ?? 0) : 0, rlimitNofile: t.rlimits[RLIMIT_NOFILE]![0],
      ns: { ...INITIAL_NS }, cgroup: '/', place: 'host',
    })
  }
  const mem = memInfo(k)
  const namespaces = Object.entries(INITIAL_NS).map(([type, inode]) => ({ type, inode, procs: processes.length }))
  return {
    nowNs: s.nowNs,
    hostname: k.coarse.uts.hostname,
    kernelRelease: '6.8.0-isolab',
    cpus: s.machine.cpus,
    memory: { totalBytes: mem.total, usedBytes: mem.used },
    files: { nr: s.files.size, max: k.coarse.sysctl.fileMax, nrOpen: k.coarse.sysctl.nrOpen },
    tasks: { count: s.tasks.size, pidMax: k.coarse.sysctl.pidMax },
    processes,
    namespaces,
    cgroups: [],
    dmesgTail: k.coarse.dmesg.slice(-8),
    alerts: enfileAlerts(k, processes),
  }
}

/** ENFILE seen by one process while another holds most of the table: the shared-kernel lesson. */
function enfileAlerts(k: Kernel, procs: ViewProcess[]): ViewAlert[] {
  const top = procs.reduce<ViewProcess | undefined>((a, p) => (!a || p.fds > a.fds ? p : a), undefined)
  return k.enfileEvents.slice(-5).map((e) => {
    const v = procs.find((p) => p.pid === e.kpid)
    const victim = { pid: e.kpid, comm: v?.comm ?? '?', place: v?.place ?? 'host', errno: 'ENFILE' }
    const culprit = top && top.pid !== e.kpid ? { pid: top.pid, comm: top.comm, place: top.place } : undefined
    return {
      atNs: e.atNs, resource: 'fs.file-max', victim, ...(culprit ? { culprit } : {}),
      message: `${victim.comm} (${victim.pid}) got ENFILE: the system-wide file table is full` +
        (culprit ? `; ${culprit.comm} (${culprit.pid}) holds ${top!.fds} fds` : ''),
    }
  })
}
