// vm create/start/stop/pause/resume/destroy: the lifecycle requests, plus
// starting the VMM process and showing the boot on the console.
import {
  VM_CONSOLE_READ, VM_DEFINE, VM_LIST, VM_PAUSE, VM_RESUME, VM_START, VM_STOP, VM_UNDEFINE,
  type VmImage, type VmInfo, type VmLifecycle, type VmProfile,
} from '../../../kernel-sim/abi/index.ts'
import { clone, err, out, wait4, type Sys } from '../../libc/index.ts'
import { failure, kvm } from './kvm.ts'
import { daemonize, type ConfinePlan } from './vmm.ts'

export const GiB = 2 ** 30
export const MiB = 2 ** 20

/** 2.0G, 512M. */
export function size(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(1)}G`
  return `${Math.round(n / MiB)}M`
}

/** 41.532s / 126ms: a boot time. */
export function seconds(ns: number): string {
  return ns < 1e9 ? `${Math.round(ns / 1e6)}ms` : `${(ns / 1e9).toFixed(3)}s`
}

export interface CreateOpts {
  vcpus: number
  memoryBytes: number
  image: VmImage
  profile: VmProfile
  firmware?: 'seabios' | 'none'
  cmdline?: string
  kernelBytes?: number
  units?: number
  diskBps?: number
  kernel?: string
  confine?: string[]
}

export function* create(fd: number, name: string, o: CreateOpts): Sys<number> {
  const r = yield* kvm<VmInfo>(fd, VM_DEFINE, { name, ...o })
  const why = failure(r)
  if (why) return yield* fail(why)
  const v = r as VmInfo
  yield* out(`VM '${name}' created: ${v.vcpus} vCPU${v.vcpus > 1 ? 's' : ''}, ${size(v.memoryBytes)} RAM, image ${v.image}, profile ${v.profile}\n`)
  return 0
}

export function* fail(message: string): Sys<number> {
  yield* err(`vm: ${message}\n`)
  return 1
}

interface StartReply {
  info: VmInfo
  binary: string
  argv: string[]
  confine?: ConfinePlan
}

/** Starts the VMM, streams the console until the boot ends, prints the boot time. */
export function* start(fd: number, name: string, envp: readonly string[], quiet: boolean): Sys<number> {
  const before = yield* kvm<{ next: number }>(fd, VM_CONSOLE_READ, { name, from: Infinity, whileBooting: true })
  let from = typeof before === 'object' && 'next' in before ? before.next : 0
  const r = yield* kvm<StartReply>(fd, VM_START, { name })
  const why = failure(r)
  if (why) return yield* fail(why)
  const { binary, argv, confine } = r as StartReply
  const pid = yield* clone(0, () => daemonize(name, binary, argv, envp, confine))
  if (pid < 0) return yield* fail(`cannot start the VMM: ${failure(pid)}`)
  let state: VmLifecycle = 'booting'
  for (;;) {
    const c = yield* kvm<{ data: string; next: number; state: VmLifecycle }>(fd, VM_CONSOLE_READ, { name, from, whileBooting: true })
    if (typeof c !== 'object' || 'error' in c) break
    if (c.data && !quiet) yield* out(c.data)
    from = c.next
    state = c.state
    if (!c.data && state !== 'booting') break
  }
  yield* wait4(pid, 1) // reap the daemonizing child if it already failed (WNOHANG)
  const info = yield* kvm<VmInfo[]>(fd, VM_LIST, { name }) // this VM only, as virsh reads back one domain
  const v = Array.isArray(info) ? info.find((x) => x.name === name) : undefined
  if (!v || v.state !== 'running') return yield* fail(`'${name}' did not boot: ${v?.crash || v?.state || 'gone'}`)
  yield* out(`VM '${name}' started in ${seconds(v.bootNs)} (virtual time)\n`)
  return 0
}

const SIMPLE = { stop: VM_STOP, pause: VM_PAUSE, resume: VM_RESUME, destroy: VM_UNDEFINE } as const
const DONE = { stop: 'stopped', pause: 'paused', resume: 'resumed', destroy: 'destroyed' } as const

export function* simple(fd: number, action: keyof typeof SIMPLE, name: string): Sys<number> {
  const r = yield* kvm<VmInfo>(fd, SIMPLE[action], { name })
  const why = failure(r)
  if (why) return yield* fail(why)
  yield* out(`VM '${name}' ${DONE[action]}\n`)
  return 0
}
