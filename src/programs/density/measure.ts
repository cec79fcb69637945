// The parts `density` packs with, taken from this machine: a probe container
// is started and what it costs is read from the kernel (the host's
// MemAvailable and task count before and after, its cgroup's memory.current
// and memory.stat), and a VM's parts come from the hypervisor's own model
// (the figures `vm stats` shows for a running VM).
import { O_RDONLY, type VmImage, type VmProfile } from '../../../kernel-sim/abi/index.ts'
import { defaultKernelBytes } from '../../../kernel-sim/index.ts'
import { bootConfigOf, kernelTextBytes, vmOverhead } from '../../../kernel-sim/hypervisor/index.ts'
import { close, dup2, fork, open, pipe2, readAll, wait4, type Sys } from '../../libc/index.ts'
import { execvp } from '../lib/exec.ts'
import { readFile } from '../lib/io.ts'
import { parseMeminfo } from '../lib/procfs.ts'
import type { ContainerParts, HostParts, VmParts } from './pack.ts'

/** Runs a command; its stdout (stderr discarded) and exit status. */
export function* capture(argv: readonly string[], envp: readonly string[]): Sys<{ out: string; status: number }> {
  const p = yield* pipe2(0)
  if (typeof p === 'number') return { out: '', status: 1 }
  const pid = yield* fork(function* () {
    yield* dup2(p[1], 1)
    const nul = yield* open('/dev/null', O_RDONLY)
    if (nul >= 0) yield* dup2(nul, 2)
    yield* close(p[0])
    yield* close(p[1])
    yield* execvp(argv[0]!, argv, envp)
    return 127
  })
  yield* close(p[1])
  const out = yield* readAll(p[0])
  yield* close(p[0])
  const w = (yield* wait4(pid)) as { status: number } | number
  return { out: typeof out === 'string' ? out : '', status: typeof w === 'number' ? 1 : (w.status >> 8) & 0xff }
}

interface Snapshot {
  total: number
  available: number
  cached: number
  /** Slab + KernelStack: the kernel objects (tasks, files, sockets, namespaces, cgroups, inodes). */
  kernel: number
  tasks: number
}

function* snapshot(): Sys<Snapshot | string> {
  const mi = yield* readFile('/proc/meminfo')
  const la = yield* readFile('/proc/loadavg')
  if (typeof mi === 'number' || typeof la === 'number') return 'cannot read /proc/meminfo or /proc/loadavg'
  const m = parseMeminfo(mi)
  const tasks = Number(/ \d+\/(\d+) /.exec(la)?.[1] ?? 0)
  const kb = (key: string) => (m.get(key) ?? 0) * 1024
  return { total: kb('MemTotal'), available: kb('MemAvailable'), cached: kb('Cached'), kernel: kb('Slab') + kb('KernelStack'), tasks }
}

/** The host's own use now (its processes and kernel objects, beyond its kernel), pid_max, and tasks. */
export function* measureHost(hostMemory: number): Sys<HostParts | string> {
  const s = yield* snapshot()
  if (typeof s === 'string') return s
  const pm = yield* readFile('/proc/sys/kernel/pid_max')
  const base = Math.max(0, s.total - s.available - defaultKernelBytes(s.total))
  return { memoryBytes: hostMemory, kernelBytes: defaultKernelBytes(hostMemory), baseBytes: base, pidMax: typeof pm === 'string' ? Number(pm) : 32768, tasksNow: s.tasks }
}

/** Starts one idle container (`alpine sleep`), reads what it costs, removes it. */
export function* measureContainer(envp: readonly string[]): Sys<ContainerParts | string> {
  // Pull first, so the image's layers are not counted as the container's.
  yield* capture(['docker', 'pull', 'alpine'], envp)
  const before = yield* snapshot()
  if (typeof before === 'string') return before
  const run = yield* capture(['docker', 'run', '-d', 'alpine', 'sleep', '3600'], envp)
  const id = run.out.trim().split('\n').at(-1) ?? ''
  if (run.status !== 0 || !/^[0-9a-f]{64}$/.test(id)) return `cannot start a probe container (docker run exited ${run.status})`
  const after = yield* snapshot()
  const stat = yield* readFile(`/sys/fs/cgroup/docker/${id}/memory.stat`)
  yield* capture(['docker', 'rm', '-f', id], envp)
  if (typeof after === 'string') return after
  if (typeof stat === 'number') return `cannot read the probe container's memory.stat`
  const st = new Map([...stat.matchAll(/^(\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]))
  const total = before.available - after.available
  const cache = Math.max(0, after.cached - before.cached)
  // Its process's memory from its cgroup; every kernel object the start created (its and its shim's tasks,
  // files, sockets, namespaces, cgroup, overlay inodes) from the host's Slab and KernelStack.
  const process = st.get('anon') ?? 0
  const kernel = Math.max(st.get('kernel') ?? 0, after.kernel - before.kernel)
  return { process, kernel, cache, shim: Math.max(0, total - process - kernel - cache), tasks: Math.max(1, after.tasks - before.tasks) }
}

/** A VM's parts for a given RAM size, from the hypervisor's model (the same figures vm stats shows). */
export function vmParts(image: VmImage, profile: VmProfile, ram: number, kernelBytes?: number): VmParts {
  const cfg = bootConfigOf({ name: 'density', vcpus: 1, memoryBytes: ram, image, profile, ...(kernelBytes ? { kernelBytes } : {}) })
  const o = vmOverhead(cfg)
  return { ...o, kernelText: kernelTextBytes(cfg) }
}
