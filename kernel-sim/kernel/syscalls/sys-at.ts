// The *at(2) calls: readlinkat(2) and fstatat(2). A relative pathname resolves
// from the directory `dirfd` refers to, not from the cwd; AT_FDCWD or an
// absolute pathname behave as readlink(2)/stat(2) (openat(2), "Rationale for
// openat() and other directory file descriptor APIs").
//
// Linux's open file holds its dentry (f->f_path), so a lookup through dirfd
// starts there without walking the directory's path again. Open files here
// are data (state.ts) and keep only their path; open(2) hands the directory it
// found to the *at(2) calls (rememberDir), for the last directory so used.
// SIMPLIFICATION: another directory's fd is resolved again from its path (as the
// caller sees that path): a directory renamed since open(2) is not followed.
import { openerView } from './gen-io.ts'
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, E, type Stat, type Kpid } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Mount, OpenFile, Task } from '../state.ts'
import { fdGet } from '../fd/fd-table.ts'
import { dirRef, inView, namei, nameiFrom, readlinkNode, type DirRef, type Resolved } from '../fs/namei.ts'
import { mountPathsOf, taskMountsRaw } from '../ns/mnt-table.ts'
import { getattr, statOf } from '../fs/vnode.ts'
import { sysFstat, sysReadlink, sysStat } from './sys-fsmeta.ts'
import { statIn } from '../ns/user.ts'

/**
 * The directory an open file refers to, for the last directory used through a dirfd, per kernel:
 * lsns opens /proc/PID and asks through it eight times in a row (one fstatat per namespace type),
 * and open(2) hands its lookup over (rememberDir), as Linux's file keeps the dentry it opened.
 * One record, not one per open file: ten thousand weakly held entries per lsns cost more to
 * collect than the lookups they saved.
 */
const LAST = new WeakMap<Kernel, DirMemo>()
/** The open file and the directory it names (a Resolved, reused: one record per kernel). */
interface DirMemo extends Resolved {
  f: OpenFile | undefined
  /**
   * Nothing was mounted below the directory in `table` when it was opened: a walk from it
   * need not consult the mount table (namei's sealed frames). Holds while the table is that one
   * with `rows` rows (umount(2) replaces a namespace's table; mount(2) replaces it or appends to
   * the copy it already made in this tick).
   */
  sealed: boolean
  table: readonly Mount[] | undefined
  rows: number
  /** Where walks through it start (remade when `sealed` changes): its frame keeps what it looked up last ("ns"). */
  dir: DirRef
}

/** open(2) of a directory: its lookup serves the *at(2) calls that follow through the new fd. */
export function rememberDir(k: Kernel, t: Task, f: OpenFile, found: Resolved): void {
  let m = LAST.get(k)
  if (!m) LAST.set(k, (m = { f, node: found.node, path: found.path, in: undefined, sealed: false, table: undefined, rows: 0, dir: dirRef(found, false) }))
  m.f = f
  m.node = found.node
  m.path = found.path
  m.in = found.in ?? f.openedIn
  const tv = inView(t, m.in)
  m.table = taskMountsRaw(k, tv) // the table's identity and length, not its rows
  m.rows = m.table.length
  m.sealed = !mountPathsOf(k, tv).below(found.path)
  m.dir = dirRef(found, m.sealed)
}

/** The directory `dirfd` refers to: EBADF if not open, ENOTDIR if not a directory. */
function dirOf(k: Kernel, t: Task, dirfd: number): DirMemo | number {
  const id = fdGet(k, t, dirfd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  let m = LAST.get(k)
  if (m?.f !== f) {
    // Another directory than the last one (or the same one changed: a new object): found again by path.
    if (f.kind !== 'inode' && f.kind !== 'proc') return -E.ENOTDIR
    const found = namei(k, openerView(t, f), f.path)
    if (typeof found === 'number') return found // the directory was removed (or /proc/PID exited)
    if (getattr(k, found.node).type !== 'd') return -E.ENOTDIR
    rememberDir(k, t, f, found)
    m = LAST.get(k)!
  } else if (m.sealed && (taskMountsRaw(k, inView(t, m.in)) !== m.table || m.table.length !== m.rows)) {
    m.sealed = false // mounted or unmounted since
    m.dir = dirRef(m, false)
  }
  return m
}

function resolveAt(k: Kernel, t: Task, dirfd: number, path: string, follow: boolean): Resolved | number {
  if (typeof path !== 'string') return -E.EFAULT
  if (dirfd === AT_FDCWD || path.startsWith('/')) return namei(k, t, path, follow)
  const dir = dirOf(k, t, dirfd)
  if (typeof dir === 'number') return dir
  return nameiFrom(k, inView(t, dir.in), dir.dir, path, follow)
}

/** readlinkat(2): EINVAL if the file is not a symbolic link. */
export function sysReadlinkat(k: Kernel, kpid: Kpid, dirfd: number, path: string): string | number {
  if (dirfd === AT_FDCWD) return sysReadlink(k, kpid, path)
  const r = resolveAt(k, k.taskOrOops(kpid), dirfd, path, false)
  if (typeof r === 'number') return r
  if (getattr(k, r.node).type !== 'l') return -E.EINVAL
  return readlinkNode(k, r.node)
}

/** fstatat(2) (newfstatat): AT_SYMLINK_NOFOLLOW as lstat(2), AT_EMPTY_PATH with "" as fstat(2). */
export function sysFstatat(k: Kernel, kpid: Kpid, dirfd: number, path: string, flags: number): Stat | number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -E.EINVAL // "Invalid flag specified in flags."
  const follow = (flags & AT_SYMLINK_NOFOLLOW) === 0
  if (path === '' && flags & AT_EMPTY_PATH) {
    return dirfd === AT_FDCWD ? sysStat(k, kpid, '.', follow) : sysFstat(k, kpid, dirfd)
  }
  if (dirfd === AT_FDCWD) return sysStat(k, kpid, path, follow)
  const t = k.taskOrOops(kpid)
  const r = resolveAt(k, t, dirfd, path, follow)
  return typeof r === 'number' ? r : statIn(k, t, statOf(k, r.node))
}
