// vm list and vm stats: what the host sees of its VMs, and each VM's memory
// overhead as the sum of its parts (kernel-sim/hypervisor/memory-overhead.ts:
// VMM and EPT, guest kernel, units, drivers), next to the seed's "Total
// overhead: 250-800+ MB per VM". VMM-RSS is the host's view of the VMM process
// (guest RAM + virtual hardware); GUEST-USED is what the guest's `free` shows.
import { VM_HOST_MEMORY, VM_LIST, type VmInfo, type VmOverhead } from '../../../kernel-sim/abi/index.ts'
import { out, type Sys } from '../../libc/index.ts'
import { failure, kvm } from './kvm.ts'
import { fail, size } from './lifecycle.ts'

/** Columns two spaces apart, numbers right-aligned (as virsh and ps lay out tables). */
function table(rows: string[][], right: readonly boolean[]): string {
  const w: number[] = []
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)))
  return rows.map((r) => r.map((c, i) => (right[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd() + '\n').join('')
}

export const overheadOf = (o: VmOverhead) => o.virtualHardware + o.guestKernel + o.guestServices + o.virtualDrivers

/** 1:02:03 / 0:42: uptime as `ps -o etime` prints it (minutes:seconds, hours when needed). */
export function uptime(ns: number): string {
  const s = Math.floor(ns / 1e9)
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0')
  const ss = String(s % 60).padStart(2, '0')
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`
}

function* vms(fd: number): Sys<VmInfo[] | number> {
  const r = yield* kvm<VmInfo[]>(fd, VM_LIST, {})
  const why = failure(r)
  if (why || !Array.isArray(r)) return yield* fail(why ?? 'cannot list VMs')
  return r
}

export function* list(fd: number): Sys<number> {
  const r = yield* vms(fd)
  if (typeof r === 'number') return r
  const rows = [['NAME', 'STATE', 'VCPUS', 'MEMORY', 'IMAGE', 'PROFILE', 'UPTIME', 'VMM PID']]
  for (const v of r) {
    const live = v.vmmPid > 0
    rows.push([v.name, v.state, String(v.vcpus), size(v.memoryBytes), v.image, v.profile, live ? uptime(v.uptimeNs) : '-', live ? String(v.vmmPid) : '-'])
  }
  yield* out(table(rows, [false, false, true, true, false, false, true, true]))
  return 0
}

interface HostMem {
  total: number
  used: number
  free: number
}

export function* stats(fd: number): Sys<number> {
  const r = yield* vms(fd)
  if (typeof r === 'number') return r
  const rows = [['NAME', 'STATE', 'RAM', 'VMM-RSS', 'VIRT-HW', 'G-KERNEL', 'G-SERVICES', 'V-DRIVERS', 'OVERHEAD', 'GUEST-USED', 'EPT-DENIED']]
  let total = 0
  let rss = 0
  let live = 0
  for (const v of r) {
    const o = v.overhead
    const on = v.vmmPid > 0
    if (on) { total += overheadOf(o); rss += v.hostRssBytes; live++ }
    rows.push([v.name, v.state, size(v.memoryBytes), on ? size(v.hostRssBytes) : '-', size(o.virtualHardware), size(o.guestKernel),
      size(o.guestServices), size(o.virtualDrivers), size(overheadOf(o)), on ? size(v.guestUsedBytes) : '-', String(v.eptViolations)])
  }
  yield* out(table(rows, [false, false, true, true, true, true, true, true, true, true, true]))
  const m = (yield* kvm<HostMem>(fd, VM_HOST_MEMORY, {})) as HostMem
  yield* out(`\n${live} running VM${live === 1 ? '' : 's'}: VMM RSS ${size(rss)}, overhead ${size(total)} (the article: 250-800+ MB per VM)\n`)
  yield* out(`host memory: total ${size(m.total)}, used ${size(m.used)}, free ${size(m.free)}\n`)
  return 0
}

/** vm info NAME (virsh dominfo): one VM's settings, its VMM and where its RAM sits in host-physical memory. */
export function* info(fd: number, name: string): Sys<number> {
  const r = yield* vms(fd)
  if (typeof r === 'number') return r
  const v = r.find((x) => x.name === name)
  if (!v) return yield* fail(`VM '${name}' not found (see 'vm list')`)
  const live = v.vmmPid > 0
  const rows: [string, string][] = [
    ['Name', v.name], ['State', v.state], ['Image', v.image], ['Kernel', v.kernel ?? '(the image\'s)'], ['Profile', v.profile],
    ['vCPUs', String(v.vcpus)], ['Memory', size(v.memoryBytes)], ['VMM confinement', v.confine?.length ? v.confine.join(',') : 'none'],
    ['VMM PID', live ? String(v.vmmPid) : '-'],
    ['Host-physical RAM', live && v.ramHpa >= 0 ? `0x${v.ramHpa.toString(16)}-0x${(v.ramHpa + v.memoryBytes - 1).toString(16)}` : '-'],
  ]
  yield* out(rows.map(([k, x]) => `${(k + ':').padEnd(19)}${x}\n`).join(''))
  return 0
}

/** vm plan NAME: the boot's steps, what each costs and why (the work it stands for), adding up to the boot time. */
export function* plan(fd: number, name: string): Sys<number> {
  const r = yield* vms(fd)
  if (typeof r === 'number') return r
  const v = r.find((x) => x.name === name)
  if (!v) return yield* fail(`VM '${name}' not found (see 'vm list')`)
  const steps = v.bootPlan ?? []
  const ms = (ns: number) => (ns / 1e6).toFixed(1)
  const rows = [['STAGE', 'STEP', 'MS', 'WORK']]
  let total = 0
  for (const s of steps) {
    rows.push([s.stage, s.name === s.stage ? '-' : s.name, ms(s.ns), s.why])
    total += s.ns
  }
  yield* out(table(rows, [false, false, true, false]))
  yield* out(`total: ${ms(total)} ms (${v.profile}, firmware ${v.firmware ?? (v.profile === 'microvm' ? 'none' : 'seabios')}${v.cmdline !== undefined ? `, cmdline "${v.cmdline}"` : ''})\n`)
  return 0
}
