// System-wide /proc files: meminfo, loadavg, uptime, version, cpuinfo, stat,
// mounts, filesystems (proc(5), proc_meminfo(5), proc_loadavg(5)).
import { cpuState } from '../../cpu-bugs.ts'
import type { Kernel } from '../../kernel.ts'
import { memInfo } from '../../mm.ts'
import { procVersion } from '../../version.ts'

const kbLine = (label: string, bytes: number) => `${(label + ':').padEnd(16)}${String(Math.floor(bytes / 1024)).padStart(8)} kB\n`

export function renderMeminfo(k: Kernel): string {
  const m = memInfo(k)
  const rows: [string, number][] = [
    ['MemTotal', m.total], ['MemFree', m.free], ['MemAvailable', m.available], ['Buffers', 0],
    ['Cached', m.cached], ['SwapCached', 0], ['Active', m.anon], ['Inactive', m.cached],
    ['Active(anon)', m.anon], ['Inactive(anon)', m.shmem], ['Active(file)', 0], ['Inactive(file)', m.pageCache],
    ['Unevictable', 0], ['Mlocked', 0], ['SwapTotal', 0], ['SwapFree', 0], ['Dirty', 0], ['Writeback', 0],
    ['AnonPages', m.anon], ['Mapped', 0], ['Shmem', m.shmem], ['KReclaimable', 0], ['Slab', m.slab],
    ['SReclaimable', 0], ['SUnreclaim', m.slab], ['KernelStack', k.s.tasks.size * 16384],
    ['PageTables', k.s.tasks.size * 65536], ['CommitLimit', Math.floor(m.total / 2)], ['Committed_AS', m.used],
    ['VmallocTotal', 34359738367 * 1024], ['VmallocUsed', 0], ['VmallocChunk', 0],
  ]
  return rows.map(([l, v]) => kbLine(l, v)).join('')
}

export function renderLoadavg(k: Kernel): string {
  const [a, b, c] = k.coarse.loadavg
  let running = 0
  for (const t of k.s.tasks.values()) if (t.state === 'R') running++
  return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} ${running}/${k.s.tasks.size} ${k.s.counters.lastPid}\n`
}

export function renderUptime(k: Kernel): string {
  const up = k.s.nowNs / 1e9
  let busy = 0
  for (const t of k.s.tasks.values()) busy += (t.utimeNs + t.stimeNs) / 1e9
  const idle = Math.max(0, up * k.s.machine.cpus - busy)
  return `${up.toFixed(2)} ${idle.toFixed(2)}\n`
}

export const renderVersion = (k: Kernel) => procVersion(k) + '\n'

/** The machine's CPU model (its QEMU -cpu name, vulns/cpu-models.ts); "bugs" lists what the kernel flagged. */
export function renderCpuinfo(k: Kernel): string {
  const { cpu, smt, guest } = cpuState(k)
  const bugs = cpu.bugs.map((b) => (b === 'meltdown' ? 'cpu_meltdown' : b)).join(' ')
  const cores = smt ? Math.max(1, Math.floor(k.s.machine.cpus / cpu.threadsPerCore)) : k.s.machine.cpus
  let s = ''
  for (let i = 0; i < k.s.machine.cpus; i++) {
    s += `processor\t: ${i}\nvendor_id\t: ${cpu.vendor === 'amd' ? 'AuthenticAMD' : 'GenuineIntel'}\ncpu family\t: ${cpu.family}\nmodel\t\t: ${cpu.model}\nmodel name\t: ${cpu.modelName}\n`
    s += `cpu MHz\t\t: 3000.000\ncache size\t: 16384 KB\nphysical id\t: 0\nsiblings\t: ${k.s.machine.cpus}\ncore id\t\t: ${i % cores}\ncpu cores\t: ${cores}\n`
    s += `flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm ${guest ? 'hypervisor' : 'vmx'}\n`
    s += `bugs\t\t: ${bugs}\n\n`
  }
  return s
}

export function renderStat(k: Kernel): string {
  let user = 0
  let sys = 0
  let running = 0
  let blocked = 0
  for (const t of k.s.tasks.values()) {
    user += t.utimeNs
    sys += t.stimeNs
    if (t.state === 'R') running++
    if (t.state === 'D') blocked++
  }
  const ticks = (ns: number) => Math.floor(ns / 1e7)
  const idle = Math.max(0, ticks(k.s.nowNs * k.s.machine.cpus) - ticks(user) - ticks(sys))
  return [
    `cpu  ${ticks(user)} 0 ${ticks(sys)} ${idle} 0 0 0 0 0 0`,
    `btime ${Math.floor(k.coarse.bootEpochNs / 1e9)}`,
    `processes ${k.s.counters.forks}`,
    `procs_running ${running}`,
    `procs_blocked ${blocked}`,
  ].join('\n') + '\n'
}

export const renderFilesystems = () =>
  ['nodev\tsysfs', 'nodev\ttmpfs', 'nodev\tproc', 'nodev\tdevtmpfs', 'nodev\tdevpts', 'nodev\tcgroup2', '\text4', '\text2'].join('\n') + '\n'
