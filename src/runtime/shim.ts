// containerd-shim-runc-v2 (with runc's work folded in): one per container, a
// child of dockerd, visible in host `ps`. It creates the cgroup and writes its
// limits, clones the container's init into new namespaces, waits for it on a
// sync pipe until it is in the cgroup, relays its output to the client and to
// the json-file log, and reports start and exit (with OOMKilled) to dockerd.
// The attaching client's connection is fd 3 (dockerd dup2s it there).
//
// SIMPLIFICATION: `docker run` does not execute /usr/bin/runc (`docker exec`
// does: runc-exec.ts). On Linux the shim runs `runc create`, which forks
// `runc init` as the container's init and exits; the shim, a child subreaper
// (prctl PR_SET_CHILD_SUBREAPER), inherits the init and reaps it. This kernel
// has no child subreapers, so the init would go to pid 1 and the shim could not
// report its exit status; and each container would cost one more process (fork,
// execve, a second read of the bundle and its seccomp profile, exit, wait),
// about a twentieth of a container's start-up CPU against the 1,000-container
// target. The shim clones the init itself; runc's version still decides which
// of runc's bugs the container gets (leakedCgroupFd).
import {
  CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_RDONLY, O_WRONLY, SIG, strerror, type Program,
} from '../../kernel-sim/abi/index.ts'
import { runcVersion } from './runc.ts'
import { DEFAULT_VERSIONS, armed } from '../../kernel-sim/index.ts'
import { clone, close, execve, fork, kill, rmdir, open, pipe2, statusToShell, wait4, writeAll, type Sys } from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'
import { type Bundle, bundlePath, CGROUP_PARENT, fromJson } from './bundle.ts'
import { containerInit, type InitReport } from './init.ts'
import { writeFile, mkdirP } from './fsutil.ts'
import { MsgReader, send, tellDaemon } from './protocol.ts'
import { PUBLISHED_PORT_MS, step, type Step } from './steps.ts'
import { plugHost } from './network.ts'
import { PROXY_PATH } from './proxy.ts'
import { hostIpOf } from './spec.ts'
import { openPtyIn } from './pty-relay.ts'
import { relay, type RelayIo } from './relay.ts'
import { mapLine } from './userns-remap.ts'

const CONN = 3

export function* shimMain(argv: readonly string[]): Program {
  const id = argv[argv.indexOf('-id') + 1] ?? ''
  const text = yield* readFile(bundlePath(id))
  if (typeof text === 'number') return 1
  const b = fromJson<Bundle>(text)
  const steps: Step[] = [...b.steps]
  const s = b.spec
  const attach = !s.detach
  yield* step(steps, 'containerd-shim: start shim', function* () { return 0 })

  const cg = yield* step(steps, 'runc: create cgroup and write limits', () => createCgroup(b))
  if (cg) return yield* fail(b, cg, 125)

  // stdio: a tty for -t, else pipes the shim relays.
  let stdio: [number, number, number]
  const outputs: RelayIo['outputs'] = []
  let input = -1
  // -t: init opens /dev/pts/N of the container's own devpts; the shim opens its master in the container's mount namespace (pty-relay.ts).
  const tty = s.tty
  if (tty) stdio = [-1, -1, -1]
  else {
    const o = yield* pipe2(O_CLOEXEC), e = yield* pipe2(O_CLOEXEC)
    if (typeof o === 'number' || typeof e === 'number') return yield* fail(b, 'pipe: too many open files', 125)
    let inR: number
    if (s.interactive && attach) {
      const i = yield* pipe2(O_CLOEXEC)
      if (typeof i === 'number') return yield* fail(b, 'pipe: too many open files', 125)
      inR = i[0]
      input = i[1]
    } else inR = yield* open('/dev/null', O_RDONLY | O_CLOEXEC)
    stdio = [inR, o[1], e[1]]
    outputs.push({ fd: o[0], stream: 1 }, { fd: e[0], stream: 2 })
  }

  // The sync pipe (parent → child: "you are in the cgroup") and the report pipe (child → parent).
  const sync = yield* pipe2(O_CLOEXEC), report = yield* pipe2(O_CLOEXEC)
  if (typeof sync === 'number' || typeof report === 'number') return yield* fail(b, 'pipe: too many open files', 125)
  const flags = nsFlags(b)
  b.hostNetFd = b.ip ? yield* open('/proc/self/ns/net', O_RDONLY | O_CLOEXEC) : -1
  const leaked = yield* leakedCgroupFd()
  const pid = yield* step(steps, 'runc: create namespaces (clone)', () =>
    clone(flags, () => containerInit(b, stdio, sync[0], report[1])))
  if (pid < 0) return yield* fail(b, `runc create failed: unable to start container process: can't create namespaces: clone: ${strerror(-pid).toLowerCase()}`, 125)
  if (leaked >= 0) yield* close(leaked)
  // --userns-remap: the child's user namespace maps its root to the range (runc writes the maps for nsexec).
  const mapped = b.userns ? yield* writeIdMaps(pid, b.userns) : 0
  if (mapped < 0) return yield* fail(b, `runc create failed: unable to start container process: can't write uid_map: ${strerror(-mapped).toLowerCase()}`, 125)
  yield* close(sync[0])
  yield* close(report[1])
  for (const fd of new Set(stdio)) yield* close(fd)
  const joined = yield* writeFile(`${b.cgroup}/cgroup.procs`, `${pid}\n`)
  yield* writeAll(sync[1], joined < 0 ? 'abort\n' : 'go\n')
  // Everything the child reports before its execve (or its failure); "net" asks for the host end of its veth.
  const lines: InitReport[] = []
  const rd = new MsgReader<InitReport>(report[0])
  for (;;) {
    const m = yield* rd.next()
    if (m === null || typeof m === 'number') break
    if (m.net) {
      yield* step(steps, 'libnetwork: veth pair, IPAM, iptables (bridge network)', () => plugHost(b.id, b.bridge, pid), s.ports.length * PUBLISHED_PORT_MS)
      yield* writeAll(sync[1], 'ok\n')
    } else if (m.pty) {
      const p = yield* openPtyIn(pid)
      yield* writeAll(sync[1], `${typeof p === 'number' ? p : p.n}\n`)
      if (typeof p !== 'number') {
        outputs.push({ fd: p.master, stream: 1 })
        if (s.interactive && attach) input = p.master
      }
    } else lines.push(m)
  }
  yield* close(sync[1])
  yield* close(report[0])
  // End of the report pipe: the init has exec'd or failed, so its seccomp profile, argv and env are
  // the kernel's now. A shim relays for the container's whole life and keeps no copy of them
  // (the parsed profile is 9 KB of heap per idle container).
  b.seccomp = null
  b.argv = b.env = []
  for (const l of lines) if (l.step) steps.push(l.step)
  const failure = lines.find((l) => l.error)
  if (joined < 0) return yield* fail(b, `runc create failed: unable to apply cgroup configuration: ${strerror(-joined).toLowerCase()}`, 125)
  if (failure) {
    yield* wait4(pid)
    return yield* fail(b, `runc create failed: unable to start container process: ${failure.error}`, failure.code ?? 125)
  }

  if (b.hostNetFd >= 0) yield* close(b.hostNetFd)
  const proxies: number[] = []
  for (const p of s.ports) proxies.push(yield* startProxy(hostIpOf(p), p.hostPort, b.ip, p.containerPort))
  yield* tellDaemon({ op: 'shim.started', id: b.id, pid })
  yield* send(CONN, { t: 'started', id: b.id, steps, tty })
  if (!attach) yield* close(CONN)
  // One process relays every stream (relay.ts: poll(2)) and reaps the container's init.
  const logFd = yield* open(b.logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
  const status = yield* relay({ outputs, conn: attach ? CONN : -1, input, pty: tty, logFd }, pid)
  for (const p of proxies) if (p > 0) {
    yield* kill(p, SIG.SIGKILL)
    yield* wait4(p)
  }
  const oom = yield* oomKilled(b.cgroup)
  const code = statusToShell(status)
  yield* tellDaemon({ op: 'shim.exited', id: b.id, code, oom })
  if (attach) yield* send(CONN, { t: 'exit', code })
  return 0
}

function nsFlags(b: Bundle): number {
  // No CLONE_NEWCGROUP here: init unshares it once it is in its cgroup, so that cgroup is the namespace's root.
  let f = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC
  if (b.spec.pidMode !== 'host') f |= CLONE_NEWPID
  if (b.spec.networkMode !== 'host') f |= CLONE_NEWNET
  if (b.userns) f |= CLONE_NEWUSER // created first: the other namespaces belong to it
  return f
}

/** The container's cgroup (cgroupfs driver) with the limits docker run asked for (§7.2). */
function* createCgroup(b: Bundle): Sys<string> {
  const s = b.spec
  const r = yield* mkdirP(CGROUP_PARENT)
  if (r < 0) return `runc create failed: unable to apply cgroup configuration: mkdir ${CGROUP_PARENT}: ${strerror(-r).toLowerCase()}`
  yield* writeFile('/sys/fs/cgroup/cgroup.subtree_control', '+cpu +io +memory +pids\n')
  yield* writeFile(`${CGROUP_PARENT}/cgroup.subtree_control`, '+cpu +io +memory +pids\n')
  const m = yield* mkdirP(b.cgroup)
  if (m < 0) return `runc create failed: unable to apply cgroup configuration: mkdir ${b.cgroup}: ${strerror(-m).toLowerCase()}`
  const writes: [string, string][] = []
  if (s.pidsLimit > 0) writes.push(['pids.max', String(s.pidsLimit)])
  if (s.memory > 0) {
    writes.push(['memory.max', String(s.memory)])
    // --memory-swap is memory+swap; unset means twice the memory (docker run reference); -1 unlimited.
    const swap = s.memorySwap === -1 ? 'max' : String((s.memorySwap > 0 ? s.memorySwap : 2 * s.memory) - s.memory)
    writes.push(['memory.swap.max', swap])
  }
  if (s.cpus > 0) writes.push(['cpu.max', `${Math.round(s.cpus * 100000)} 100000`])
  // cgroup v2 maps shares to weight: 1 + ((shares - 2) * 9999) / 262142 (runc's ConvertCPUSharesToCgroupV2Value).
  if (s.cpuShares > 0) writes.push(['cpu.weight', String(1 + Math.floor(((s.cpuShares - 2) * 9999) / 262142))])
  for (const [file, v] of writes) {
    const w = yield* writeFile(`${b.cgroup}/${file}`, v + '\n')
    if (w < 0 && file === 'memory.swap.max') {
      // No swap accounting in this kernel: Docker's create warning, and the limit goes without swap.
      yield* send(CONN, { t: 'warning', line: 'WARNING: Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.' })
      continue
    }
    if (w < 0) return `runc create failed: unable to apply cgroup configuration: write ${b.cgroup}/${file}: ${strerror(-w).toLowerCase()}`
  }
  return ''
}

/** memory.events "oom_kill N" > 0: some process of the container was OOM-killed (§7.1). */
function* oomKilled(cgroup: string): Sys<boolean> {
  const ev = yield* readFile(`${cgroup}/memory.events`)
  if (typeof ev === 'number') return false
  const m = /^oom_kill (\d+)$/m.exec(ev)
  return m !== null && Number(m[1]) > 0
}

/** Start failed (runc's error, wrapped as containerd and dockerd wrap it): tell the client and dockerd, exit. */
function* fail(b: Bundle, runcError: string, code: number): Sys<number> {
  const message = `failed to create task for container: failed to create shim task: OCI runtime create failed: ${runcError}: unknown`
  yield* rmdir(b.cgroup)
  yield* tellDaemon({ op: 'shim.failed', id: b.id, error: message, code })
  yield* send(CONN, { t: 'error', error: message, code })
  yield* close(CONN)
  return code
}

/** docker-proxy for one published port (-p hostPort:containerPort): a host process, as Docker's userland proxy. */
function* startProxy(hostIp: string, hostPort: number, ip: string, port: number): Sys<number> {
  return yield* fork(function* () {
    yield* execve(PROXY_PATH, [PROXY_PATH, '-proto', 'tcp', '-host-ip', hostIp, '-host-port', String(hostPort), '-container-ip', ip, '-container-port', String(port)], [])
    return 127
  })
}

/**
 * runc 1.0.0-rc93 to 1.1.11 (CVE-2024-21626, GHSA-xr7r-f8xq-vfvv): runc opened the host's /sys/fs/cgroup
 * (O_PATH) without O_CLOEXEC, so `runc init` inherited it; its chdir to the configured working directory
 * happens while the fd is open, and a cwd of /proc/self/fd/<N> resolves to the host's cgroup directory.
 * runc 1.1.12 closes such fds and checks that the cwd is inside the container's root. Returns the fd, or -1.
 */
function* leakedCgroupFd(): Sys<number> {
  const v = yield* runcVersion()
  if (v === undefined || !armed({ ...DEFAULT_VERSIONS, runc: v }, 'CVE-2024-21626')) return -1
  const fd = yield* open('/sys/fs/cgroup', O_RDONLY | O_DIRECTORY) // SIMPLIFICATION: O_RDONLY stands for O_PATH
  return fd < 0 ? -1 : fd
}

/** /proc/PID/uid_map and gid_map of the container's init: "0 <first> <size>" (user_namespaces(7)). */
function* writeIdMaps(pid: number, r: { uid: number; gid: number; size: number }): Sys<number> {
  const u = yield* writeFile(`/proc/${pid}/uid_map`, mapLine(r.uid, r.size))
  return u < 0 ? u : yield* writeFile(`/proc/${pid}/gid_map`, mapLine(r.gid, r.size))
}
