// Generated filesystems (procfs, sysfs, later cgroupfs): their files are
// rendered from kernel state when read, never stored (style-examples §11).
// The VFS reaches them only through this interface; index.ts registers them.
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'

export interface GenNode {
  type: 'd' | 'f' | 'l'
  /** Permission bits. */
  mode: number
  uid: number
  gid: number
  /** File content, rendered now. */
  read?: () => string
  /** Random-access content (/proc/PID/mem): `count` bytes at `pos`, or -errno. Used instead of `read`. */
  readAt?: (pos: number, count: number) => string | number
  /** Handles a write of the whole buffer; returns 0 or -errno. */
  write?: (data: string) => number
  /** Directory: child names (called as a method: a shared function may read the node's own fields). */
  list?: (k: Kernel) => string[]
  /**
   * Directory: looks up a child itself (inode_operations.lookup) as `viewer` sees it, called
   * as a method, so the filesystem is not asked again for the whole path (/proc/PID/ns/<type>).
   */
  child?: (k: Kernel, viewer: Task, name: string) => GenNode | undefined
  /**
   * Directory: a child's type when it is known from the name alone (proc_pid_readdir() emits
   * DT_DIR for every pid without instantiating it), so getdents(2) need not look it up.
   */
  childType?: (name: string) => 'd' | 'f' | 'l' | undefined
  /** Directory of a filesystem where mkdir(2)/rmdir(2) mean something (cgroupfs): 0 or -errno. */
  mkdir?: (name: string) => number
  rmdir?: (name: string) => number
  /** Symlink target. */
  target?: () => string
  /**
   * Magic link (/proc/[pid]/fd/N, cwd, root): resolves to the object itself, not the path text.
   * `path` names it in the mount namespace and root `in` (the task's, or the file opener's), which
   * may be another container's: the walk goes on there (proc(5) "/proc/[pid]/root").
   * `access` is the ptrace check proc_fd_access_allowed() makes when the link is followed.
   */
  magic?: { file?: number; path?: string; in?: { mnt: number; root: string }; access?: (walker: Task) => boolean; ino?: number }
  /** st_size; absent = 0 (/proc/PID/fd/N links are 64). */
  size?: number
  /** /proc/PID/ns/*: the namespace (nsfs inode) this link stands for. */
  nsIno?: number
  /**
   * /proc/PID/ns: the namespace its link `name` stands for, without making the link's node, or
   * undefined (no such link, an empty one, the task gone): what a walk that follows that link as
   * its last component needs (lsns's fstatat(dirfd, "ns/<type>"), 80,000 of them on a host of
   * 10,000 processes). The same answer as child(name).nsIno.
   */
  nsfsIno?: (k: Kernel, name: string) => number | undefined
  /** file_operations.open: a check when `opener` opens it (procfs ptrace checks); 0 or -errno. */
  open?: (opener: Task) => number
}

/** Looks up `path` ("/" or "/123/status") inside the filesystem, as `viewer` sees it. */
export type GenFs = (k: Kernel, viewer: Task, path: string, mount?: Mount) => GenNode | undefined

/** Stable inode numbers for generated files (procfs allocates them dynamically on Linux). */
export function genIno(fs: string, path: string): number {
  let h = 2166136261
  const s = fs + ':' + path
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return 4096 + ((h >>> 0) % 0x3fffffff)
}

export const dirNode = (names: () => string[], mode = 0o555): GenNode => ({ type: 'd', mode, uid: 0, gid: 0, list: names })
export const fileNode = (read: () => string, mode = 0o444, write?: (d: string) => number): GenNode => ({
  type: 'f', mode, uid: 0, gid: 0, read, ...(write ? { write } : {}),
})
export const linkNode = (target: () => string): GenNode => ({ type: 'l', mode: 0o777, uid: 0, gid: 0, target })

/** A /proc/PID entry: owned by the task's effective ids (proc_pid_make_inode → task_dump_owner). */
export const ownedBy = (n: GenNode, t: Task): GenNode => ({ ...n, uid: t.cred.euid, gid: t.cred.egid })
