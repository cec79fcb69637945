// A heap overflow out of a kmalloc-4k object, and what it reaches. The
// kernel's only bug of this kind here is CVE-2022-0185 (fs/fs-context.ts).
//
// The public exploits (Crusaders of Rust, willsroot.io) groom the heap first:
// they spray System V messages (msgsnd(2)) sized so that each msg_msg lands
// in kmalloc-4k, so the object after the option buffer is one of theirs. The
// overflow then rewrites that msg_msg, and the corrupted object hands control
// to the attacker's chain, which runs in the kernel as the calling task:
//   commit_creds(prepare_kernel_cred(0))          — init's credentials: root, every capability, no LSM label
//   switch_task_namespaces(init_nsproxy)           — the initial mount, net, uts, ipc, cgroup namespaces
//   copy_fs_struct(init_fs)                       — init's root and cwd: the host's /
// Without a groomed neighbour the overflow corrupts an unrelated object and
// the kernel oopses (the task dies). Without the bug nothing overflows.
//
// SIMPLIFICATION: the KASLR leak, the msg_msg rewrite and the ROP gadgets are
// collapsed into one step: the chain is read, as text, from the overflowing
// bytes ("rop:" then gadgets separated by ';'), and the kernel performs the
// gadgets it names. Nothing else grants these effects.
import { SIG, type Kpid } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { INIT_INO, proxyGet, proxyPut } from '../ns/core.ts'
import { ipcOf } from '../ns/svipc.ts'
import { printk } from '../log.ts'
import { rootCred } from '../task/cred.ts'
import { sendSignal } from '../task/signal.ts'
import { reportExploited } from './exploit-report.ts'
import type { NsProxy } from '../state.ts'

/** A msg_msg (48-byte header + text) that kmalloc puts in the 4 KiB cache. */
const MSG_MSG_HEADER = 48
const inKmalloc4k = (text: string) => MSG_MSG_HEADER + text.length > 2048 && MSG_MSG_HEADER + text.length <= 4096

/** The gadgets a chain may name, and what each does to the current task. */
const GADGETS: Record<string, (k: Kernel, kpid: Kpid) => void> = {
  'commit_creds(prepare_kernel_cred(0))': (k, kpid) => {
    const t = k.taskOrOops(kpid)
    switchNs(k, kpid, { ...t.ns, user: INIT_INO.user }) // the user namespace lives in the credentials
    const w = k.mutTask(kpid)
    w.cred = rootCred()
    w.lsm = undefined // prepare_kernel_cred(0) copies init's security label: unconfined
  },
  'switch_task_namespaces(init_nsproxy)': (k, kpid) => {
    const t = k.taskOrOops(kpid)
    // init_nsproxy: every namespace initial; the task's own pid namespace (and user, in its cred) stay.
    switchNs(k, kpid, {
      ...t.ns, mnt: INIT_INO.mnt, net: INIT_INO.net, uts: INIT_INO.uts, ipc: INIT_INO.ipc, cgroup: INIT_INO.cgroup,
      pidChildren: INIT_INO.pid, time: INIT_INO.time, timeChildren: INIT_INO.time,
    })
  },
  'copy_fs_struct(init_fs)': (k, kpid) => {
    const w = k.mutTask(kpid)
    w.root = '/'
    w.cwd = '/'
    w.cwdIn = undefined
  },
}

function switchNs(k: Kernel, kpid: Kpid, ns: NsProxy): void {
  const t = k.taskOrOops(kpid)
  proxyGet(k, ns)
  proxyPut(k, t.ns)
  k.mutTask(kpid).ns = ns
}

/** `bytes` written past the end of a kmalloc-4k object by task `kpid`; returns the syscall's result. */
export function slabOverflow(k: Kernel, kpid: Kpid, bytes: string): number {
  const t = k.taskOrOops(kpid)
  const sprayed = (ipcOf(k, t.ns.ipc).objects ?? []).some((o) => o.kind === 'msg' && (o.messages ?? []).some(inKmalloc4k))
  const chain = /rop:([^\0]*)/.exec(bytes)?.[1]?.split(';').map((g) => g.replace(/\s+/g, '')).filter(Boolean) ?? []
  if (!sprayed || chain.length === 0 || chain.some((g) => !GADGETS[g])) return oops(k, kpid, sprayed)
  for (const g of chain) GADGETS[g]!(k, kpid)
  reportExploited(k, kpid, `kmalloc-4k heap overflow ran ${chain.join('; ')}`)
  return 0
}

/** The overflow hit an object nobody placed there: general protection fault, the task is killed. */
function oops(k: Kernel, kpid: Kpid, sprayed: boolean): number {
  const t = k.taskOrOops(kpid)
  printk(k, `general protection fault, probably for non-canonical address 0x${sprayed ? '6161616161616161' : 'dead000000000100'}: 0000 [#1] PREEMPT SMP NOPTI`)
  printk(k, `CPU: 0 PID: ${kpid} Comm: ${t.comm} Not tainted`)
  printk(k, 'RIP: 0010:legacy_parse_param+0x1c4/0x2a0')
  printk(k, '---[ end trace ]---')
  sendSignal(k, kpid, SIG.SIGKILL, true)
  return 0
}
