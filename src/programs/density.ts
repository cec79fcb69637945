// density: how many VMs, and how many containers, fit on a host of a given
// size, and what each approach loses to overhead. The seed: "VMs can run at
// 4-10 per server (32 GB RAM, each VM gets 3-8 GB)"; "Containers can run at
// 100-1000 per server (32 GB RAM, each container gets 10-100 MB)"; VM overhead
// 250-800+ MB each, container overhead "10-100 KB per container".
//
// The host is filled in a model, one workload at a time until the next does not
// fit: a VM costs its RAM plus the virtual hardware the VMM adds (its guest
// kernel, services and drivers live inside that RAM, taking from the
// application); a container costs its application's memory plus the kernel's
// namespace and cgroup metadata for it. Draws come from getrandom(2), so the
// same machine seed gives the same report. Start real VMs with `vm` to see the
// same figures on this host (`vm stats`).
import { VM_OVERHEAD_MB, type Program } from '../../kernel-sim/abi/index.ts'
import { getrandom, out } from '../libc/index.ts'
import { lastArg, parseOpts, tryHelp, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'
import { parseSize } from './vm.ts'

const MB = 2 ** 20
const GB = 2 ** 30
/** The host's own kernel and services before any workload (what `free` shows on a fresh host). */
const HOST_RESERVED = 1 * GB

const USAGE = `Usage: density [--host-memory SIZE]
Fill a host (default 32G) with VMs, then separately with containers, and
compare the counts and overhead with the seed's 4-10 VMs and 100-1000 containers.`

const LONG = [{ name: 'host-memory', hasArg: 'required', val: 'm' }] as const

/** Uniform draws in [lo, hi] from the kernel's seeded generator. */
function* draws(n: number): Generator<any, number[], unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const bytes = (yield* getrandom(n * 4)) as string
  const v: number[] = []
  for (let i = 0; i < n; i++) {
    let x = 0
    for (let j = 0; j < 4; j++) x = x * 256 + bytes.charCodeAt(i * 4 + j)
    v.push(x / 2 ** 32)
  }
  return v
}

const pick = (u: number, [lo, hi]: readonly [number, number]) => lo + u * (hi - lo)

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'm:', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const text = lastArg(p, 'm') ?? '32G'
  const host = parseSize(text)
  if (host === undefined || host <= HOST_RESERVED) {
    yield* warn('density', `invalid host memory '${text}' (e.g. 32G; more than 1G)`)
    yield* tryHelp('density')
    return 1
  }
  const budget = host - HOST_RESERVED
  // VMs: each gets 3-8 GB of RAM (the seed's range), the VMM adds virtual hardware on top.
  let vms = 0
  let vmUsed = 0
  let vmOverhead = 0
  const o = VM_OVERHEAD_MB.ubuntu
  for (;;) {
    const [ram, hw, kern, svc, drv] = yield* draws(5)
    const vmRam = Math.round(pick(ram!, [3, 8])) * GB
    const hwB = pick(hw!, o.virtualHardware) * MB
    if (vmUsed + vmRam + hwB > budget) break
    vms++
    vmUsed += vmRam + hwB
    vmOverhead += hwB + (pick(kern!, o.guestKernel) + pick(svc!, o.guestServices) + pick(drv!, o.virtualDrivers)) * MB
  }
  // Containers: each app gets 10-100 MB; the kernel keeps 10-100 KB of namespace + cgroup metadata for it.
  let cts = 0
  let ctUsed = 0
  let ctOverhead = 0
  for (;;) {
    const [app, meta] = yield* draws(2)
    const appB = pick(app!, [10, 100]) * MB
    const metaB = pick(meta!, [10, 100]) * 1024
    if (ctUsed + appB + metaB > budget) break
    cts++
    ctUsed += appB + metaB
    ctOverhead += metaB
  }
  const gb = (n: number) => `${(n / GB).toFixed(1)} GB`
  const mb = (n: number) => (n >= GB ? gb(n) : n >= MB ? `${(n / MB).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`)
  yield* out(`host: ${gb(host)} RAM, ${gb(HOST_RESERVED)} for the host itself, ${gb(budget)} for workloads\n\n`)
  yield* out(`            count  per workload      overhead total  overhead each  seed says\n`)
  yield* out(`VMs         ${String(vms).padStart(5)}  3-8 GB RAM        ${mb(vmOverhead).padStart(14)}  ${mb(vms ? vmOverhead / vms : 0).padStart(13)}  4-10 VMs, 250-800+ MB each\n`)
  yield* out(`containers  ${String(cts).padStart(5)}  10-100 MB app     ${mb(ctOverhead).padStart(14)}  ${mb(cts ? ctOverhead / cts : 0).padStart(13)}  100-1000 containers, 10-100 KB each\n`)
  yield* out(`\nEach VM boots its own kernel and services inside its RAM; containers share the host's one kernel.\n`)
  return 0
}

export const density: ProgramInfo = {
  name: 'density', path: '/usr/local/bin/density', description: 'how many VMs vs containers fit on a host, and their overhead (the seed\'s density claims)', main,
}
