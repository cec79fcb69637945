// System V IPC ids per IPC namespace (svipc(7), ipc_namespaces(7)): message
// queues, semaphore sets and shared memory segments, each with a key, an id,
// an owner and a mode; listed in /proc/sysvipc/{msg,sem,shm} for ipcs(1).
// SIMPLIFICATION: objects carry sizes and message texts, not working semaphores or shared pages.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { INIT_INO, mutNs, nsKey, nsRec } from './core.ts'
import type { IpcObject, IpcTables } from './types.ts'
import { credUserns, showKid } from './user.ts'

const IPC_CREAT = 0o1000
const IPC_EXCL = 0o2000
const EMPTY: IpcTables = { objects: [], nextId: 0 }

export function ipcOf(k: Kernel, ns: number): IpcTables {
  return nsRec(k, ns)?.ipc ?? EMPTY
}

function mutIpc(k: Kernel, ns: number): IpcTables {
  if (ns === INIT_INO.ipc && !nsRec(k, ns)) k.putNsRecord(nsKey(ns), { ino: ns, type: 'ipc', refs: 1, owner: INIT_INO.user, creator: 0, ipc: { objects: [], nextId: 0 } })
  return mutNs(k, ns).ipc!
}

/** msgget/semget/shmget: key 0 (IPC_PRIVATE) always creates; EEXIST with IPC_CREAT|IPC_EXCL; ENOENT without IPC_CREAT. */
export function sysIpcGet(k: Kernel, kpid: Kpid, kind: IpcObject['kind'], key: number, flags: number, size: number): number {
  const t = k.taskOrOops(kpid)
  const ns = t.ns.ipc
  const tables = ipcOf(k, ns)
  if (key !== 0) {
    const found = tables.objects.find((o) => o.kind === kind && o.key === key)
    if (found) return flags & IPC_CREAT && flags & IPC_EXCL ? -E.EEXIST : found.id
    if (!(flags & IPC_CREAT)) return -E.ENOENT
  }
  if (kind === 'sem' && !(size > 0 && size <= 32000)) return -E.EINVAL
  const w = mutIpc(k, ns)
  // ids are seq * 32768 + index (ipc_buildid); one counter per namespace here.
  const id = w.nextId++ * 32768
  w.objects.push({ key, id, kind, owner: t.cred.euid, perms: flags & 0o777, size: kind === 'msg' ? 0 : size, ...(kind === 'msg' ? { messages: [] } : {}) })
  return id
}

export function sysIpcRmid(k: Kernel, kpid: Kpid, kind: IpcObject['kind'], id: number): number {
  const t = k.taskOrOops(kpid)
  const o = ipcOf(k, t.ns.ipc).objects.find((x) => x.kind === kind && x.id === id)
  if (!o) return -E.EINVAL
  if (t.cred.euid !== o.owner && t.cred.euid !== 0 && !t.cred.nsCaps) return -E.EPERM
  const w = mutIpc(k, t.ns.ipc)
  w.objects = w.objects.filter((x) => !(x.kind === kind && x.id === id))
  return 0
}

export function sysMsgsnd(k: Kernel, kpid: Kpid, id: number, text: string): number {
  const t = k.taskOrOops(kpid)
  const i = ipcOf(k, t.ns.ipc).objects.findIndex((x) => x.kind === 'msg' && x.id === id)
  if (i < 0) return -E.EINVAL
  const o = mutIpc(k, t.ns.ipc).objects[i]!
  o.messages = [...(o.messages ?? []), text]
  o.size += text.length
  return 0
}

/** /proc/sysvipc/{msg,sem,shm} (proc_sysvipc(5)), as the reader's user namespace shows owners. */
export function renderSysvipc(k: Kernel, viewer: Task, kind: IpcObject['kind']): string {
  const uns = credUserns(viewer.cred)
  const objs = ipcOf(k, viewer.ns.ipc).objects.filter((o) => o.kind === kind)
  const u = (x: number) => showKid(k, uns, x)
  const p = (n: number | string, w: number) => String(n).padStart(w)
  if (kind === 'msg') {
    return '       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n' +
      objs.map((o) => `${p(o.key, 10)} ${p(o.id, 10)} ${p(o.perms.toString(8), 5)} ${p(o.size, 11)} ${p(o.messages?.length ?? 0, 10)} ${p(0, 5)} ${p(0, 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(0, 10)} ${p(0, 10)} ${p(0, 10)}\n`).join('')
  }
  if (kind === 'sem') {
    return '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n' +
      objs.map((o) => `${p(o.key, 10)} ${p(o.id, 10)} ${p(o.perms.toString(8), 5)} ${p(o.size, 10)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(0, 10)} ${p(0, 10)}\n`).join('')
  }
  return '       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n' +
    objs.map((o) => `${p(o.key, 10)} ${p(o.id, 10)} ${p(o.perms.toString(8), 5)} ${p(o.size, 21)} ${p(0, 5)} ${p(0, 5)} ${p(0, 6)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(u(o.owner), 5)} ${p(0, 10)} ${p(0, 10)} ${p(0, 10)} ${p(0, 21)} ${p(0, 21)}\n`).join('')
}
