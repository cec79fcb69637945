// Shared by unshare, nsenter, lsns, ip netns: namespace types and their clone
// flags, /proc/PID/ns paths, and small file helpers.
import {
  CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER,
  CLONE_NEWUTS, O_RDONLY, O_WRONLY,
} from '../../../kernel-sim/abi/index.ts'
import { close, open, readAll, readlink, writeAll, type Sys } from '../../libc/index.ts'

export type NsName = 'cgroup' | 'ipc' | 'mnt' | 'net' | 'pid' | 'time' | 'user' | 'uts'

/** lsns order; `flag` for unshare/setns. */
export const NAMESPACES: readonly { name: NsName; flag: number }[] = [
  { name: 'mnt', flag: CLONE_NEWNS }, { name: 'net', flag: CLONE_NEWNET }, { name: 'time', flag: CLONE_NEWTIME },
  { name: 'cgroup', flag: CLONE_NEWCGROUP }, { name: 'pid', flag: CLONE_NEWPID }, { name: 'user', flag: CLONE_NEWUSER },
  { name: 'uts', flag: CLONE_NEWUTS }, { name: 'ipc', flag: CLONE_NEWIPC },
]

/** The short option that names each namespace in unshare(1) and nsenter(1) (-m, -u, -i, -n, -p, -U, -C, -T). */
export const NS_LETTER: Readonly<Record<NsName, string>> = { mnt: 'm', uts: 'u', ipc: 'i', net: 'n', pid: 'p', user: 'U', cgroup: 'C', time: 'T' }

/** Their long forms, each with an optional argument (a file to bind or enter): --mount[=file], --uts[=file]... */
export const NS_LONG_OPTIONS = [
  { name: 'mount', hasArg: 'optional', val: 'm' }, { name: 'uts', hasArg: 'optional', val: 'u' },
  { name: 'ipc', hasArg: 'optional', val: 'i' }, { name: 'net', hasArg: 'optional', val: 'n' },
  { name: 'pid', hasArg: 'optional', val: 'p' }, { name: 'user', hasArg: 'optional', val: 'U' },
  { name: 'cgroup', hasArg: 'optional', val: 'C' }, { name: 'time', hasArg: 'optional', val: 'T' },
] as const

/** Writes a whole string to a file (one write, as echo > file does); 0 or -errno. */
export function* writeFile(path: string, data: string): Sys<number> {
  const fd = yield* open(path, O_WRONLY)
  if (fd < 0) return fd
  const r = yield* writeAll(fd, data)
  yield* close(fd)
  return r < 0 ? r : 0
}

export function* readFile(path: string): Sys<string | number> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return fd
  const r = yield* readAll(fd)
  yield* close(fd)
  return r
}

/** The inode number in "uts:[4026531838]", or 0. */
export function* nsInode(pid: string | number, name: string): Sys<number> {
  const r = yield* readlink(`/proc/${pid}/ns/${name}`)
  if (typeof r !== 'string') return 0
  const m = /\[(\d+)\]$/.exec(r)
  return m ? Number(m[1]) : 0
}

/** One line of /proc/PID/mountinfo (proc_pid_mountinfo(5)), with libmount's merged option string. */
export interface MountinfoRow {
  id: number
  parent: number
  target: string
  source: string
  fstype: string
  /** The per-mount options, then the filesystem's own without its rw/ro: "rw,nosuid,nodev,size=...,mode=755" (mount(8), findmnt OPTIONS). */
  options: string
}

export function parseMountinfo(info: string): MountinfoRow[] {
  const rows: MountinfoRow[] = []
  for (const line of info.split('\n')) {
    if (!line) continue
    const [pre, post = ''] = line.split(' - ')
    const f = pre!.split(' ')
    const [fstype = '', source = '', superOpts = ''] = post.split(' ')
    const fsOpts = superOpts.split(',').filter((o) => o && o !== 'rw' && o !== 'ro')
    rows.push({ id: Number(f[0]), parent: Number(f[1]), target: f[4] ?? '', source, fstype, options: [f[5] ?? '', ...fsOpts].join(',') })
  }
  return rows
}
