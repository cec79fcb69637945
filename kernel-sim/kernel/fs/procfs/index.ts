// procfs: every file is generated from kernel state when read (never stored).
// Paths are relative to the mount: "/", "/self", "/123/status", "/sys/fs/file-nr".
import { renderNetTcp, renderNetUnix } from '../../net/procnet.ts'
import type { Kernel } from '../../kernel.ts'
import { entryFile } from '../../fd/fd-table.ts'
import type { Task } from '../../state.ts'
import { NO_TASK, procNode, type ProcNode } from './node.ts'
import { dirNode, fileNode, linkNode, ownedBy as owned, type GenFs, type GenNode } from '../genfs.ts'
import {
  fdTargets, renderCmdline, renderEnviron, renderLimits, renderStat, renderStatus,
} from './pid-status.ts'
import { SYSCTLS, sysctlDirs } from './sysctl.ts'
import { kernelCmdline } from '../../version.ts'
import { ptraceMayAccess } from '../../security/ptrace.ts'
import { SECURITY_PID_FILES, securityPidEntry } from '../../security/procfs.ts'
import { procCgroupLine } from '../../cgroup/index.ts'
import { procV1CgroupLines } from '../../cgroup/v1/index.ts'
import { cgroupNsRoot } from '../../ns/core.ts'
import { PID_NS_FILES, nsDir, nsPidEntry, procPidNs, procPids, procSelf, procTask, sysvipcNode } from '../../ns/procns.ts'
import { nsIds } from '../../ns/pid.ts'
import { renderMountsOf } from '../../ns/mnt.ts'
import { credUserns } from '../../ns/user.ts'
import type { Mount } from '../../state.ts'
import {
  renderCpuinfo, renderFilesystems, renderLoadavg, renderMeminfo, renderStat as renderSysStat,
  renderUptime, renderVersion,
} from './system.ts'

const SYSTEM_FILES: Record<string, (k: Kernel) => string> = {
  meminfo: renderMeminfo,
  loadavg: renderLoadavg,
  uptime: renderUptime,
  version: renderVersion,
  cpuinfo: renderCpuinfo,
  stat: renderSysStat,
  filesystems: renderFilesystems,
  cmdline: (k) => kernelCmdline(k) + '\n',
}

const THREAD_ENTRIES = ['cgroup', 'cmdline', 'comm', 'cwd', 'environ', 'exe', 'fd', 'limits', 'mounts', 'root', 'stat', 'status', ...PID_NS_FILES, ...SECURITY_PID_FILES].sort()
const PID_ENTRIES = [...THREAD_ENTRIES, 'task'].sort()
const SYSCTL_DIRS = sysctlDirs()

/** procfs shows the pid namespace of whoever mounted it (pid_namespaces(7)); pids are that namespace's. */
export const procfs: GenFs = (k, viewer, path, mount) => {
  if (path === '/') {
    // Every walk through /proc starts here: one node of procfs's shape (node.ts), its methods shared.
    return procNode('d', 0o555, 0, 0, procRootList, procRootChild, procRootType, undefined, undefined, undefined, NO_TASK, mount, false)
  }
  const parts = path.split('/').filter(Boolean)
  const pidns = procPidNs(mount)
  if (parts.length === 0) return procfs(k, viewer, '/', mount)
  const [head, ...rest] = parts as [string, ...string[]]
  if (head === 'self' || head === 'thread-self') {
    const self = rest.length === 0 ? procSelf(k, viewer, pidns) : undefined
    if (!self) return undefined
    return head === 'self' ? linkNode(() => String(self)) : linkNode(() => `${self}/task/${self}`)
  }
  if (head === 'mounts') return rest.length === 0 ? linkNode(() => 'self/mounts') : undefined
  if (head === 'sys') return sysNode(k, viewer, rest.join('/'))
  // SIMPLIFICATION: /proc/net is the reader's network namespace's directory, not a link to self/net.
  if (head === 'net') {
    if (rest.length === 0) return dirNode(() => ['tcp', 'unix'])
    if (rest.length === 1 && rest[0] === 'tcp') return fileNode(() => renderNetTcp(k, viewer))
    if (rest.length === 1 && rest[0] === 'unix') return fileNode(() => renderNetUnix(k, viewer))
    return undefined
  }
  if (head === 'sysvipc') return sysvipcNode(k, viewer, rest)
  const pid = pidOfName(head)
  if (pid >= 0) {
    const t = procTask(k, pidns, pid)
    return t ? pidNode(k, t, rest, viewer, mount) : undefined
  }
  if (rest.length === 0 && SYSTEM_FILES[head]) {
    const render = SYSTEM_FILES[head]!
    return fileNode(() => render(k))
  }
  return undefined
}

/** The root of a proc mount looks up /proc/PID itself (proc_root_lookup: a pid first, then the fixed entries). */
function procRootList(this: ProcNode, k: Kernel): string[] {
  return [...procPids(k, procPidNs(this.mount)).map(String), 'self', 'thread-self', 'sys', 'sysvipc', 'mounts', 'net', ...Object.keys(SYSTEM_FILES)]
}
function procRootChild(this: ProcNode, k: Kernel, viewer: Task, name: string): GenNode | undefined {
  const pid = pidOfName(name)
  if (pid < 0) return procfs(k, viewer, '/' + name, this.mount)
  const t = procTask(k, procPidNs(this.mount), pid)
  return t ? pidDir(t, this.mount, false) : undefined
}

/** getdents of /proc: every pid is a directory (proc_pid_readdir), the other entries are looked up. */
const procRootType = (name: string) => (pidOfName(name) >= 0 ? 'd' as const : undefined)

/**
 * The pid a /proc entry name stands for, or -1 (fs/proc/util.c name_to_int(): decimal digits
 * only, no leading zero, below (UINT_MAX - 9) / 10), read as it is checked.
 */
function pidOfName(name: string): number {
  if (name.length === 0 || (name.length > 1 && name.charCodeAt(0) === 48 /* 0 */)) return -1
  let n = 0
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) - 48
    if (c < 0 || c > 9 || n >= 429496728) return -1
    n = n * 10 + c
  }
  return n
}

const pidEntries = () => PID_ENTRIES
const threadEntries = () => THREAD_ENTRIES

/**
 * /proc/PID looks its entries up itself (lsns opens it and fstatat()s "ns/<type>" through it).
 * `thread`: it is /proc/PID/task/TID, the same files without a task/ of its own (proc(5)).
 * Its ns/ directory is kept between lookups (lsns looks "ns" up eight times through one open
 * /proc/PID): valid while the task is there with the same credentials (a cred record is replaced,
 * never edited), as pid_revalidate() keeps a dentry while its task lives and refreshes its owner;
 * the links below it look the task up again themselves.
 */
function pidDirChild(this: ProcNode, k: Kernel, viewer: Task, name: string): GenNode | undefined {
  const t = k.task(this.kpid)
  if (!t) return undefined // ENOENT once reaped
  if (name === 'ns') {
    // lsns's path: no path array to build
    if (this.nsCred !== t.cred) {
      this.ns = nsDir(t)
      this.nsCred = t.cred
    }
    return this.ns
  }
  return pidNode(k, t, [name], viewer, this.mount, this.thread)
}

/**
 * /proc/PID/task: one directory per thread, named by its TID. SIMPLIFICATION: threads are not
 * modelled (clone(CLONE_THREAD) makes a process), so each process has one, its main thread (TID = PID).
 */
function taskDirList(this: ProcNode, k: Kernel): string[] {
  const t = k.task(this.kpid)
  return t ? [String(procSelf(k, t, procPidNs(this.mount)))] : []
}
function taskDirChild(this: ProcNode, k: Kernel, viewer: Task, name: string): GenNode | undefined {
  const t = k.task(this.kpid)
  return t && pidOfName(name) === procSelf(k, t, procPidNs(this.mount)) ? pidDir(t, this.mount, true) : undefined
}

/** /proc/PID (or /proc/PID/task/TID: `thread`), dr-xr-xr-x, owned by the task's effective ids. */
function pidDir(t: Task, mount: Mount | undefined, thread: boolean): ProcNode {
  return procNode('d', 0o555, t.cred.euid, t.cred.egid, thread ? threadEntries : pidEntries, pidDirChild, undefined, undefined, undefined, undefined, t.kpid, mount, thread)
}

function pidNode(k: Kernel, t: Task, rest: string[], viewer: Task, mount: Mount | undefined, thread = false): GenNode | undefined {
  if (rest.length === 0) return pidDir(t, mount, thread)
  if (rest[0] === 'task' && !thread) {
    if (rest.length === 1) {
      return procNode('d', 0o555, t.cred.euid, t.cred.egid, taskDirList, taskDirChild, undefined, undefined, undefined, undefined, t.kpid, mount, false)
    }
    const tid = rest[1]!
    return pidOfName(tid) === procSelf(k, t, procPidNs(mount)) ? pidNode(k, t, rest.slice(2), viewer, mount, true) : undefined
  }
  const [name, sub] = rest
  const nsEntry = nsPidEntry(k, viewer, t, rest)
  if (nsEntry) return nsEntry
  const secEntry = securityPidEntry(k, viewer, t, rest) // attr/, environ, mem (security/procfs.ts)
  if (secEntry) return secEntry
  if (rest.length === 2 && name === 'fd') {
    const target = fdTargets(k, t).get(Number(sub))
    if (target === undefined || !/^\d+$/.test(sub!)) return undefined
    const node = owned({ ...linkNode(() => target), mode: fdLinkMode(k, t, Number(sub)), size: 64 }, t)
    const ino = unnamedIno(k, t, Number(sub))
    if (ino !== undefined) return { ...node, magic: { path: target, ino, access: mayFollow(k, t) } }
    return target.startsWith('/') ? { ...node, magic: { path: target, in: fdNamespace(k, t, Number(sub)), access: mayFollow(k, t) } } : node
  }
  if (rest.length !== 1) return undefined
  switch (name) {
    case 'status': return owned(fileNode(() => renderStatus(k, k.task(t.kpid) ?? t, view(k, t, viewer, mount))), t)
    case 'stat': return owned(fileNode(() => renderStat(k, k.task(t.kpid) ?? t, view(k, t, viewer, mount).ids)), t)
    case 'limits': return owned(fileNode(() => renderLimits(k.task(t.kpid) ?? t)), t)
    case 'cmdline': return owned(fileNode(() => renderCmdline(t)), t)
    case 'comm': return owned(fileNode(() => t.comm + '\n', 0o644), t)
    case 'environ': return owned(fileNode(() => renderEnviron(t), 0o400), t)
    case 'cgroup': return owned(fileNode(() => procV1CgroupLines(k, k.task(t.kpid) ?? t, viewer) + procCgroupLine(k, k.task(t.kpid) ?? t, cgroupNsRoot(k, viewer))), t)
    case 'mounts': return owned(fileNode(() => renderMountsOf(k, k.task(t.kpid) ?? t)), t)
    case 'fd': return owned({ ...dirNode(() => [...fdTargets(k, t).keys()].map(String)), mode: 0o500 }, t)
    // The task's own root, cwd and executable, in its own mount namespace (proc_root_link, proc_cwd_link, proc_exe_link).
    case 'cwd': return owned({ ...linkNode(() => t.cwd), magic: { path: t.cwd, in: t.cwdIn ?? taskFs(t), access: mayFollow(k, t) } }, t)
    case 'root': return owned({ ...linkNode(() => t.root), magic: { path: t.root, in: taskFs(t), access: mayFollow(k, t) } }, t)
    // exe is the file the task runs (mm->exe_file), wherever the task has moved since (setns, pivot_root).
    case 'exe': {
      if (t.state === 'Z') return undefined
      const unnamed = t.exeIno !== undefined && k.inode(t.exeIno)?.nlink === 0 ? t.exeIno : undefined
      const magic = unnamed !== undefined ? { path: t.exe, ino: unnamed } : { path: t.exe, in: t.exeIn ?? taskFs(t) }
      return owned({ ...linkNode(() => t.exe), magic: { ...magic, access: mayFollow(k, t) } }, t)
    }
    default: return undefined
  }
}

const taskFs = (t: Task) => ({ mnt: t.ns.mnt, root: t.root })

/** The inode an fd holds when it has no name (a memfd): its link opens the inode itself. */
function unnamedIno(k: Kernel, t: Task, fd: number): number | undefined {
  const e = k.fdTable(t.fdTable)?.fds.get(fd)
  const f = e === undefined ? undefined : k.file(entryFile(e))
  return f?.kind === 'inode' && k.inode(f.obj)?.nlink === 0 ? f.obj : undefined
}

/** proc_fd_access_allowed(): following the link needs PTRACE_MODE_READ_FSCREDS on the task. */
const mayFollow = (k: Kernel, t: Task) => (walker: Task) => ptraceMayAccess(k, walker, k.task(t.kpid) ?? t, 'read')

/** Where an fd's path names its file: the opener's namespace for generated files, else the task's. */
function fdNamespace(k: Kernel, t: Task, fd: number): { mnt: number; root: string } {
  const e = k.fdTable(t.fdTable)?.fds.get(fd)
  const f = e === undefined ? undefined : k.file(entryFile(e))
  return f?.openedIn ?? taskFs(t)
}

/** Pids as the mount's namespace numbers them, ids as the viewer's user namespace maps them. */
function view(k: Kernel, t: Task, viewer: Task, mount: Mount | undefined) {
  return { ids: nsIds(k, k.task(t.kpid) ?? t, procPidNs(mount)), userns: credUserns(viewer.cred) }
}

/** proc_fd_link modes: lr-x------ for read-only fds, l-wx------ write-only, lrwx------ both. */
function fdLinkMode(k: Kernel, t: Task, fd: number): number {
  const e = k.fdTable(t.fdTable)?.fds.get(fd)
  const acc = e === undefined ? 2 : k.file(entryFile(e))!.flags & 3
  return acc === 0 ? 0o500 : acc === 1 ? 0o300 : 0o700
}

function sysNode(k: Kernel, _viewer: Task, key: string): GenNode | undefined {
  const entry = SYSCTLS[key]
  if (entry) {
    const { write } = entry
    return fileNode(() => entry.read(k, _viewer), entry.mode ?? (write ? 0o644 : 0o444), write ? (d) => write(k, d, _viewer) : undefined)
  }
  if (SYSCTL_DIRS.has(key)) {
    const prefix = key === '' ? '' : key + '/'
    return dirNode(() => {
      const names = new Set<string>()
      for (const full of [...Object.keys(SYSCTLS), ...SYSCTL_DIRS]) {
        if (full.startsWith(prefix) && full !== key) names.add(full.slice(prefix.length).split('/')[0]!)
      }
      return [...names].filter(Boolean).sort()
    })
  }
  return undefined
}

