// Start-up steps and their virtual cost. The seed article: "runtime creates
// namespace and cgroup, runtime mounts filesystem, process starts. Typical
// time: 100-500 milliseconds." A step costs what its work costs: the
// syscalls it makes (the kernel already charges each its own small cost),
// plus what those syscalls stand for beyond the kernel's bookkeeping (a
// mount's superblock and propagation, a network namespace's set-up, a seccomp
// filter compiled by libseccomp), plus the fixed start-up of the process that
// does the step (dockerd's API request, the shim, the runc binary). So a
// bind mount, another image layer, a published port or a memory limit each
// make `docker run` slower by their share, and `time`, `--timeline` and
// `docker inspect` agree with the kernel's clock.
//
// Calibrated once: runc's part (cgroup, namespaces, mounts, security, execve
// and the runc binary itself) comes to about 35 ms for `alpine true`, against
// crun's README ("running sequentially 100 containers ... /bin/true": runc
// 3.34 s, i.e. about 33 ms each; crun 1.69 s); the whole `docker run` lands
// at about 0.3 s, inside the seed's 100-500 ms, most of it dockerd, the shim
// and the bridge network's plumbing.
import { CLOCK_MONOTONIC, type SyscallReq } from '../../kernel-sim/abi/index.ts'
import { clockGettime, nanosleep, type Sys } from '../libc/index.ts'

const MS = 1e6

/** Fixed start-up cost of the process doing each step (ms). */
export const STEP_BASE_MS: Record<string, number> = {
  // POST /containers/create: the docker CLI's request, config validation, name reservation, config.v2.json.
  'dockerd: create container (config, names, hosts files)': 60,
  // The graph driver's Create: the init layer (its work is the mkdir/mount syscalls counted below).
  'dockerd: prepare rootfs (overlay2 layers → merged)': 8,
  // containerd's task create: exec of containerd-shim-runc-v2, its ttrpc socket, the runc invocation.
  'containerd-shim: start shim': 80,
  // The runc binary: Go runtime start and its re-exec into `runc init` (nsexec).
  'runc: create cgroup and write limits': 10,
  // libnetwork: veth pair, moving one end into the sandbox, addresses and routes, the iptables rules.
  'libnetwork: veth pair, IPAM, iptables (bridge network)': 90,
  'runc: execve the container process': 1,
}

/** Extra cost per syscall (ms): what it stands for beyond the kernel's own per-call charge. */
const SYSCALL_MS: Partial<Record<string, number>> = {
  mount: 0.4, umount2: 0.2, pivot_root: 1, mknod: 0.05, symlink: 0.05, mkdir: 0.1, rmdir: 0.1,
  seccomp: 3, capset: 0.1, setgroups: 0.05, setresuid: 0.05, setresgid: 0.05, prctl: 0.02,
  open: 0.02, write: 0.02, read: 0.01, close: 0.005, execve: 1,
}
/** clone(2): per namespace created; a network namespace costs most (loopback, sysctls, netlink registration). */
const NS_MS = 1
const NETNS_MS = 6
const CLONE_NEW_FLAGS = [0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x00000080]
const CLONE_NEWNET = 0x40000000
/** mkdir under /sys/fs/cgroup: a cgroup and a css for each enabled controller. */
const CGROUP_MKDIR_MS = 1.5
/** Each port published with -p: its DNAT rules and a docker-proxy. */
export const PUBLISHED_PORT_MS = 15

/** The modelled cost of one syscall request (ms). */
export function syscallMs(req: SyscallReq): number {
  const a = req.args as readonly unknown[]
  if (req.nr === 'clone' || req.nr === 'unshare') {
    const flags = Number(a[0]) | 0
    let ms = CLONE_NEW_FLAGS.reduce((n, f) => n + ((flags & f) !== 0 ? NS_MS : 0), 0)
    if (flags & CLONE_NEWNET) ms += NETNS_MS
    return ms
  }
  if (req.nr === 'mkdir' && String(a[0]).startsWith('/sys/fs/cgroup/')) return CGROUP_MKDIR_MS
  return SYSCALL_MS[req.nr] ?? 0
}

export interface Step { name: string; ns: number }

/**
 * Runs one step: `work` does the real syscalls, each also charged its modelled
 * cost; the step's base cost and `extraMs` (work the syscalls do not show,
 * e.g. published ports) are added on top.
 */
export function step<T>(steps: Step[], name: string, work: () => Sys<T>, extraMs = 0): Sys<T> {
  return new StepRun(steps, name, work, (STEP_BASE_MS[name] ?? 0) + extraMs)
}

/**
 * A step as an iterator rather than a generator that pumps `work` and yields
 * each of its requests again: the work's own results are passed on as they
 * are (as `yield*` passes them), so the two hundred syscalls of a container's
 * start-up made inside steps allocate no second result each. In order: the
 * clock at the start, the work, the nanosleep of the modelled cost, the clock
 * at the end. (A throw or return from the caller ends the step where it is,
 * as it ended the generator, which did not pass them on to the work either.)
 */
class StepRun<T> implements Sys<T> {
  private phase = 0
  private sub: Sys<unknown> = clockGettime(CLOCK_MONOTONIC)
  private t0 = 0
  private result: T | undefined

  constructor(private readonly steps: Step[], private readonly name: string, private readonly work: () => Sys<T>, private modelled: number) {}

  next(answer?: unknown): IteratorResult<SyscallReq, T> {
    if (this.phase > 3) return { value: undefined as T, done: true }
    for (;;) {
      const r = this.sub.next(answer)
      if (!r.done) {
        if (this.phase === 1) this.modelled += syscallMs(r.value)
        return r
      }
      answer = undefined // the next part starts afresh
      switch (this.phase++) {
        case 0:
          this.t0 = r.value as number
          this.sub = this.work()
          break
        case 1:
          this.result = r.value as T
          this.sub = this.modelled > 0 ? nanosleep(Math.round(this.modelled * MS)) : DONE
          break
        case 2:
          this.sub = clockGettime(CLOCK_MONOTONIC)
          break
        case 3:
          this.steps.push({ name: this.name, ns: (r.value as number) - this.t0 })
          return { value: this.result as T, done: true }
      }
    }
  }

  return(v: T): IteratorResult<SyscallReq, T> {
    this.phase = 4
    this.sub = DONE
    return { value: v, done: true }
  }

  throw(e: unknown): IteratorResult<SyscallReq, T> {
    this.return(undefined as T)
    throw e
  }

  [Symbol.iterator](): Sys<T> {
    return this
  }
}

/** A part with nothing to do (no modelled cost to sleep), or the work of a step ended by return() or throw(). */
const DONE: Sys<unknown> = (function* () {})()

/** `--timeline` lines: offset, duration, step. */
export function formatTimeline(steps: readonly Step[]): string {
  let at = 0
  let s = ''
  for (const x of steps) {
    s += `timeline: ${(at / 1e6).toFixed(1).padStart(6)} ms  +${(x.ns / 1e6).toFixed(1).padStart(5)} ms  ${x.name}\n`
    at += x.ns
  }
  return s + `timeline: ${(at / 1e6).toFixed(1).padStart(6)} ms  total: container started\n`
}
