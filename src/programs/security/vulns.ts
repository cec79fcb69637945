// vulns: the vulnerability catalogue (kernel-sim/vulns/) checked against this
// machine, the way an administrator checks a host: the kernel's release from
// uname(2), runc's and QEMU's versions from their binaries, the CPU bugs from
// /sys/devices/system/cpu/vulnerabilities/, and the defences in force from
// /proc/sys, /proc/cmdline and the mounted filesystems.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { CATALOGUE, DEFAULT_VERSIONS, describeRange, findVuln, isAffected, type ComponentVersions, type DefenceId, type VulnEntry } from '../../../kernel-sim/index.ts'
import { err, out, uname, type Sys } from '../../libc/index.ts'
import { binaryVersion } from '../lib/binary-version.ts'
import { readFile } from '../lib/io.ts'

export interface MachineFacts {
  versions: ComponentVersions
  /** Defences in force host-wide (the per-container ones depend on how a container is run). */
  inForce: Set<DefenceId>
  /** /sys/devices/system/cpu/vulnerabilities/<bug> texts, by file name. */
  cpuBugs: Record<string, string>
}

/** The machine's versions and host-wide defences, read as a program reads them. */
export function* machineFacts(): Sys<MachineFacts> {
  const u = yield* uname()
  const versions: ComponentVersions = {
    ...DEFAULT_VERSIONS,
    kernel: u.release,
    runc: (yield* binaryVersion('/usr/bin/runc')) ?? 'absent',
    qemu: (yield* binaryVersion('/usr/bin/qemu-system-x86_64')) ?? 'absent',
  }
  const inForce = new Set<DefenceId>()
  const cmdline = yield* readFile('/proc/cmdline')
  versions.mitigations = typeof cmdline === 'string' && /(^|\s)mitigations=off(\s|$)/.test(cmdline) ? 'off' : 'auto'
  if (versions.mitigations === 'auto') inForce.add('mitigations')
  const maxUserns = yield* readFile('/proc/sys/user/max_user_namespaces')
  const clone = yield* readFile('/proc/sys/kernel/unprivileged_userns_clone')
  if ((typeof maxUserns === 'string' && maxUserns.trim() === '0') || (typeof clone === 'string' && clone.trim() === '0')) inForce.add('userns-sysctl')
  const mounts = yield* readFile('/proc/self/mounts')
  if (typeof mounts === 'string' && !/ cgroup /.test(mounts)) inForce.add('cgroup-v2')
  if (typeof (yield* readFile('/sys/kernel/security/apparmor/profiles')) === 'string') inForce.add('apparmor')
  if (typeof (yield* readFile('/proc/sys/kernel/seccomp/actions_avail')) === 'string') inForce.add('seccomp')
  const daemon = yield* readFile('/etc/docker/daemon.json')
  if (typeof daemon === 'string' && /"userns-remap"\s*:\s*"[^"]+"/.test(daemon)) inForce.add('userns-remap')
  const cpuBugs: Record<string, string> = {}
  for (const e of CATALOGUE) {
    if (!e.sysfs) continue
    const t = yield* readFile(`/sys/devices/system/cpu/vulnerabilities/${e.sysfs}`)
    if (typeof t === 'string') cpuBugs[e.sysfs] = t.trim()
  }
  return { versions, inForce, cpuBugs }
}

/** Whether this machine has the bug: by version, or for a CPU bug by the kernel's own verdict in sysfs. */
export function hasBug(e: VulnEntry, f: MachineFacts): boolean {
  if (e.sysfs && f.cpuBugs[e.sysfs] !== undefined) return f.cpuBugs[e.sysfs]!.startsWith('Vulnerable')
  return isAffected(e, f.versions)
}

const COMPONENT_LABEL: Record<VulnEntry['component'], string> = { kernel: 'kernel', runc: 'runc', qemu: 'qemu', cpu: 'cpu' }

function versionOf(e: VulnEntry, f: MachineFacts): string {
  if (e.component === 'cpu') return e.sysfs && f.cpuBugs[e.sysfs] !== undefined ? f.cpuBugs[e.sysfs]! : f.versions.cpu
  return f.versions[e.component]
}

function columns(rows: string[][]): string {
  const w: number[] = []
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]! + 2))).join('') + '\n').join('')
}

function detail(e: VulnEntry, f: MachineFacts): string {
  const armed = hasBug(e, f)
  const lines = [
    `${e.id}${e.name ? ` (${e.name})` : ''}`,
    `  component:     ${COMPONENT_LABEL[e.component]} ${versionOf(e, f)}: ${armed ? 'AFFECTED' : 'not affected'}`,
    ...(e.component === 'cpu' ? [`  CPU models:    ${(e.cpus ?? []).join(', ')}`] : e.ranges.map((r) => `  vulnerable:    ${describeRange(r)}`)),
    `  code path:     ${e.codePath}`,
    `  needs:         ${e.preconditions.join('; ')}`,
    `  gives:         ${e.effect}`,
    `  fix:           ${e.fix}`,
    `  stopped by:    ${e.stoppedBy.map((d) => `${d}${f.inForce.has(d) ? ' (in force here)' : ''}`).join(', ')}`,
    ...e.references.map((r, i) => `  ${i === 0 ? 'references:' : '           '}    ${r}`),
  ]
  return lines.join('\n') + '\n'
}

const USAGE = `Usage: vulns [--json] [CVE-ID...]
List the modelled vulnerabilities: the component each lives in, the versions
that had it, whether this machine has it, and the defences in force here.
With CVE-IDs, print those entries in full.
`

function* main(argv: readonly string[]): Program {
  const args = argv.slice(1)
  if (args.includes('-h') || args.includes('--help')) {
    yield* out(USAGE)
    return 0
  }
  const json = args.includes('--json')
  const ids = args.filter((a) => a !== '--json')
  const bad = ids.find((a) => a.startsWith('-'))
  if (bad) {
    yield* err(`vulns: unrecognized option '${bad}'\nTry 'vulns --help' for more information.\n`)
    return 2
  }
  const entries: VulnEntry[] = []
  for (const id of ids) {
    const e = findVuln(id)
    if (!e) {
      yield* err(`vulns: ${id}: not in the catalogue (vulns lists it)\n`)
      return 1
    }
    entries.push(e)
  }
  const f = yield* machineFacts()
  const shown = entries.length ? entries : [...CATALOGUE]
  if (json) {
    const data = shown.map((e) => ({ ...e, affected: hasBug(e, f), version: versionOf(e, f), inForce: e.stoppedBy.filter((d) => f.inForce.has(d)) }))
    yield* out(JSON.stringify({ versions: f.versions, defencesInForce: [...f.inForce].sort(), vulns: data }, null, 2) + '\n')
    return 0
  }
  if (entries.length) {
    yield* out(entries.map((e) => detail(e, f)).join('\n'))
    return 0
  }
  const rows = [['CVE', 'NAME', 'COMPONENT', 'THIS MACHINE', 'AFFECTED', 'VULNERABLE VERSIONS', 'DEFENCES IN FORCE HERE']]
  for (const e of shown) {
    const inForce = e.stoppedBy.filter((d) => d !== 'patched' && f.inForce.has(d))
    rows.push([
      e.id, e.name ?? '-', COMPONENT_LABEL[e.component], versionOf(e, f), hasBug(e, f) ? 'yes' : 'no',
      e.component === 'cpu' ? (e.cpus ?? []).join(',') : e.ranges.map(describeRange).join('; '),
      inForce.length ? inForce.join(', ') : '-',
    ])
  }
  const v = f.versions
  yield* out(`kernel ${v.kernel}, runc ${v.runc}, qemu ${v.qemu}, mitigations=${v.mitigations}\n\n`)
  yield* out(columns(rows))
  yield* out(`\nDefences: ${[...f.inForce].sort().join(', ') || 'none'} in force host-wide; seccomp and AppArmor apply to each container unless it runs with --privileged or unconfined (docker run --security-opt). 'vulns CVE-ID' explains one entry.\n`)
  return 0
}

export { main as vulnsMain }
