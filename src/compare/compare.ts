// isolab compare CVE-ID: the same exploit, on fresh seeded machines, once per
// topology. Every machine has the same world: a secret in the host's /root, a
// victim container with its own secret, and (for the VM topologies) a second
// VM with a secret in its guest. The attacker plants a secret in its own
// sandbox, runs the exploit, and then a probe: it reads whatever secrets it
// can see, directly and through every /proc/PID/root. "Reached" is which
// secrets came back, not what the exploit claimed.
import { DEFAULT_VERSIONS, findVuln, type ComponentVersions, type VulnEntry } from '../../kernel-sim/index.ts'
import { Machine } from '../host/machine.ts'

export type Place = 'own' | 'containers' | 'host' | 'vms'
export const PLACES: readonly Place[] = ['own', 'containers', 'host', 'vms']
const PLACE_TEXT: Record<Place, string> = { own: 'own sandbox', containers: 'other containers', host: 'host', vms: 'other VMs' }

export interface Topology {
  id: string
  label: string
  /** The attacker runs in a guest: a second VM holds a secret. */
  vm?: 'full' | 'microvm'
  /** docker run options of the attacker's container (absent: no container, the attacker is the VM's user). */
  docker?: string
}

/** The seven topologies, in the order the article argues them. */
export const TOPOLOGIES: readonly Topology[] = [
  { id: 'container', label: 'container (default profile)', docker: '' },
  { id: 'unconfined', label: 'container, seccomp=unconfined', docker: '--security-opt seccomp=unconfined' },
  { id: 'privileged', label: 'privileged container', docker: '--privileged' },
  { id: 'userns', label: 'userns-remapped container', docker: '--userns-remap' },
  { id: 'vm', label: 'VM', vm: 'full' },
  { id: 'container-in-vm', label: 'container in a VM (seccomp=unconfined)', vm: 'full', docker: '--security-opt seccomp=unconfined' },
  { id: 'microvm', label: 'microVM', vm: 'microvm' },
]

export type Outcome = 'blocked' | 'contained' | 'escaped' | 'not modelled'

export interface Row {
  topology: string
  label: string
  outcome: Outcome
  reached: Record<Place, boolean>
  /** The defence that stopped it (the exploit's own diagnosis, or the boundary that contained it); '' when nothing did. */
  stoppedBy: string
}

export interface Comparison {
  cve: string
  versions: ComponentVersions
  seed: number
  rows: Row[]
}

/** Secrets are fixed per seed and place: nobody can print one without reading it. */
function secret(seed: number, place: string): string {
  let h = 2166136261 ^ seed
  for (const c of `${place}:${seed}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0
  return `SECRET-${place}-${h.toString(16).padStart(8, '0')}`
}

/** What the attacker runs after the exploit (as CMD on success, plainly on failure). */
const PROBE = 'cat /own-secret /victim-secret /root/host-secret /root/vm-secret 2>/dev/null; for d in /proc/[0-9]*; do cat $d/root/own-secret $d/root/victim-secret 2>/dev/null; done; true'

export function compare(cve: string, o: { seed?: number; versions?: Partial<ComponentVersions> } = {}): Comparison | string {
  const v = findVuln(cve)
  if (!v) return `compare: ${cve}: not in the catalogue (isolab vulns lists it)`
  const seed = o.seed ?? 1
  const versions = { ...DEFAULT_VERSIONS, ...demoVersions(v), ...o.versions }
  return { cve: v.id, versions, seed, rows: TOPOLOGIES.map((t) => runTopology(v, t, seed, versions)) }
}

/** Unless told otherwise, compare runs a version that has the bug: the comparison is about where it reaches. */
function demoVersions(v: VulnEntry): Partial<ComponentVersions> {
  if (!v.demoVersion || v.component === 'cpu') return {}
  return { [v.component]: v.demoVersion }
}

function runTopology(v: VulnEntry, t: Topology, seed: number, versions: ComponentVersions): Row {
  const s = (p: string) => secret(seed, p)
  // --userns-remap is the daemon's setting (daemon.json, read as dockerd starts): every container is remapped.
  const remap = t.docker === '--userns-remap'
  const m = new Machine({ seed, versions })
  const attack = `exploit ${v.id} -- sh -c "$PROBE" || sh -c "$PROBE"`
  const victim = (who: string) => `docker run -d --name victim alpine sh -c 'echo ${s(who)} > /victim-secret; sleep infinity' >/dev/null 2>&1`
  const inContainer = (opts: string) =>
    `docker run --rm ${opts} -e PROBE='${PROBE}' isolab/exploits sh -c 'echo ${s('own')} > /own-secret; ${attack}' 2>&1`
  // The environment the bug needs (CVE-2022-0492: a cgroup v1 hierarchy), on the host and in every guest.
  const env = v.demoSetup ? [v.demoSetup] : []
  const lines = [
    ...(remap ? [`mkdir -p /etc/docker && echo '{"userns-remap": "default"}' > /etc/docker/daemon.json`] : []),
    `echo ${s('host')} > /root/host-secret`, // /root is 0700: only host root reads it
    ...env,
    victim('victim'),
  ]
  if (t.vm) {
    const guestSetup = [`echo ${s('vm')} > /root/vm-secret`, ...env].join('; ')
    const profile = t.vm === 'microvm' ? ' --profile microvm' : ''
    lines.push(
      `vm create other${profile} >/dev/null && vm start -q other >/dev/null && vm exec other -- ${shq(guestSetup)}`,
      `vm create attacker${profile} >/dev/null && vm start -q attacker >/dev/null`,
      ...env.map((e) => `vm exec attacker -- ${shq(e)}`),
    )
    // In the guest: the attacker is an unprivileged user, or a container beside a victim container. A VMM
    // bug needs root in the guest (its precondition: port I/O), as does an exploit that needs uid 0 where it
    // runs (CVE-2022-0492: a container's root), so there the attacker is the guest's root.
    const user = v.component === 'qemu' || v.needsRoot ? '' : 'setpriv --reuid=1000 --regid=1000 --clear-groups '
    const guest = t.docker !== undefined
      ? `${victim('guest-victim')}; ${inContainer(t.docker)}`
      : `echo ${s('own')} > /own-secret; PROBE='${PROBE}' ${user}sh -c '${attack}' 2>&1`
    // vm exec joins its arguments into one command line for the guest's shell, as ssh does: quote once more.
    lines.push(`vm exec attacker -- ${shq(guest)}`)
  } else {
    lines.push(inContainer(remap ? '' : t.docker ?? ''))
  }
  const r = m.runScript(lines.join('\n'))
  const text = r.stdout + r.stderr
  const reached: Record<Place, boolean> = {
    own: text.includes(s('own')),
    containers: text.includes(s('victim')) || text.includes(s('guest-victim')),
    host: text.includes(s('host')),
    vms: text.includes(s('vm')),
  }
  const gained = text.includes(`[+] ${v.id}: gained`)
  // The exploit's failure line: "exploit: CVE-...: call(...): Error text (the defence)".
  const refused = new RegExp(`^exploit: ${v.id}: .*\\(([^()]*)\\)$`, 'm').exec(text)?.[1]
  const outcome: Outcome = !gained ? 'blocked' : reached.host ? 'escaped' : 'contained'
  const stoppedBy = outcome === 'blocked'
    ? refused ?? 'the exploit failed (see isolab sh)'
    : outcome === 'contained' ? 'the VM boundary: the bug was in the guest kernel, not the host\'s' : ''
  return { topology: t.id, label: t.label, outcome, reached, stoppedBy }
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** The table `isolab compare` prints. */
export function formatComparison(c: Comparison): string {
  const header = `${c.cve} on kernel ${c.versions.kernel}, runc ${c.versions.runc}, qemu ${c.versions.qemu} (seed ${c.seed})\n\n`
  const rows = [['TOPOLOGY', 'OUTCOME', 'REACHED', 'STOPPED BY']]
  for (const r of c.rows) {
    const reached = PLACES.filter((p) => r.reached[p]).map((p) => PLACE_TEXT[p]).join(', ')
    rows.push([r.label, r.outcome, reached || 'nothing', r.stoppedBy || '-'])
  }
  const w: number[] = []
  for (const row of rows) row.forEach((cell, i) => (w[i] = Math.max(w[i] ?? 0, cell.length)))
  return header + rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(w[i]! + 2))).join('') + '\n').join('')
}
