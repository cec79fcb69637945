// Privileged syscalls that exist mostly to be refused: kernel modules
// (CAP_SYS_MODULE), the clock (CAP_SYS_TIME), reboot and kexec (CAP_SYS_BOOT),
// bpf (CAP_BPF or CAP_SYS_ADMIN), the key-management calls and personality —
// the calls Docker's seccomp profile names — plus seccomp(2) itself.
import type { Kpid } from '../../abi/pid.ts'
import { CAP, CLOCK_REALTIME, E } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import { spec, type SyscallTable } from '../syscalls/spec.ts'
import { printk } from '../log.ts'
import type { Task } from '../state.ts'
import { mutSecurity, securityState } from './audit.ts'
import { capable } from './capable.ts'
import { sysSeccomp } from './seccomp.ts'

const COST_NS = 150
const task = (k: Kernel, kpid: Kpid) => k.taskOrOops(kpid)

/**
 * init_module(2): EPERM without CAP_SYS_MODULE, EEXIST if loaded. SIMPLIFICATION:
 * the image is the module's name; loading it only records it and taints the kernel.
 */
function loadModule(k: Kernel, t: Task, name: unknown): number {
  if (!capable(k, t, CAP.SYS_MODULE)) return -E.EPERM
  if (typeof name !== 'string' || !/^[\w-]{1,55}$/.test(name)) return -E.ENOEXEC
  const s = securityState(k)
  if (s.modules.includes(name)) return -E.EEXIST
  if (s.modules.length === 0) {
    printk(k, `${name}: loading out-of-tree module taints kernel.`)
    printk(k, `${name}: module verification failed: signature and/or required key missing - tainting kernel`)
  }
  mutSecurity(k).modules.push(name)
  return 0
}

function finitModule(k: Kernel, t: Task, fd: number): number {
  if (!capable(k, t, CAP.SYS_MODULE)) return -E.EPERM
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const base = k.file(id)!.path.split('/').pop() ?? ''
  return loadModule(k, t, base.replace(/\.ko$/, ''))
}

/** delete_module(2): EPERM without CAP_SYS_MODULE; ENOENT when not loaded. */
function deleteModule(k: Kernel, t: Task, name: unknown): number {
  if (!capable(k, t, CAP.SYS_MODULE)) return -E.EPERM
  const s = securityState(k)
  if (typeof name !== 'string' || !s.modules.includes(name)) return -E.ENOENT
  const w = mutSecurity(k)
  w.modules = w.modules.filter((m) => m !== name)
  return 0
}

/** clock_settime(2)/settimeofday(2) on CLOCK_REALTIME: EINVAL for other clocks or a bad time, EPERM without CAP_SYS_TIME. */
function setRealtime(k: Kernel, t: Task, clock: number, ns: unknown): number {
  if (clock !== CLOCK_REALTIME) return -E.EINVAL
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns < 0) return -E.EINVAL
  if (!capable(k, t, CAP.SYS_TIME)) return -E.EPERM
  k.mutCoarse().bootEpochNs = Math.round(ns) - k.s.nowNs
  return 0
}

// reboot(2) magic numbers and commands (include/uapi/linux/reboot.h).
const MAGIC1 = 0xfee1dead
const MAGIC2 = [672274793, 85072278, 369367448, 537993216]
const CMD: Record<number, string> = {
  0x89abcdef: 'cad_on', 0x00000000: 'cad_off', 0x01234567: 'reboot: Restarting system',
  0xcdef0123: 'reboot: System halted', 0x4321fedc: 'reboot: Power down',
}

/** reboot(2): EPERM without CAP_SYS_BOOT, then EINVAL for bad magic or command. Restart, halt and power-off stop the machine. */
function reboot(k: Kernel, t: Task, m1: number, m2: number, cmd: number): number {
  if (!capable(k, t, CAP.SYS_BOOT)) return -E.EPERM
  if (m1 >>> 0 !== MAGIC1 || !MAGIC2.includes(m2)) return -E.EINVAL
  const what = CMD[cmd >>> 0]
  if (what === undefined) return -E.EINVAL
  if (what === 'cad_on' || what === 'cad_off') return 0
  printk(k, what)
  k.panic(what.replace('reboot: ', ''))
  return 0
}

/** kexec_load(2): EPERM without CAP_SYS_BOOT. SIMPLIFICATION: no kernel images can be loaded (EINVAL). */
const kexecLoad = (k: Kernel, t: Task) => (capable(k, t, CAP.SYS_BOOT) ? -E.EINVAL : -E.EPERM)

/**
 * bpf(2): with kernel.unprivileged_bpf_disabled (2 on current distributions),
 * EPERM without CAP_BPF or CAP_SYS_ADMIN. SIMPLIFICATION: no BPF objects exist; privileged calls get EINVAL.
 */
const bpf = (k: Kernel, t: Task) => (capable(k, t, CAP.BPF) || capable(k, t, CAP.SYS_ADMIN) ? -E.EINVAL : -E.EPERM)

/** personality(2): PER_LINUX (0) is the only persona; 0xffffffff queries. SIMPLIFICATION: other personas are accepted but not stored. */
const personality = () => 0

/** SIMPLIFICATION: key retention (keyrings(7)) is not modelled: the calls behave as on a kernel built without CONFIG_KEYS. */
const noKeys = () => -E.ENOSYS

type SecuritySysName =
  | 'seccomp' | 'init_module' | 'finit_module' | 'delete_module' | 'settimeofday' | 'clock_settime'
  | 'reboot' | 'kexec_load' | 'bpf' | 'personality' | 'keyctl' | 'add_key' | 'request_key'

export const SECURITY_SYSCALLS: Pick<SyscallTable, SecuritySysName> = {
  seccomp: spec((k, p, a) => sysSeccomp(k, p, a[0] | 0, a[1] | 0, a[2]), 2000),
  init_module: spec((k, p, a) => loadModule(k, task(k, p), a[0]), 50_000),
  finit_module: spec((k, p, a) => finitModule(k, task(k, p), a[0]), 50_000),
  delete_module: spec((k, p, a) => deleteModule(k, task(k, p), a[0]), 20_000),
  settimeofday: spec((k, p, a) => setRealtime(k, task(k, p), CLOCK_REALTIME, a[0]), COST_NS),
  clock_settime: spec((k, p, a) => setRealtime(k, task(k, p), a[0], a[1]), COST_NS),
  reboot: spec((k, p, a) => reboot(k, task(k, p), a[0], a[1], a[2]), COST_NS),
  kexec_load: spec((k, p) => kexecLoad(k, task(k, p)), COST_NS),
  bpf: spec((k, p) => bpf(k, task(k, p)), COST_NS),
  personality: spec(() => personality(), COST_NS),
  keyctl: spec(noKeys, COST_NS),
  add_key: spec(noKeys, COST_NS),
  request_key: spec(noKeys, COST_NS),
}
