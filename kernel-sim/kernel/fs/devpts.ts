// devpts (Documentation/filesystems/devpts.rst, pts(4)): the filesystem that
// shows the slave of each pty pair as /dev/pts/N. Since Linux 4.7 every mount
// of devpts is a new, independent instance ("newinstance" is accepted and
// ignored): ptys allocated in one instance have their own indices and are
// invisible in the others, which is how a container's /dev/pts shows only its
// own ptys. Each instance holds a ptmx node (c 5:2, mode ptmxmode, default 000).
//
// An instance is its root directory (a tmpfs-like inode); its mount options
// (gid=, mode=, ptmxmode=) are kept in that directory inode's data, which
// directories do not otherwise use.
import type { Kernel } from '../kernel.ts'
import { makedev, PTS_MAJOR } from './devices.ts'
import { dirAdd, dirRemove, newInode } from './tmpfs.ts'

export const DEV_PTMX = makedev(5, 2)
/** The tty group (gid 5), which devpts mounts name with gid=5 on Debian and in runc's default spec. */
export const TTY_GID = 5

export interface DevptsOptions {
  /** Group of new slaves (gid=); absent = the opener's group. */
  gid?: number
  /** Mode of new slaves (mode=, default 600). */
  mode: number
  /** Mode of the instance's ptmx node (ptmxmode=, default 000). */
  ptmxmode: number
}

/** Parses devpts mount data ("newinstance,ptmxmode=0666,mode=620,gid=5"). */
export function devptsOptions(data: string): DevptsOptions {
  const o: DevptsOptions = { mode: 0o600, ptmxmode: 0 }
  for (const opt of (data ?? '').split(',')) {
    const [key, val = ''] = opt.split('=')
    if (key === 'gid' && /^\d+$/.test(val)) o.gid = Number(val)
    if (key === 'mode' && /^[0-7]+$/.test(val)) o.mode = parseInt(val, 8) & 0o777
    if (key === 'ptmxmode' && /^[0-7]+$/.test(val)) o.ptmxmode = parseInt(val, 8) & 0o777
  }
  return o
}

/** devpts_show_options: the instance's options as mountinfo's super options show them ("rw,gid=5,mode=620,ptmxmode=666"). */
export function devptsShowOptions(k: Kernel, dir: number): string {
  const o = devptsOptions(k.inode(dir)?.data ?? '')
  const oct = (n: number) => n.toString(8).padStart(3, '0')
  return `rw${o.gid !== undefined ? `,gid=${o.gid}` : ''},mode=${oct(o.mode)},ptmxmode=${oct(o.ptmxmode)}`
}

/** A new devpts instance (devpts_fill_super + mknod_ptmx): its root directory inode. */
export function devptsNewInstance(k: Kernel, data: string): number {
  const root = newInode(k, 'd', 0o755, 0, 0)
  devptsInit(k, root.ino, data)
  return root.ino
}

/** Makes directory `dir` a devpts instance with mount options `data` (also used at boot for /dev/pts). */
export function devptsInit(k: Kernel, dir: number, data: string): void {
  k.mutInode(dir).data = data
  const o = devptsOptions(data)
  const ptmx = newInode(k, 'c', o.ptmxmode, 0, 0)
  ptmx.rdev = DEV_PTMX
  dirAdd(k, dir, 'ptmx', ptmx.ino)
}

/** The lowest index not in use in the instance (devpts_new_index: an IDA per instance). */
export function devptsNewIndex(k: Kernel, dir: number): number {
  const used = new Set(k.inode(dir)!.entries.keys())
  let n = 0
  while (used.has(String(n))) n++
  return n
}

/**
 * devpts_pty_new: /dev/pts/N appears, a char device 136:N owned by the opener
 * (pts(4): "mode 0620, group tty" once grantpt(3) ran; devpts gives the mount's gid= and mode= at once).
 */
export function devptsAddSlave(k: Kernel, dir: number, index: number, uid: number, gid: number): number {
  const o = devptsOptions(k.inode(dir)!.data)
  const n = newInode(k, 'c', o.mode, uid, o.gid ?? gid)
  n.rdev = makedev(PTS_MAJOR, index)
  dirAdd(k, dir, String(index), n.ino)
  return n.ino
}

/** devpts_pty_kill: the node goes when the pair does. */
export function devptsRemoveSlave(k: Kernel, dir: number, index: number, ino: number): void {
  if (k.inode(dir)?.entries.get(String(index)) === ino) dirRemove(k, dir, String(index))
  if (k.inode(ino)) k.remove('inodes', ino)
}
