// The live view (MachineView) derived from kernel state: processes, file
// table, memory, alerts. Never stored; recomputed after each command.
import { INIT_NS, cgroupPath, cgroupViews, memInfo, utsOf, type Kernel, type Task } from '../../kernel-sim/index.ts'
import { RLIMIT_NOFILE } from '../../kernel-sim/abi/index.ts'
import type { MachineView, ViewAlert, ViewProcess } from './types.ts'

const NS_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const

export function buildView(k: Kernel): MachineView {
  const s = k.s
  const processes: ViewProcess[] = []
  const nsProcs = new Map<string, { type: string; inode: number; procs: number }>()
  for (const t of s.tasks.values()) {
    const ns: Record<string, number> = {}
    for (const type of NS_TYPES) {
      const inode = t.ns[type]
      ns[type] = inode
      const key = `${type}:${inode}`
      const e = nsProcs.get(key)
      if (e) e.procs++
      else nsProcs.set(key, { type, inode, procs: 1 })
    }
    processes.push({
      pid: t.kpid, ppid: t.ppid, comm: t.comm, state: t.state, uid: t.cred.ruid,
      fds: t.fdTable >= 0 ? (k.fdTable(t.fdTable)?.fds.size ?? 0) : 0, rlimitNofile: t.rlimits[RLIMIT_NOFILE]![0],
      ns, cgroup: cgroupPath(k, t.cgroup), place: placeOf(k, t),
    })
  }
  const mem = memInfo(k)
  return {
    nowNs: s.nowNs,
    hostname: utsOf(k, INIT_NS.uts).hostname,
    kernelRelease: '6.8.0-isolab',
    cpus: s.machine.cpus,
    memory: { totalBytes: mem.total, usedBytes: mem.used },
    files: { nr: s.files.size, max: k.coarse.sysctl.fileMax, nrOpen: k.coarse.sysctl.nrOpen },
    tasks: { count: s.tasks.size, pidMax: k.coarse.sysctl.pidMax },
    processes,
    namespaces: [...nsProcs.values()],
    cgroups: cgroupViews(k),
    dmesgTail: k.coarse.dmesg.slice(-8),
    alerts: enfileAlerts(k, processes),
  }
}

/**
 * Where a process "lives" for the layers diagram: the host, or a container —
 * a process in its own pid namespace, named by its UTS hostname (Docker sets
 * it to the container's short id unless --hostname is given).
 */
function placeOf(k: Kernel, t: Task): string {
  if (t.ns.pid === INIT_NS.pid) return 'host'
  return `container ${utsOf(k, t.ns.uts).hostname}`
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
