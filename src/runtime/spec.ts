// `docker run` options → the container's spec (what the CLI sends to dockerd,
// what the shim turns into namespaces, a cgroup, mounts and credentials).
// Validation follows the docker run reference (§7 of linux-semantics.md):
// values the CLI rejects give "invalid argument ... flag" (status 125); values
// the daemon rejects give "Error response from daemon: ..." (also 125).
import { CAPS } from '../../kernel-sim/abi/capability.ts'
import { flagBool, flagList, flagStr, parseFlags, ramInBytes, type FlagDef } from './flags.ts'

export interface Ulimit { name: string; soft: number; hard: number }
/** -p [IP:]HOST:CONTAINER[/PROTO]; hostIp only when given (0.0.0.0, every address, otherwise). */
export interface PortMap { hostPort: number; containerPort: number; proto: string; hostIp?: string }

/** The address a publication listens on. */
export const hostIpOf = (p: PortMap) => p.hostIp ?? '0.0.0.0'
export interface BindMount { source: string; target: string; readOnly: boolean }

export interface ContainerSpec {
  image: string
  cmd: string[]
  /** Set when the user gave a command (else the image's CMD is used). */
  userCmd: boolean
  entrypoint?: string[]
  name: string
  hostname: string
  env: string[]
  workdir: string
  user: string
  /** --group-add: more supplementary groups (names or gids). */
  groupAdd?: string[]
  detach: boolean
  interactive: boolean
  tty: boolean
  autoRemove: boolean
  memory: number
  memorySwap: number
  cpus: number
  cpuShares: number
  pidsLimit: number
  ulimits: Ulimit[]
  capAdd: string[]
  capDrop: string[]
  seccomp: string
  /** The profile file's text for seccomp=FILE (the CLI reads it, as docker's does). */
  seccompJson?: string
  apparmor: string
  noNewPrivileges: boolean
  privileged: boolean
  pidMode: string
  networkMode: string
  /** --ip and --network-alias for the network of --network (networks-daemon.ts). */
  ip?: string
  networkAliases?: string[]
  userns: string
  /** --cgroupns: 'private' (the default with cgroup v2: the container's cgroup is its /sys/fs/cgroup) or 'host'. */
  cgroupns: string
  readOnly: boolean
  /** --runtime: the OCI runtime dockerd starts the container with ('' is the default, runc). */
  runtime?: string
  ports: PortMap[]
  binds: BindMount[]
  timeline: boolean
}

export const RUN_FLAGS: FlagDef[] = [
  { long: 'detach', short: 'd', kind: 'bool' }, { long: 'interactive', short: 'i', kind: 'bool' },
  { long: 'tty', short: 't', kind: 'bool' }, { long: 'rm', kind: 'bool' }, { long: 'name', kind: 'string' },
  { long: 'hostname', short: 'h', kind: 'string' }, { long: 'env', short: 'e', kind: 'list' },
  { long: 'publish', short: 'p', kind: 'list' }, { long: 'volume', short: 'v', kind: 'list' },
  { long: 'memory', short: 'm', kind: 'string' }, { long: 'memory-swap', kind: 'string' },
  { long: 'cpus', kind: 'string' }, { long: 'cpu-shares', short: 'c', kind: 'string' },
  { long: 'pids-limit', kind: 'string' }, { long: 'ulimit', kind: 'list' }, { long: 'cap-add', kind: 'list' },
  { long: 'cap-drop', kind: 'list' }, { long: 'security-opt', kind: 'list' }, { long: 'privileged', kind: 'bool' },
  { long: 'pid', kind: 'string' }, { long: 'network', kind: 'string' }, { long: 'net', kind: 'string' },
  { long: 'ip', kind: 'string' }, { long: 'network-alias', kind: 'list' }, { long: 'net-alias', kind: 'list' },
  { long: 'userns', kind: 'string' }, { long: 'runtime', kind: 'string' }, { long: 'cgroupns', kind: 'string' }, { long: 'read-only', kind: 'bool' }, { long: 'workdir', short: 'w', kind: 'string' },
  { long: 'user', short: 'u', kind: 'string' }, { long: 'group-add', kind: 'list' }, { long: 'entrypoint', kind: 'string' },
  // isolab extension: print the runtime's start-up steps with their virtual durations.
  { long: 'timeline', kind: 'bool' }, { long: 'help', kind: 'bool' },
]

const ULIMITS = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']

/** Normalizes a capability name ("net_admin", "CAP_NET_ADMIN" → "CAP_NET_ADMIN"); "ALL" stays. */
export function normalizeCap(c: string): string | undefined {
  const u = c.toUpperCase()
  if (u === 'ALL') return 'ALL'
  const bare = u.startsWith('CAP_') ? u.slice(4) : u
  return (CAPS as readonly string[]).includes(bare) ? 'CAP_' + bare : undefined
}

/** CLI-side parse: a spec, or an error line (printed before "See 'docker run --help'."). */
export function parseRun(argv: readonly string[], envp: readonly string[]): { spec: ContainerSpec } | { error: string; daemon?: boolean; docker?: boolean } {
  const p = parseFlags(argv, RUN_FLAGS)
  if ('error' in p) return { error: p.error }
  if (p.operands.length === 0) return { error: '"docker run" requires at least 1 argument.' }
  const bad = (v: string, flag: string, why: string) => ({ error: `invalid argument "${v}" for "${flag}" flag: ${why}` })
  const size = (f: string, label: string): number | { error: string } => {
    const v = flagStr(p, f)
    if (v === undefined) return 0
    if (f === 'memory-swap' && v === '-1') return -1
    const n = ramInBytes(v)
    return n === undefined ? bad(v, label, `invalid size: '${v}'`) : n
  }
  const memory = size('memory', '-m, --memory')
  if (typeof memory !== 'number') return memory
  const memorySwap = size('memory-swap', '--memory-swap')
  if (typeof memorySwap !== 'number') return memorySwap
  const cpusS = flagStr(p, 'cpus') ?? '0'
  if (!/^\d*\.?\d+$/.test(cpusS)) return bad(cpusS, '--cpus', `failed to parse ${cpusS} as a rational number`)
  const intFlag = (f: string, label: string): number | { error: string } => {
    const v = flagStr(p, f)
    if (v === undefined) return 0
    return /^-?\d+$/.test(v) ? Number(v) : bad(v, label, `strconv.ParseInt: parsing "${v}": invalid syntax`)
  }
  const cpuShares = intFlag('cpu-shares', '-c, --cpu-shares')
  if (typeof cpuShares !== 'number') return cpuShares
  const pidsLimit = intFlag('pids-limit', '--pids-limit')
  if (typeof pidsLimit !== 'number') return pidsLimit
  const ulimits: Ulimit[] = []
  for (const u of flagList(p, 'ulimit')) {
    const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(u)
    if (!m) return bad(u, '--ulimit', `invalid ulimit argument: ${u}`)
    if (!ULIMITS.includes(m[1]!)) return bad(u, '--ulimit', `invalid ulimit type: ${m[1]}`)
    const soft = Number(m[2]), hard = m[3] === undefined ? soft : Number(m[3])
    if (soft > hard) return bad(u, '--ulimit', `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`)
    ulimits.push({ name: m[1]!, soft, hard })
  }
  const ports: PortMap[] = []
  for (const s of flagList(p, 'publish')) {
    const m = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(s)
    if (!m) return bad(s, '-p, --publish', `invalid publish opts format (should be name=value but got '${s}')`)
    // go-connections nat.ParsePortSpec: the container port first, then the host port, each a
    // 16-bit number (strconv.ParseUint(port, 10, 16)); reported by docker/cli's reportError.
    if (Number(m[3]) > 65535) return { error: `invalid containerPort: ${m[3]}`, docker: true }
    if (Number(m[2]) > 65535) return { error: `invalid hostPort: ${m[2]}`, docker: true }
    const pm: PortMap = { hostPort: Number(m[2]), containerPort: Number(m[3]), proto: m[4] ?? 'tcp' }
    if (m[1]) pm.hostIp = m[1]
    ports.push(pm)
  }
  const binds: BindMount[] = []
  for (const v of flagList(p, 'volume')) {
    const parts = v.split(':')
    if (parts.length < 2 || parts.length > 3 || !parts[1]!.startsWith('/')) return { error: `invalid spec: ${v}: invalid volume specification: '${v}'`, daemon: true }
    binds.push({ source: parts[0]!, target: parts[1]!, readOnly: parts[2] === 'ro' })
  }
  let seccomp = 'builtin', apparmor = 'docker-default', noNewPrivileges = false
  for (const o of flagList(p, 'security-opt')) {
    const [k, val] = o.includes('=') ? [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)] : [o, 'true']
    if (k === 'seccomp') seccomp = val!
    else if (k === 'apparmor') apparmor = val!
    else if (k === 'no-new-privileges') noNewPrivileges = val === 'true'
    else if (k !== 'label') return { error: `invalid --security-opt 2: "${o}"`, daemon: true }
  }
  const cgroupns = flagStr(p, 'cgroupns') || 'private'
  // docker/cli opts.go parse(): reported as "docker: --cgroupns: invalid CGROUP mode." (status 125)
  if (cgroupns !== 'private' && cgroupns !== 'host') return { error: '--cgroupns: invalid CGROUP mode', docker: true }
  const [image, ...cmd] = p.operands
  const envs: string[] = []
  for (const e of flagList(p, 'env')) {
    // docker/cli opts.ValidateEnv, the -e flag's validator: the name before '=' must not be empty.
    if (e.startsWith('=')) return bad(e, '-e, --env', `invalid environment variable: ${e}`)
    if (e.includes('=')) envs.push(e)
    else {
      const v = envp.find((x) => x.startsWith(e + '='))
      if (v) envs.push(v)
    }
  }
  const ep = flagStr(p, 'entrypoint')
  return {
    spec: {
      image: image!, cmd, userCmd: cmd.length > 0, entrypoint: ep === undefined ? undefined : ep ? [ep] : [],
      name: flagStr(p, 'name') ?? '', hostname: flagStr(p, 'hostname') ?? '', env: envs,
      workdir: flagStr(p, 'workdir') ?? '/', user: flagStr(p, 'user') ?? '', groupAdd: flagList(p, 'group-add'),
      detach: flagBool(p, 'detach'), interactive: flagBool(p, 'interactive'), tty: flagBool(p, 'tty'),
      autoRemove: flagBool(p, 'rm'), memory, memorySwap, cpus: Number(cpusS), cpuShares, pidsLimit, ulimits,
      capAdd: flagList(p, 'cap-add'), capDrop: flagList(p, 'cap-drop'), seccomp, apparmor, noNewPrivileges,
      privileged: flagBool(p, 'privileged'), pidMode: flagStr(p, 'pid') ?? '',
      networkMode: flagStr(p, 'network') ?? flagStr(p, 'net') ?? 'bridge', userns: flagStr(p, 'userns') ?? '', cgroupns,
      ip: flagStr(p, 'ip') ?? '', networkAliases: [...flagList(p, 'network-alias'), ...flagList(p, 'net-alias')],
      readOnly: flagBool(p, 'read-only'), runtime: flagStr(p, 'runtime') ?? '', ports, binds, timeline: flagBool(p, 'timeline'),
    },
  }
}

/** The OCI runtimes dockerd knows (moby's default runtimes: runc under both of its names). */
const RUNTIMES = ['runc', 'io.containerd.runc.v2']

/** Daemon-side validation ("docker: Error response from daemon: ..."): '' when fine. `cpus` is the host's CPU count. */
export function validateSpec(s: ContainerSpec, networks: readonly string[], cpus: number): string {
  // moby daemon/runtime_unix.go getRuntime, checked at create: no container is made.
  if (s.runtime && !RUNTIMES.includes(s.runtime)) return `unknown or invalid runtime name: ${s.runtime}`
  // moby daemon/daemon_unix.go verifyPlatformContainerResources: NanoCPUs within the host's CPUs.
  if (s.cpus > cpus) return `range of CPUs is from 0.01 to ${cpus}.00, as there are only ${cpus} CPUs available`
  // moby daemon/container.go validatePortBindings: a container port is 1-65535 (nat.Port.Num() == 0 is refused).
  for (const p of s.ports) if (p.containerPort === 0) return `invalid port specification: "0/${p.proto}"`
  // moby volume/mounts linux_parser.go: ParseMountRaw wraps validateMountConfigImpl's linuxValidateNotRoot.
  for (const b of s.binds) {
    if (b.target.replace(/\/+$/, '') === '') {
      const spec = `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`
      return `invalid volume specification: '${spec}': invalid mount config for type "${b.source.startsWith('/') ? 'bind' : 'volume'}": invalid specification: destination can't be '/'`
    }
  }
  if (s.memory > 0 && s.memory < 6 * 2 ** 20) return 'Minimum memory limit allowed is 6MB'
  if (s.memorySwap > 0 && s.memory > 0 && s.memorySwap < s.memory) return 'Minimum memoryswap limit should be larger than memory limit, see usage'
  if (s.memorySwap > 0 && s.memory === 0) return 'You should always set the Memory limit when using Memoryswap limit, see usage'
  for (const c of [...s.capAdd, ...s.capDrop]) if (!normalizeCap(c)) return `invalid CapAdd: unknown capability: "${c.toUpperCase().startsWith('CAP_') ? c.toUpperCase() : 'CAP_' + c.toUpperCase()}"`
  if (s.pidMode && s.pidMode !== 'host' && !s.pidMode.startsWith('container:')) return `invalid PID mode: ${s.pidMode}`
  if (s.userns && s.userns !== 'host') return `invalid USER mode: ${s.userns}`
  if (!networks.includes(s.networkMode)) return `network ${s.networkMode} not found`
  if (s.name && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(s.name)) return `Invalid container name (${s.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`
  return ''
}

export function isParsed(r: ReturnType<typeof parseRun>): r is { spec: ContainerSpec } {
  return 'spec' in r
}
