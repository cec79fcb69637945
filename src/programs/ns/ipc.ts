// ipcmk(1), ipcs(1), ipcrm(1) (util-linux): make, list and remove System V
// IPC objects. ipcs reads /proc/sysvipc/*, so it shows the caller's IPC
// namespace (ipc_namespaces(7)).
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../../kernel-sim/abi/index.ts'
import { getrandom, ipcRmid, msgget, out, semget, shmget, type Sys } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import { loadUserDb } from '../lib/users.ts'
import { readFile } from './nslib.ts'

const IPC_CREAT = 0o1000

function* randomKey(): Sys<number> {
  const b = yield* getrandom(4)
  let n = 0
  for (let i = 0; i < 4; i++) n = (n << 8) | (b.charCodeAt(i) & 255)
  return n >>> 0 || 1
}

export function* ipcmkMain(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, {
    short: 'M:QS:p:',
    long: [{ name: 'shmem', hasArg: 'required', val: 'M' }, { name: 'queue', hasArg: 'no', val: 'Q' }, { name: 'semaphore', hasArg: 'required', val: 'S' }, { name: 'mode', hasArg: 'required', val: 'p' }],
    usage: '\nUsage:\n ipcmk [options]\n\nCreate various IPC resources.\n\nOptions:\n -M, --shmem <size>       create shared memory segment of size <size>\n -S, --semaphore <number> create semaphore array with <number> elements\n -Q, --queue              create message queue\n -p, --mode <mode>        permission for the resource (default is 0644)\n',
  })
  if (typeof p === 'number') return p
  const mode = parseInt(lastArg(p, 'p') ?? '644', 8)
  let did = false
  const shm = lastArg(p, 'M')
  if (shm !== undefined) {
    const id = yield* shmget(yield* randomKey(), Number(shm), IPC_CREAT | mode)
    if (id < 0) return yield* fail('ipcmk', 'create share memory failed', id)
    yield* out(`Shared memory id: ${id}\n`)
    did = true
  }
  if (has(p, 'Q')) {
    const id = yield* msgget(yield* randomKey(), IPC_CREAT | mode)
    if (id < 0) return yield* fail('ipcmk', 'create message queue failed', id)
    yield* out(`Message queue id: ${id}\n`)
    did = true
  }
  const sem = lastArg(p, 'S')
  if (sem !== undefined) {
    const id = yield* semget(yield* randomKey(), Number(sem), IPC_CREAT | mode)
    if (id < 0) return yield* fail('ipcmk', 'create semaphore failed', id)
    yield* out(`Semaphore id: ${id}\n`)
    did = true
  }
  if (!did) {
    yield* warn('ipcmk', 'bad usage')
    yield* tryHelp('ipcmk')
    return 1
  }
  return 0
}

function* fail(prog: string, msg: string, errno: number) {
  yield* warn(prog, `${msg}: ${strerror(-errno)}`)
  return 1
}

const hex = (key: number) => '0x' + (key >>> 0).toString(16).padStart(8, '0')

function* rows(kind: string): Sys<string[][]> {
  const r = yield* readFile(`/proc/sysvipc/${kind}`)
  if (typeof r !== 'string') return []
  return r.split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/))
}

export function* ipcsMain(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, {
    short: 'qmsa',
    long: [{ name: 'queues', hasArg: 'no', val: 'q' }, { name: 'shmems', hasArg: 'no', val: 'm' }, { name: 'semaphores', hasArg: 'no', val: 's' }, { name: 'all', hasArg: 'no', val: 'a' }],
    usage: '\nUsage:\n ipcs [resource-option...] [output-option]\n\nShow information on IPC facilities.\n',
  })
  if (typeof p === 'number') return p
  const all = has(p, 'a') || !(has(p, 'q') || has(p, 'm') || has(p, 's'))
  const db = yield* loadUserDb()
  const owner = (uid: string) => db.passwd.find((u) => String(u.uid) === uid)?.name ?? uid
  // util-linux ipcs.c: "%-10s ..." headers and "0x%08x %-10d %-10.10s %-10o ..." rows, trailing blanks included.
  const c = (v: string | number, w: number) => String(v).slice(0, w).padEnd(w)
  let s = ''
  if (all || has(p, 'q')) {
    s += `\n------ Message Queues --------\n${c('key', 10)} ${c('msqid', 10)} ${c('owner', 10)} ${c('perms', 10)} ${c('used-bytes', 12)} ${c('messages', 12)}\n`
    for (const f of yield* rows('msg')) s += `${hex(Number(f[0]))} ${c(f[1]!, 10)} ${c(owner(f[7]!), 10)} ${c(f[2]!, 10)} ${c(f[3]!, 12)} ${c(f[4]!, 12)}\n`
    s += '\n'
  }
  if (all || has(p, 'm')) {
    s += `\n------ Shared Memory Segments --------\n${c('key', 10)} ${c('shmid', 10)} ${c('owner', 10)} ${c('perms', 10)} ${c('bytes', 10)} ${c('nattch', 10)} ${c('status', 12)}\n`
    for (const f of yield* rows('shm')) s += `${hex(Number(f[0]))} ${c(f[1]!, 10)} ${c(owner(f[7]!), 10)} ${c(f[2]!, 10)} ${c(f[3]!, 10)} ${c(f[6]!, 10)} ${c('', 6)} ${c('', 6)}\n`
    s += '\n'
  }
  if (all || has(p, 's')) {
    s += `\n------ Semaphore Arrays --------\n${c('key', 10)} ${c('semid', 10)} ${c('owner', 10)} ${c('perms', 10)} ${c('nsems', 10)}\n`
    for (const f of yield* rows('sem')) s += `${hex(Number(f[0]))} ${c(f[1]!, 10)} ${c(owner(f[4]!), 10)} ${c(f[2]!, 10)} ${c(f[3]!, 10)}\n`
    s += '\n'
  }
  yield* out(s)
  return 0
}

export function* ipcrmMain(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, {
    short: 'q:m:s:',
    long: [{ name: 'queue-id', hasArg: 'required', val: 'q' }, { name: 'shmem-id', hasArg: 'required', val: 'm' }, { name: 'semaphore-id', hasArg: 'required', val: 's' }],
    usage: '\nUsage:\n ipcrm [options]\n ipcrm shm|msg|sem <id>...\n\nRemove certain IPC resources.\n',
  })
  if (typeof p === 'number') return p
  let status = 0
  for (const o of p.opts) {
    const kind = o.opt === 'q' ? 'msg' : o.opt === 'm' ? 'shm' : 'sem'
    const id = Number(o.arg)
    const r = yield* ipcRmid(kind, id)
    if (r < 0) {
      yield* warn('ipcrm', r === -E.EINVAL ? `invalid id (${o.arg})` : r === -E.EPERM ? `permission denied for id (${o.arg})` : `${strerror(-r)} (${o.arg})`)
      status = 1
    }
  }
  if (p.opts.length === 0) {
    yield* warn('ipcrm', 'bad usage')
    yield* tryHelp('ipcrm')
    return 1
  }
  return status
}

