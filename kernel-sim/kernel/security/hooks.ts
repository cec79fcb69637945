// The LSM-style hooks the VFS, sockets and execve call (include/linux/lsm_hook_defs.h):
// each is one line at its call site and returns 0 or -errno.
import { AF_INET, CAP, E } from '../../abi/index.ts'
import { getattr, type VNode } from '../fs/vnode.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { capable } from './capable.ts'
import { lsmExec, lsmFile, openMask } from './lsm.ts'

const SOCK_RAW = 3

/** The file's own open check (file_operations.open: procfs ptrace checks), then security_file_open(): the LSM's path rules. */
export function securityFileOpen(k: Kernel, t: Task, r: { node: VNode; path: string }, flags: number): number {
  const check = r.node.kind === 'gen' ? r.node.node.open?.(t) ?? 0 : 0
  if (check) return check
  if (t.lsm === undefined) return 0
  return lsmFile(k, t, 'open', r.path, openMask(flags), getattr(k, r.node).uid)
}

/** security_path_mknod() for a file created by open(O_CREAT). */
export function securityPathCreate(k: Kernel, t: Task, dirPath: string, name: string): number {
  if (t.lsm === undefined) return 0
  return lsmFile(k, t, 'mknod', dirPath === '/' ? '/' + name : dirPath + '/' + name, 'c', t.cred.fsuid)
}

/** security_socket_create(): raw IP sockets need CAP_NET_RAW (raw(7)). */
export function securitySocketCreate(k: Kernel, t: Task, domain: number, type: number): number {
  if (domain === AF_INET && (type & 0xf) === SOCK_RAW && !capable(k, t, CAP.NET_RAW)) return -E.EPERM
  return 0
}

/** security_bprm_creds_for_exec(): the LSM's profile transition. */
export const securityExec = (k: Kernel, t: Task): number => (t.lsm?.onExec === undefined ? 0 : lsmExec(k, t))
