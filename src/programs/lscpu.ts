// lscpu(1) (util-linux 2.38): the CPU architecture from /proc/cpuinfo and
// /sys/devices/system/cpu, in its default tree of "name: value" lines. In a
// virtual machine the CPUID hypervisor bit (the "hypervisor" flag) adds
// "Hypervisor vendor: KVM" and "Virtualization type: full"; on the host, a
// CPU with VT-x (the "vmx" flag) shows "Virtualization: VT-x".
// SIMPLIFICATION: no CPUID is read, so the hypervisor vendor is KVM whenever
// the flag is set (isolab's hypervisor is KVM-like); no caches or NUMA section.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { close, getdents, open, out, type Sys } from '../libc/index.ts'
import { parseOpts } from './lib/cmd.ts'
import { readFile } from './lib/io.ts'
import { O_RDONLY } from '../../kernel-sim/abi/index.ts'

const USAGE = `
Usage:
 lscpu [options]

Display information about the CPU architecture.

Options:
 -h, --help          display this help
 -V, --version       display version

For more details see lscpu(1).`

/** "0-1" → "0,1" as lscpu prints short online lists. */
function cpuList(s: string): string {
  const out: number[] = []
  for (const part of s.trim().split(',')) {
    const [a, b] = part.split('-').map(Number)
    if (a === undefined || Number.isNaN(a)) continue
    for (let i = a; i <= (b ?? a); i++) out.push(i)
  }
  return out.length <= 2 ? out.join(',') : s.trim()
}

function* vulnerabilities(): Sys<[string, string][]> {
  const dir = '/sys/devices/system/cpu/vulnerabilities'
  const fd = yield* open(dir, O_RDONLY)
  if (fd < 0) return []
  const ents = yield* getdents(fd)
  yield* close(fd)
  if (typeof ents === 'number') return []
  const rows: [string, string][] = []
  for (const name of ents.map((e) => e.name).filter((n) => !n.startsWith('.')).sort()) {
    const v = yield* readFile(`${dir}/${name}`)
    // "spectre_v2" → "Spectre v2" (lscpu capitalises the file name and turns _ into a space)
    if (typeof v === 'string') rows.push([name[0]!.toUpperCase() + name.slice(1).replaceAll('_', ' '), v.trim()])
  }
  return rows
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', usage: USAGE.slice(1) })
  if (typeof p === 'number') return p
  const info = yield* readFile('/proc/cpuinfo')
  if (typeof info !== 'string') {
    yield* out('lscpu: cannot open /proc/cpuinfo: No such file or directory\n')
    return 1
  }
  const first = info.split('\n\n')[0] ?? ''
  const field = (k: string) => new RegExp(`^${k}\\s*: ?(.*)$`, 'm').exec(first)?.[1] ?? ''
  const ncpu = info.split('\n').filter((l) => /^processor\s*:/.test(l)).length
  const online = yield* readFile('/sys/devices/system/cpu/online')
  const flags = field('flags').split(' ')
  const coresPerSocket = Number(field('cpu cores')) || ncpu
  const threads = Math.max(1, Math.floor((Number(field('siblings')) || ncpu) / coresPerSocket))
  const rows: [number, string, string][] = [
    [0, 'Architecture', 'x86_64'],
    [1, 'CPU op-mode(s)', '32-bit, 64-bit'],
    [1, 'Address sizes', '46 bits physical, 48 bits virtual'],
    [1, 'Byte Order', 'Little Endian'],
    [0, 'CPU(s)', String(ncpu)],
    [1, 'On-line CPU(s) list', cpuList(typeof online === 'string' ? online : `0-${ncpu - 1}`)],
    [0, 'Vendor ID', field('vendor_id')],
    [1, 'Model name', field('model name')],
    [2, 'CPU family', field('cpu family')],
    [2, 'Model', field('model')],
    [2, 'Thread(s) per core', String(threads)],
    [2, 'Core(s) per socket', String(coresPerSocket)],
    [2, 'Socket(s)', String(Math.max(1, Math.round(ncpu / (coresPerSocket * threads))))],
    [2, 'Flags', flags.join(' ')],
  ]
  if (flags.includes('hypervisor')) {
    rows.push([0, 'Virtualization features', ''], [1, 'Hypervisor vendor', 'KVM'], [1, 'Virtualization type', 'full'])
  } else if (flags.includes('vmx') || flags.includes('svm')) {
    rows.push([0, 'Virtualization features', ''], [1, 'Virtualization', flags.includes('vmx') ? 'VT-x' : 'AMD-V'])
  }
  const vulns = yield* vulnerabilities()
  if (vulns.length) rows.push([0, 'Vulnerabilities', ''], ...vulns.map(([n, v]): [number, string, string] => [1, n, v]))
  const width = Math.max(...rows.map(([d, n]) => 2 * d + n.length + 1)) + 1
  yield* out(rows.map(([d, n, v]) => `${' '.repeat(2 * d)}${n}:`.padEnd(width) + v + '\n').join(''))
  return 0
}

/** util-linux's close_stdout at exit (lib/io.ts). */
export { main as lscpuMain }
