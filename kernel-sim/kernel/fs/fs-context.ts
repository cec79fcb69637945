// The new mount API's filesystem context (fs/fsopen.c, fs/fs_context.c):
// fsopen(2) creates a context for a filesystem type and returns an fd;
// fsconfig(2) sets its parameters. A filesystem that has not been converted
// to the API keeps the old parser, legacy_parse_param(), which copies every
// "key=value" into one 4 KiB buffer: the home of CVE-2022-0185.
//
// SIMPLIFICATION: only the parameter phase is modelled. FSCONFIG_CMD_CREATE
// and fsmount(2) are not: mounting goes through mount(2).
import { CAP, E, type Kpid } from '../../abi/index.ts'
import { FSCONFIG_CMD_CREATE, FSCONFIG_SET_FLAG, FSCONFIG_SET_STRING, FSOPEN_CLOEXEC } from '../../abi/mount.ts'
import { allocFile } from '../fd/files.ts'
import { fdGet, fdInstall, lowestFreeFd } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import { INIT_INO, nsRec } from '../ns/core.ts'
import { nsCapable } from '../ns/user.ts'
import type { FsContext } from '../state.ts'
import { kernelArmed, machineVersions } from '../version.ts'
import { compareVersions } from '../../vulns/index.ts'
import { slabOverflow } from '../security/slab-overflow.ts'

const PAGE_SIZE = 4096

/**
 * Filesystem types this kernel knows, and whether each still uses the legacy
 * parser (no init_fs_context): ext4 moved to the new API in 5.17 (Lukas Czerner's
 * series), overlayfs in 6.5, ext2 in 6.15 ("ext2: convert to the new mount API", Eric Sandeen, 2025).
 */
const FS_TYPES: Record<string, { legacy: (release: (v: string) => boolean) => boolean }> = {
  ext4: { legacy: (before) => before('5.17') },
  ext2: { legacy: (before) => before('6.15') },
  devpts: { legacy: () => true },
  overlay: { legacy: (before) => before('6.5') },
  tmpfs: { legacy: () => false },
  proc: { legacy: () => false },
  sysfs: { legacy: () => false },
  cgroup2: { legacy: () => false },
  cgroup: { legacy: () => false },
  mqueue: { legacy: () => false },
}

/** fsopen(2). */
export function sysFsopen(k: Kernel, kpid: Kpid, fsname: string, flags: number): number {
  const t = k.taskOrOops(kpid)
  if (typeof fsname !== 'string') return -E.EFAULT
  // "if (!ns_capable(current->nsproxy->mnt_ns->user_ns, CAP_SYS_ADMIN)) return -EPERM" comes first.
  const owner = t.ns.mnt === INIT_INO.mnt ? INIT_INO.user : nsRec(k, t.ns.mnt)?.owner ?? INIT_INO.user
  if (!nsCapable(k, t, CAP.SYS_ADMIN, owner)) return -E.EPERM
  if (flags & ~FSOPEN_CLOEXEC) return -E.EINVAL
  const type = FS_TYPES[fsname]
  if (!type) return -E.ENODEV
  const fd = lowestFreeFd(k, t)
  if (fd < 0) return fd
  const f = allocFile(k, t, { flags: 2 /* O_RDWR */, pos: 0, kind: 'fsctx', obj: 0, path: 'anon_inode:[fscontext]' })
  if (typeof f === 'number') return f
  const before = (v: string) => compareRelease(k, v) < 0
  f.fsctx = { fstype: fsname, legacy: type.legacy(before), size: 0, log: [] }
  fdInstall(k, t, fd, f.id, (flags & FSOPEN_CLOEXEC) !== 0)
  return fd
}

/** fsconfig(2): the parameter commands; a context's errors go to its log (read(2) on the fd). */
export function sysFsconfig(k: Kernel, kpid: Kpid, fd: number, cmd: number, key: string | null, value: string | null, aux: number): number {
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  if (f.kind !== 'fsctx' || !f.fsctx) return -E.EINVAL
  switch (cmd) {
    case FSCONFIG_SET_FLAG:
      if (!key || value !== null || aux !== 0) return -E.EINVAL
      return parseParam(k, kpid, id, key, undefined)
    case FSCONFIG_SET_STRING:
      if (!key || typeof value !== 'string' || aux !== 0) return -E.EINVAL
      return parseParam(k, kpid, id, key, value)
    case FSCONFIG_CMD_CREATE:
      return invalf(k, id, `VFS: ${f.fsctx.fstype}: creating a superblock through fsconfig() is not simulated (use mount(2))`)
    default:
      return -E.EOPNOTSUPP
  }
}

/** vfs_parse_fs_param(): a filesystem's own parser, or legacy_parse_param() for an unconverted one. */
function parseParam(k: Kernel, kpid: Kpid, id: number, key: string, value: string | undefined): number {
  const ctx = k.file(id)!.fsctx!
  // SIMPLIFICATION: a converted filesystem's own parser (fs_parse) knows no parameters here: each is unknown.
  if (!ctx.legacy) return invalf(k, id, `${ctx.fstype}: Unknown parameter '${key}'`)
  if (key === 'source') {
    if (ctx.source !== undefined) return invalf(k, id, 'VFS: Legacy: Multiple sources')
    setCtx(k, id, { ...ctx, source: value ?? '' })
    return 0
  }
  // len counts the key, '=' and the value, but not the ',' written before them.
  const len = key.length + (value === undefined ? 0 : 1 + value.length)
  const tooLarge = kernelArmed(k, 'CVE-2022-0185')
    // The bug: "if (len > PAGE_SIZE - 2 - size)" with unsigned size_t: once size is PAGE_SIZE - 1,
    // PAGE_SIZE - 2 - size wraps to 2^64 - 1 and every length passes.
    ? len > unsignedLong(PAGE_SIZE - 2 - ctx.size)
    // The fix (722d94847de2): "if (size + len + 2 > PAGE_SIZE)".
    : ctx.size + len + 2 > PAGE_SIZE
  if (tooLarge) return invalf(k, id, 'VFS: Legacy: Cumulative options too large')
  if (key.includes(',') || value?.includes(',')) return invalf(k, id, `VFS: Legacy: Option '${key}' contained comma`)
  const text = ',' + key + (value === undefined ? '' : '=' + value)
  const start = ctx.size
  const size = start + text.length
  setCtx(k, id, { ...ctx, size })
  // legacy_data is one kmalloc(PAGE_SIZE) object: bytes past it (and the '\0' after them) land in its neighbour.
  if (size + 1 > PAGE_SIZE) return slabOverflow(k, kpid, (text + '\0').slice(Math.max(0, PAGE_SIZE - start)))
  return 0
}

/** size_t arithmetic: a negative difference wraps to a huge positive number. */
const unsignedLong = (n: number) => (n < 0 ? 2 ** 64 + n : n)

/** invalf(): log "e <message>" in the context (read from the fd) and fail with EINVAL. */
function invalf(k: Kernel, id: number, msg: string): number {
  const ctx = k.file(id)!.fsctx!
  setCtx(k, id, { ...ctx, log: [...ctx.log, `e ${msg}`] })
  return -E.EINVAL
}

function setCtx(k: Kernel, id: number, ctx: FsContext): void {
  k.mutFile(id).fsctx = ctx
}

/** read(2) on an fs context fd: its next log message, "e ..."/"w ..."/"i ..." (fscontext_read); ENODATA when none. */
export function fsctxRead(k: Kernel, id: number): string | number {
  const ctx = k.file(id)!.fsctx
  if (!ctx || ctx.log.length === 0) return -E.ENODATA
  const [first, ...rest] = ctx.log
  setCtx(k, id, { ...ctx, log: rest })
  return first!
}

function compareRelease(k: Kernel, v: string): number {
  return compareVersions(machineVersions(k).kernel, v)
}
