// The kernel's public surface: the only module src/ imports from kernel-sim
// (besides the ABI constants). createKernel() is the composition root: it
// registers the generated filesystems into the VFS, each file kind's release
// and the other subsystems' parts of a task's exit (so the core modules do
// not import the subsystems that call them), and starts init.
import { INIT_KPID, NO_KPID, type ProgramRegistry } from './abi/index.ts'
import { INIT_NS, bootFilesystems, bootLog, defaultRlimits, initialState } from './kernel/boot.ts'
import { rootCred } from './kernel/task/cred.ts'
import { taskRecord } from './kernel/task/record.ts'
import { Kernel, type ExitOps, type KernelHost } from './kernel/kernel.ts'
import { exitTask } from './kernel/task/exit.ts'
import { nsExit, nsReap } from './kernel/ns/lifecycle.ts'
import { nsPut } from './kernel/ns/core.ts'
import { ttyHangupSession } from './kernel/tty.ts'
import { pipeFileRelease } from './kernel/ipc/pipe.ts'
import { socketFileRelease } from './kernel/net/socket.ts'
import { ptmRelease, ptsRelease } from './kernel/pty-close.ts'
import { releaseUnlinked } from './kernel/fs/unlinked.ts'
import { procfs } from './kernel/fs/procfs/index.ts'
import { sysfs } from './kernel/fs/sysfs.ts'
import { nsfs } from './kernel/ns/nsfs.ts'
import { cgroupAttachNew, cgroupBoot, cgroupExit, cgroupRelease, cgroupfs } from './kernel/cgroup/index.ts'
import { newFdTable, putFdTable } from './kernel/fd/fd-table.ts'
import { cgroupV1Exit, cgroupV1fs } from './kernel/cgroup/v1/index.ts'
import type { MachineSpec, Task } from './kernel/state.ts'

export interface KernelOptions {
  machine: MachineSpec
  seed: number
  hostname: string
  programs: ProgramRegistry
  host: KernelHost
  /** Program name of pid 1 (default "init"). */
  init?: string
}

export function createKernel(o: KernelOptions): Kernel {
  const k = new Kernel(initialState(o.machine, o.seed, o.hostname), o.programs, o.host)
  k.genfs.proc = procfs
  k.genfs.sysfs = sysfs
  k.genfs.nsfs = nsfs
  k.genfs.cgroup2 = cgroupfs
  k.genfs.cgroup = cgroupV1fs
  k.exitNotifiers.push((kpid) => cgroupV1Exit(k, kpid)) // cgroup v1's notify_on_release (a task that exits leaves its cgroups)
  registerFileReleases(k)
  k.exitOps = EXIT_OPS
  cgroupBoot(k)
  bootFilesystems(k)
  bootLog(k)
  startInit(k, o.init ?? 'init')
  k.commit()
  return k
}

/** f_op->release of each kind of open file, run by the last fput() (fd/files.ts). */
function registerFileReleases(k: Kernel): void {
  k.fileRelease.pipe = pipeFileRelease
  k.fileRelease.socket = socketFileRelease
  k.fileRelease.proc = (k, f) => { if (f.obj > 0) nsPut(k, f.obj) } // an open /proc/PID/ns/* file holds its namespace
  k.fileRelease.ptm = (k, f) => ptmRelease(k, f.obj)
  k.fileRelease.tty = (k, f) => ptsRelease(k, f.obj)
  k.fileRelease.inode = (k, f) => releaseUnlinked(k, f.obj) // a memfd's last fd
}

/** The subsystems' steps of do_exit() and release_task(), in task/exit.ts's order (ExitOps). */
const EXIT_OPS: ExitOps = {
  exiting(k, t) {
    putFdTable(k, t.fdTable)
    cgroupExit(k, t.kpid)
  },
  namespaces: (k, t) => nsExit(k, t, (x, s) => exitTask(k, x, s)),
  hangup(k, t) {
    if (t.sid === t.kpid && t.ctty >= 0) ttyHangupSession(k, t.ctty, t.kpid)
  },
  release(k, t) {
    nsReap(k, t)
    cgroupRelease(k, t)
  },
}

/** pid 1: runs the init program with root credentials and the default limits. */
function startInit(k: Kernel, name: string): void {
  const main = k.programs(name)
  if (!main) throw new Error(`isolab: no init program "${name}" registered`)
  const table = newFdTable(k)
  const init: Task = taskRecord({
    kpid: INIT_KPID, tgid: INIT_KPID, ppid: NO_KPID, pgid: INIT_KPID, sid: INIT_KPID, comm: 'init', cmdline: ['/sbin/init'], environ: [],
    exe: '/sbin/init', state: 'R', wchan: '', exitStatus: 0, waitReport: '', cred: rootCred(),
    fdTable: table.id, cwd: '/', root: '/', umask: 0o022, rlimits: defaultRlimits(k.coarse.sysctl.threadsMax),
    sigDisp: {}, sigCaught: [], ctty: -1, children: [], startNs: 0, utimeNs: 0, stimeNs: 0, mmaps: {},
    rssBytes: 1 << 20, nextMmap: 1, wakeNs: -1, minFlt: 0, ns: { ...INIT_NS }, cgroup: 0,
  })
  k.put('tasks', INIT_KPID, init)
  cgroupAttachNew(k, INIT_KPID)
  const c = k.ctr()
  c.lastPid = 1
  c.procsByUid = { 0: 1 }
  k.sched.attach(INIT_KPID, main(['/sbin/init'], []))
  k.sched.makeRunnable(INIT_KPID)
}

export { Kernel, type ExploitDetail, type KernelHost } from './kernel/kernel.ts'
export { nextWakeNs, runSlice, type SliceResult } from './kernel/task/sched.ts'
export { cgroupPath, cgroupPathFrom, procCgroupLine } from './kernel/cgroup/index.ts'
export { cgroupViews, type CgroupView } from './kernel/cgroup/view.ts'
export { spawnTask, type SpawnOptions, type StdioSpec } from './kernel/spawn.ts'
export { createTty, ttyInput, ttyEof, ttySignal, ttyWantsInput, ttyRaw } from './kernel/tty.ts'
export { nttyReceive } from './kernel/n-tty.ts'
export { newInode, dirAdd, setData } from './kernel/fs/tmpfs.ts'
export { namei } from './kernel/fs/namei.ts'
export { ELF_PREFIX } from './kernel/task/exec.ts'
export { memInfo, defaultKernelBytes } from './kernel/mm.ts'
export { SYSCALLS } from './kernel/syscalls/table.ts'
export { fdList } from './kernel/fd/fd-table.ts'
export type * from './kernel/state.ts'
export * as abi from './abi/index.ts'
export { sendSignal } from './kernel/task/signal.ts'
export { Installer, installDir, installFile, installSymlink } from './kernel/fs/install.ts'
export { readDirectory } from './kernel/syscalls/sys-fsmeta.ts'
export { attachHypervisor, openGuestTerminal, kick, type Hypervisor, type GuestEvents, type GuestUserland } from './hypervisor/index.ts'
export { Fdc, FDCTRL_RESULT_TIMER, FDC_CALLBACK_OFFSET, FD_CMD_READ_ID, FD_CMD_DRIVE_SPECIFICATION_COMMAND, READ_ID_DELAY_NS } from './hypervisor/fdc.ts'
export { GUEST_RAM_HVA, hvaToGpa } from './hypervisor/vmm-layout.ts'
export { DOCKER_DEFAULT_TEXT, filterVerdict, lsmLoadProfile, lsmProfiles, parseLsmProfile } from './kernel/security/index.ts'
export { INIT_NS } from './abi/nsfs.ts'
// What /proc/PID/status (CapEff, Seccomp) and /proc/PID/attr/current say about a task: the live view's threat model.
export { heldCaps } from './kernel/task/cred.ts'
export { seccompMode } from './kernel/security/seccomp.ts'
export { attrCurrent } from './kernel/security/lsm.ts'
export { utsOf } from './kernel/ns/uts.ts'
export { kernelRelease, machineVersions } from './kernel/version.ts'
export {
  CATALOGUE, CPU_MODELS, DEFAULT_VERSIONS, affected, inRange, armed, compareVersions, describeRange, findVuln, isAffected, isVersion, parseVersionOptions,
  type ComponentVersions, type VersionOption, type DefenceId, type Mitigations, type VersionComponent, type VulnEntry,
} from './vulns/index.ts'
