// dockerd: one process on the host, listening on /var/run/docker.sock. It
// keeps the container records in its memory (mirrored to config.v2.json under
// /var/lib/docker/containers/<id>/), unpacks pulled images, prepares each
// container's root filesystem and bundle, and starts one containerd-shim per
// container (double-forked, so the shim's parent is init, as on a Docker host).
// Requests are served one at a time; anything that has to wait (attach, stop)
// is handed to a child process that owns the client's connection.
import {
  AF_UNIX, CLOCK_REALTIME, F_SETFD, FD_CLOEXEC, O_RDONLY, SIG, SOCK_CLOEXEC, SOCK_STREAM, WNOHANG, strerror,
  type Program,
} from '../../kernel-sim/abi/index.ts'
import {
  accept, bind, clockGettime, close, dup2, execve, exit, fcntl, fork, getpid, getrandom, kill, listen, nanosleep, open,
  setsid, sigaction, sigtake, socket, stat, sysinfo, unlink, wait4, type Sys,
} from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'
import { type Bundle, bundlePath, CGROUP_PARENT, containerDir, SHIM_PATH, toJson } from './bundle.ts'
import { runcVersion } from './runc.ts'
import { isProfileError, parseDockerProfile, resolveDockerProfile } from './seccomp-profile.ts'
import { DOCKER_DEFAULT_SECCOMP } from './seccomp-default.ts'
import { containerCaps } from './caps.ts'
import { mkdirP, removeTree, unpackLayers, writeFile } from './fsutil.ts'
import { createLayer, mountContainerLayer, removeLayer } from './overlay2.ts'
import { inspectJson } from './views.ts'
import { statsOp } from './stats.ts'
import { execHelper, type ExecTarget } from './exec.ts'
import { setupBridge } from './network.ts'
import { PREDEFINED, type Network } from './networks.ts'
import { Ipam } from './ipam.ts'
import { attachOnCreate, bundleNet, DNS_ADDR, endpointsStarted, networkOp, releaseEndpoints } from './networks-daemon.ts'
import { knownRepository, normalizeRef, REGISTRY, type Image } from './images.ts'
import { ACTIVATING_CONN_ENV, DOCKER_SOCK, MsgReader, SD_LISTEN_FDS_START, send, tellDaemon, type Msg } from './protocol.ts'
import { validateSpec, type ContainerSpec } from './spec.ts'
import { step, type Step } from './steps.ts'
import { findContainer, randomName, type Container } from './store.ts'
import { rmdir } from '../libc/index.ts'
import { handleOp } from './ops/index.ts'

class Daemon {
  readonly containers = new Map<string, Container>()
  readonly images = new Map<string, Image>()
  readonly networks = new Map<string, Network>(PREDEFINED.map((n) => [n.name, { ...n }]))
  readonly dns = new Map<string, number>()
  readonly ipam = new Ipam();

  *hex(bytes: number): Sys<string> {
    const b = yield* getrandom(bytes)
    let s = ''
    for (let i = 0; i < b.length; i++) s += b.charCodeAt(i).toString(16).padStart(2, '0')
    return s
  }

  /** The container with this name (a scan without copying the table: a thousand containers). */
  named(name: string): Container | undefined {
    for (const x of this.containers.values()) if (x.name === name) return x
    return undefined
  }

  *save(c: Container): Sys<void> {
    yield* writeFile(`${containerDir(c.id)}/config.v2.json`, JSON.stringify({ ID: c.id, Name: '/' + c.name, State: c.status, Pid: c.pid, ExitCode: c.exitCode, OOMKilled: c.oomKilled }) + '\n', 0o600)
  }

  *handle(conn: number, m: Msg): Sys<boolean> {
    const op = String(m.op)
    const ref = String(m.ref ?? '')
    const reply = (r: Msg) => send(conn, r)
    const mine = yield* handleOp(this, conn, m) // ops/: container lifecycle, images, volumes, cp
    if (mine !== undefined) return mine
    if (op.startsWith('network.') || op === 'dns.query') return yield* networkOp(this, conn, m)
    switch (op) {
      case 'version':
      case 'info': {
        const si = yield* sysinfo()
        const running = [...this.containers.values()].filter((c) => c.status === 'running').length
        yield* reply({ t: 'ok', containers: this.containers.size, running, images: this.images.size, memTotal: si.totalram, security: yield* this.securityOptions(), runc: (yield* runcVersion()) ?? 'unknown' })
        return true
      }
      case 'image.inspect': {
        const key = normalizeRef(ref)
        const img = key === undefined ? undefined : this.images.get(key)
        yield* reply({ t: 'ok', found: img !== undefined, digest: img?.digest ?? '' })
        return true
      }
      case 'image.pull':
        yield* this.pull(conn, ref)
        return true
      case 'image.list':
        yield* reply({ t: 'ok', images: [...this.images.values()].map((i) => ({ repo: i.repo, tag: i.tag, id: i.id, created: i.created, size: i.size })) })
        return true
      case 'container.run':
        return yield* this.run(conn, m.spec as ContainerSpec, String(m.ttyPath ?? ''))
      case 'container.inspect': {
        const c = findContainer(this.containers.values(), ref)
        yield* reply(c ? { t: 'ok', json: inspectJson(c, this.imageOf(c)) } : { t: 'error', error: `No such object: ${ref}` })
        return true
      }
      case 'container.kill': {
        const c = findContainer(this.containers.values(), ref)
        if (!c) yield* reply({ t: 'error', error: `No such container: ${ref}` })
        else if (c.status !== 'running') yield* reply({ t: 'error', error: `Cannot kill container: ${ref}: container ${c.id} is not running` })
        else {
          yield* kill(c.pid, Number(m.sig ?? SIG.SIGKILL))
          yield* reply({ t: 'ok' })
        }
        return true
      }
      case 'container.stop':
      case 'container.rm': {
        const c = findContainer(this.containers.values(), ref)
        if (!c) {
          yield* reply({ t: 'error', error: `No such container: ${ref}` })
          return true
        }
        if (op === 'container.rm' && c.status === 'running' && !m.force) {
          yield* reply({ t: 'error', error: `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove` })
          return true
        }
        if (c.status !== 'running') {
          if (op === 'container.rm') yield* this.remove(c)
          yield* reply({ t: 'ok' })
          return true
        }
        // Waiting for the exit is a child's job: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after the grace period.
        const grace = op === 'container.rm' ? 0 : Number(m.time ?? 10)
        const stopSig = SIG[(this.imageOf(c)?.stopSignal ?? 'SIGTERM') as keyof typeof SIG] ?? SIG.SIGTERM
        yield* fork(() => stopper(conn, c.id, c.pid, grace, op === 'container.rm', stopSig))
        return true
      }
      case 'container.remove-now': {
        const c = findContainer(this.containers.values(), ref)
        if (c) yield* this.remove(c)
        yield* reply({ t: 'ok' })
        return true
      }
      case 'container.stats':
        return yield* statsOp(this.containers.values(), conn, m)
      case 'container.top': {
        const c = findContainer(this.containers.values(), ref)
        if (!c || c.status !== 'running') yield* reply({ t: 'error', error: c ? `container ${c.id} is not running` : `No such container: ${ref}` })
        else {
          const procs = yield* readFile(`${c.cgroup}/cgroup.procs`)
          yield* reply({ t: 'ok', pids: typeof procs === 'string' ? procs.split('\n').filter(Boolean).map(Number) : [c.pid] })
        }
        return true
      }
      case 'container.exec': {
        const c = findContainer(this.containers.values(), ref)
        if (!c) yield* reply({ t: 'error', error: `No such container: ${ref}` })
        else if (c.status !== 'running') yield* reply({ t: 'error', error: `container ${c.id} is not running` })
        else {
          const target: ExecTarget = { id: c.id, pid: c.pid, cgroup: c.cgroup, caps: c.caps, env: this.envOf(c), spec: c.spec, seccomp: c.seccomp }
          yield* fork(() => execHelper(conn, target, m))
        }
        return true
      }
      case 'shim.started':
      case 'shim.exited':
      case 'shim.failed':
        yield* this.shimEvent(m)
        yield* reply({ t: 'ok' })
        return true
      default:
        yield* reply({ t: 'error', error: `page not found (${op})` })
        return true
    }
  }

  /** The lowest free address of the default bridge (libnetwork IPAM; freed when a container stops). */
  allocIp(): string {
    return this.ipam.lowestFree(this, this.networks.get('bridge')!)
  }

  /**
   * The container's /etc/resolv.conf: the host's servers on the default bridge;
   * on a user-defined network the embedded DNS server, in the form Docker 25+ generates.
   */
  resolvConf(c: Container): string {
    const net = this.networks.get(c.endpoints?.[0]?.network ?? '')
    if (!net || net.predefined) return 'nameserver 8.8.8.8\n'
    return `# Generated by Docker Engine.
# This file can be edited; Docker Engine will not make further changes once it
# has been modified.

nameserver ${DNS_ADDR}
options ndots:0

# Based on host file: '/etc/resolv.conf' (internal resolver)
# ExtServers: [8.8.8.8]
# Overrides: []
# Option ndots from: internal
`
  }

  imageOf(c: Container): Image | undefined {
    return this.images.get(c.image)
  }

  envOf(c: Container): string[] {
    const img = this.imageOf(c)
    const env = [...(img?.env ?? []), `HOSTNAME=${c.hostname}`, ...c.spec.env]
    if (c.spec.tty) env.push('TERM=xterm')
    if (!env.some((e) => e.startsWith('HOME='))) env.push('HOME=/root')
    return env
  }

  *securityOptions(): Sys<string[]> {
    const opts: string[] = []
    const aa = yield* readFile('/sys/kernel/security/apparmor/profiles')
    if (typeof aa === 'string') opts.push('apparmor')
    const sc = yield* readFile('/proc/sys/kernel/seccomp/actions_avail')
    if (typeof sc === 'string') opts.push('seccomp\n   Profile: builtin')
    opts.push('cgroupns')
    return opts
  }

  *pull(conn: number, ref: string): Sys<void> {
    const key = normalizeRef(ref)
    const img = key ? REGISTRY[key] : undefined
    const repo = (key ?? ref).split(':')[0]!
    if (!img) {
      // The registry answers MANIFEST_UNKNOWN for a tag it lacks, and 401/404 for a repository it lacks.
      yield* send(conn, knownRepository(repo)
        ? { t: 'error', error: `manifest for ${key} not found: manifest unknown: manifest unknown` }
        : { t: 'error', error: `pull access denied for ${repo}, repository does not exist or may require 'docker login'` })
      return
    }
    yield* send(conn, { t: 'progress', line: `${img.tag}: Pulling from ${img.repo.includes('/') ? img.repo : `library/${img.repo}`}` })
    for (const [i, l] of img.layers.entries()) {
      const dir = `/var/lib/docker/overlay2/${l.digest}/diff`
      // A layer another tag or image already brought is not fetched again.
      if (typeof (yield* stat(dir)) !== 'number') {
        yield* send(conn, { t: 'progress', line: `${l.digest}: Already exists` })
        continue
      }
      yield* createLayer(l.digest, i > 0 ? img.layers[i - 1]!.digest : '', i > 0)
      yield* unpackLayers(dir, [l])
      yield* nanosleep(40_000_000) // SIMPLIFICATION: a fixed virtual download+extract time per layer
      yield* send(conn, { t: 'progress', line: `${l.digest}: Pull complete` })
    }
    this.images.set(key!, img)
    yield* send(conn, { t: 'progress', line: `Digest: ${img.digest}` })
    yield* send(conn, { t: 'ok', line: `Status: Downloaded newer image for ${key}` })
  }

  *run(conn: number, spec: ContainerSpec, ttyPath: string): Sys<boolean> {
    const bad = validateSpec(spec, [...this.networks.keys()])
    if (bad) {
      yield* send(conn, { t: 'error', error: bad, code: 125 })
      return true
    }
    const key = normalizeRef(spec.image)!
    const img = this.images.get(key)
    if (!img) {
      yield* send(conn, { t: 'error', error: `No such image: ${spec.image}`, code: 125 })
      return true
    }
    const steps: Step[] = []
    const now = yield* clockGettime(CLOCK_REALTIME)
    const c = yield* step(steps, 'dockerd: create container (config, names, hosts files)', () => this.create(spec, img, key, now))
    if (typeof c === 'string') {
      yield* send(conn, { t: 'error', error: c, code: 125 })
      return true
    }
    const r = yield* step(steps, 'dockerd: prepare rootfs (overlay2 layers → merged)', () => this.rootfs(c, img))
    if (r < 0) {
      yield* send(conn, { t: 'error', error: `failed to prepare rootfs: ${strerror(-r)}`, code: 125 })
      return true
    }
    const env = this.envOf(c)
    const bundle: Bundle = {
      id: c.id, name: c.name, rootfs: c.rootfs, cgroup: c.cgroup, hostname: c.hostname, argv: [c.path, ...c.args], env,
      caps: c.caps, logPath: `${containerDir(c.id)}/${c.id}-json.log`, spec, steps, ttyPath, seccomp: c.seccomp,
      ip: c.ip, hostNetFd: -1, ...bundleNet(this, c),
    }
    yield* writeFile(bundlePath(c.id), toJson(bundle), 0o600)
    yield* this.startShim(conn, c.id)
    return true
  }

  *create(spec: ContainerSpec, img: Image, key: string, now: number): Sys<Container | string> {
    const id = yield* this.hex(32)
    let name = spec.name
    if (name) {
      const other = this.named(name)
      if (other) return `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`
    } else {
      const b = yield* getrandom(2)
      name = randomName(b.charCodeAt(0), b.charCodeAt(1))
      while (this.named(name)) name += '_' + this.containers.size
    }
    const cmd = spec.userCmd ? spec.cmd : img.cmd
    const entry = spec.entrypoint ?? img.entrypoint
    const argv = [...entry, ...cmd]
    const caps = containerCaps(spec.privileged, spec.capAdd, spec.capDrop)
    const seccomp = seccompFilter(spec, caps)
    if (typeof seccomp === 'string') return seccomp
    const c: Container = {
      id, name, image: key, imageId: img.id, path: argv[0] ?? '', args: argv.slice(1), createdNs: now, status: 'created',
      pid: 0, exitCode: 0, oomKilled: false, error: '', startedNs: 0, finishedNs: 0, spec,
      hostname: spec.hostname || id.slice(0, 12), ip: '',
      rootfs: `/var/lib/docker/overlay2/${id}/merged`, cgroup: `${CGROUP_PARENT}/${id}`, caps: caps.toString(16), seccomp,
    }
    // libnetwork: an endpoint (and for bridge networks the lowest free address) on the chosen network.
    const netErr = yield* attachOnCreate(this, c, spec.networkMode)
    if (netErr) return netErr
    this.containers.set(id, c)
    yield* mkdirP(containerDir(id), 0o710)
    yield* this.save(c)
    return c
  }

  /** overlay2: the container's own layer over the image's, mounted at merged (overlay2.ts). */
  *rootfs(c: Container, img: Image): Sys<number> {
    const r = yield* mountContainerLayer(c.id, img.layers.at(-1)!.digest)
    if (r < 0) return r
    yield* writeFile(`${c.rootfs}/etc/hostname`, c.hostname + '\n')
    yield* writeFile(`${c.rootfs}/etc/hosts`, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${c.ip ? `${c.ip}\t${c.hostname}\n` : ''}`)
    yield* writeFile(`${c.rootfs}/etc/resolv.conf`, this.resolvConf(c))
    for (const b of c.spec.binds) yield* mkdirP(c.rootfs + b.target)
    return 0
  }

  /** Double fork: the shim is reparented to init; the client's connection becomes its fd 3. */
  *startShim(conn: number, id: string): Sys<void> {
    const mid = yield* fork(function* () {
      yield* setsid()
      yield* fork(function* () {
        yield* dup2(conn, 3)
        const devnull = yield* open('/dev/null', O_RDONLY)
        for (let fd = 0; fd < 3; fd++) yield* dup2(devnull, fd)
        yield* close(devnull)
        yield* execve(SHIM_PATH, [SHIM_PATH, '-namespace', 'moby', '-id', id, '-address', '/run/containerd/containerd.sock'], ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'])
        return 127
      })
      return 0
    })
    if (mid > 0) yield* wait4(mid)
  }

  *shimEvent(m: Msg): Sys<void> {
    const c = this.containers.get(String(m.id))
    if (!c) return
    const now = yield* clockGettime(CLOCK_REALTIME)
    if (m.op === 'shim.started') {
      c.status = 'running'
      c.pid = Number(m.pid)
      c.startedNs = now
      yield* endpointsStarted(this, c)
    } else {
      c.status = m.op === 'shim.failed' ? 'created' : 'exited'
      c.exitCode = Number(m.code ?? 0)
      c.oomKilled = !!m.oom
      c.error = String(m.error ?? '')
      c.pid = 0
      c.ip = ''
      yield* releaseEndpoints(this, c)
      c.finishedNs = now
      if (m.op === 'shim.failed') c.exitCode = Number(m.code ?? 125)
      if (c.spec.autoRemove || m.op === 'shim.failed' && c.spec.autoRemove) {
        yield* this.remove(c)
        return
      }
    }
    yield* this.save(c)
  }

  *remove(c: Container): Sys<void> {
    yield* removeLayer(c.id)
    yield* removeTree(containerDir(c.id))
    yield* rmdir(c.cgroup)
    for (const ep of c.endpoints ?? []) this.ipam.releasing(ep)
    this.containers.delete(c.id)
  }
}

/**
 * moby's setupSeccomp: the builtin default profile (or the one the client sent)
 * resolved for this container's capabilities; null with --privileged or
 * seccomp=unconfined; an error text for a profile that does not load.
 */
function seccompFilter(spec: ContainerSpec, caps: bigint): unknown {
  if (spec.privileged || spec.seccomp === 'unconfined') return null
  if (spec.seccomp === 'builtin') {
    // The builtin profile resolved for a capability set is the same every time: resolved once (frozen, so shared safely).
    let f = BUILTIN_BY_CAPS.get(caps)
    if (f === undefined) {
      if (BUILTIN_BY_CAPS.size >= 64) BUILTIN_BY_CAPS.clear()
      f = deepFreeze(resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, caps))
      BUILTIN_BY_CAPS.set(caps, f)
    }
    if (f && isProfileError(f as never)) return `Decoding seccomp profile failed: ${(f as { message: string }).message}`
    return f
  }
  let profile = DOCKER_DEFAULT_SECCOMP
  if (spec.seccomp !== 'builtin') {
    const p = parseDockerProfile(spec.seccompJson ?? '')
    if (isProfileError(p)) return `Decoding seccomp profile failed: ${p.message}`
    profile = p
  }
  const f = resolveDockerProfile(profile, caps)
  if (f && isProfileError(f)) return `Decoding seccomp profile failed: ${f.message}`
  return f
}

const BUILTIN_BY_CAPS = new Map<bigint, unknown>()

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

/** Waits for a container to stop (its stop signal, grace period, SIGKILL), then answers the client. */
function* stopper(conn: number, id: string, pid: number, grace: number, remove: boolean, stopSig: number): Program {
  yield* kill(pid, grace > 0 ? stopSig : SIG.SIGKILL)
  const running = function* (): Sys<boolean> {
    const r = yield* tellDaemon({ op: 'container.inspect', ref: id })
    return !!r && r.t === 'ok' && (r.json as { State: { Running: boolean } }).State.Running
  }
  for (let waited = 0; (yield* running()); waited += 100) {
    if (waited === grace * 1000) yield* kill(pid, SIG.SIGKILL)
    yield* nanosleep(100_000_000)
  }
  if (remove) yield* tellDaemon({ op: 'container.remove-now', ref: id })
  yield* send(conn, { t: 'ok' })
  return 0
}


/**
 * The listening socket: fd 3 when systemd-style activation passed it
 * (`dockerd -H fd://` with LISTEN_FDS=1 and LISTEN_PID = us, sd_listen_fds(3)),
 * otherwise one of our own bound to /var/run/docker.sock (dockerd run by hand).
 */
function* listenSocket(argv: readonly string[], envp: readonly string[]): Sys<number> {
  const env = (name: string) => envp.find((e) => e.startsWith(name + '='))?.slice(name.length + 1)
  const h = argv.indexOf('-H')
  if (h >= 0 && argv[h + 1] === 'fd://' && env('LISTEN_FDS') === '1' && env('LISTEN_PID') === String(yield* getpid())) {
    yield* fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC)
    return SD_LISTEN_FDS_START
  }
  const fd = yield* socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)
  if (fd < 0) return fd
  yield* unlink(DOCKER_SOCK)
  const b = yield* bind(fd, { family: 'unix', path: DOCKER_SOCK })
  if (b < 0) return b
  yield* listen(fd, 4096)
  return fd
}

export function* dockerdMain(argv: readonly string[], envp: readonly string[]): Program {
  const fd = yield* listenSocket(argv, envp)
  if (fd < 0) return 1
  // The client whose connection started us (init accepted it): served first.
  const first = Number(envp.find((e) => e.startsWith(`${ACTIVATING_CONN_ENV}=`))?.split('=')[1] ?? -1)
  if (first >= 0) yield* fcntl(first, F_SETFD, FD_CLOEXEC)
  yield* mkdirP('/var/lib/docker/containers', 0o710)
  yield* mkdirP('/var/lib/docker/overlay2', 0o710)
  yield* setupBridge()
  const d = new Daemon()
  // The predefined networks are (re)created as the daemon starts: their "Created" is now.
  const started = yield* clockGettime(CLOCK_REALTIME)
  for (const n of d.networks.values()) n.createdNs = started
  // Helpers (exec, stop) are reaped as they finish: SIGCHLD interrupts accept() (EINTR).
  yield* sigaction(SIG.SIGCHLD, 'catch')
  for (let pending = first; ; pending = -1) {
    const conn = pending >= 0 ? pending : yield* accept(fd, SOCK_CLOEXEC)
    yield* sigtake()
    while (true) {
      const w = yield* wait4(-1, WNOHANG)
      if (typeof w !== 'object' || w.pid <= 0) break
    }
    if (conn < 0) continue
    const m = yield* new MsgReader(conn).next()
    if (m && typeof m === 'object') yield* d.handle(conn, m)
    yield* close(conn)
  }
  yield* exit(0)
  return 0
}
