// docker exec: dockerd hands the client's connection to a helper (runc exec)
// that joins the container's cgroup and namespaces (setns on
// /proc/<pid>/ns/*), forks so the child lands in the container's pid
// namespace, applies the container's capabilities, AppArmor and seccomp, and
// execs the command; output and the exit code go back as frames.
import { E, O_CLOEXEC, O_RDONLY, O_WRONLY, SIG, strerror, type Program } from '../../kernel-sim/abi/index.ts'
import {
  chdir, close, dup2, err, execve, kill, fork, open, out, pipe2, read, setns, statusToShell, wait4, WEXITSTATUS, writeAll, type Sys,
} from '../libc/index.ts'
import type { Bundle } from './bundle.ts'
import { closeExecFrom, InitError, lookPath, security } from './init.ts'
import type { ExitFrame, ErrorReply, InputFrame, OutFrame, Request } from './api.ts'
import { dial, dialError, MsgReader, send } from './protocol.ts'
import { flagBool, flagList, flagStr, parseFlags, type FlagDef } from './flags.ts'
import type { ContainerSpec } from './spec.ts'
import { feedStdin } from './commands/client.ts'
import { attachSlave, isatty, makeRaw, openPtmx, relayPty, restoreTerminal, sendSize } from './pty-relay.ts'

const EXEC_FLAGS: FlagDef[] = [
  { long: 'interactive', short: 'i', kind: 'bool' }, { long: 'tty', short: 't', kind: 'bool' },
  { long: 'env', short: 'e', kind: 'list' }, { long: 'user', short: 'u', kind: 'string' },
  { long: 'workdir', short: 'w', kind: 'string' }, { long: 'detach', short: 'd', kind: 'bool' },
  { long: 'privileged', kind: 'bool' },
]

/** The order runc's nsenter joins namespaces in (mnt after pid, so /proc stays reachable until then). */
const NS_ORDER = ['ipc', 'uts', 'net', 'pid', 'cgroup', 'mnt']

/** CLI side: `docker exec [OPTIONS] CONTAINER COMMAND [ARG...]`. */
export function* execCommand(argv: readonly string[], _envp: readonly string[]): Sys<number> {
  const p = parseFlags(argv, EXEC_FLAGS)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker exec --help'.\n`)
    return 125
  }
  if (p.operands.length < 2) {
    yield* err(`docker: "docker exec" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container\n`)
    return 1
  }
  const fd = yield* dial()
  if (fd < 0) {
    yield* err(dialError(fd, 'container.exec'))
    return 1
  }
  const tty = flagBool(p, 'tty'), interactive = flagBool(p, 'interactive')
  // docker/cli CheckTty, as for docker run (not for exec -d).
  if (tty && interactive && !flagBool(p, 'detach') && !(yield* isatty(0))) {
    yield* err('the input device is not a TTY\n')
    return 1
  }
  const [ref, ...cmd] = p.operands
  yield* send(fd, {
    op: 'container.exec', ref, cmd, env: flagList(p, 'env'), user: flagStr(p, 'user') ?? '',
    workdir: flagStr(p, 'workdir') ?? '', tty, interactive,
  })
  // -i: our stdin → input frames; with -t our terminal goes raw (pty-relay.ts).
  const saved = tty && interactive ? yield* makeRaw(0) : undefined
  if (tty && interactive) yield* sendSize(fd)
  const feeder = interactive ? yield* fork(() => feedStdin(fd)) : 0
  const status = yield* execFrames(fd)
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
  yield* restoreTerminal(0, saved)
  return status
}

function* execFrames(fd: number): Sys<number> {
  const rd = new MsgReader<OutFrame | ExitFrame | ErrorReply>(fd)
  for (;;) {
    const m = yield* rd.next()
    if (m === null || typeof m === 'number') return 126
    if (m.t === 'error') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      return m.code ?? 1
    }
    if (m.t === 'out') yield* (m.s === 2 ? err(m.d) : out(m.d))
    if (m.t === 'exit') return m.code
  }
}

export interface ExecTarget {
  id: string
  pid: number
  cgroup: string
  caps: string
  env: string[]
  spec: ContainerSpec
  seccomp: unknown
}

/**
 * The exec helper (a child of dockerd that owns the client's connection
 * `conn`, like the shim's exec goroutines): pipes and relays stay outside the
 * container; a "runc exec" child joins the cgroup and the namespaces and forks
 * the command, so only the command itself lives in the container's pid namespace.
 */
export function* execHelper(conn: number, t: ExecTarget, req: Request<'container.exec'>): Program {
  const cmd = req.cmd
  const fail = function* (e: string, code: number): Sys<number> {
    yield* send(conn, { t: 'error', error: `OCI runtime exec failed: exec failed: unable to start container process: ${e}: unknown`, code })
    return code
  }
  const tty = req.tty
  let stdio: number[]
  const relays: [number, number][] = []
  let inW = -1
  if (tty) {
    // -t: runc exec opens a pty in the container's devpts and relays its master (runcExec, pty-relay.ts).
    stdio = [-1, -1, -1]
  } else {
    const o = yield* pipe2(O_CLOEXEC), e = yield* pipe2(O_CLOEXEC), i = yield* pipe2(O_CLOEXEC)
    if (typeof o === 'number' || typeof e === 'number' || typeof i === 'number') return yield* fail('pipe: too many open files', 126)
    stdio = [i[0], o[1], e[1]]
    relays.push([o[0], 1], [e[0], 2])
    if (req.interactive) inW = i[1]
    else yield* close(i[1])
  }
  const report = yield* pipe2(O_CLOEXEC)
  if (typeof report === 'number') return yield* fail('pipe: too many open files', 126)
  const spec: ContainerSpec = { ...t.spec, tty, interactive: req.interactive, workdir: req.workdir || t.spec.workdir || '/', user: req.user || t.spec.user, ulimits: [] }
  const bundle: Bundle = {
    id: t.id, name: '', rootfs: '/', cgroup: t.cgroup, hostname: '', argv: cmd, env: [...t.env, ...req.env],
    caps: t.caps, logPath: '', spec, steps: [], ttyPath: '', seccomp: t.seccomp, ip: '', hostNetFd: -1,
  }
  const runc = yield* fork(() => runcExec(t, bundle, stdio, report[1], conn))
  yield* close(report[1])
  for (const fd of new Set(stdio)) yield* close(fd)
  let rep = ''
  for (;;) {
    const d = yield* read(report[0])
    if (typeof d === 'number' || d === '') break
    rep += d
  }
  if (rep) {
    const m = JSON.parse(rep.split('\n')[0]!) as { error: string; code: number }
    yield* wait4(runc)
    return yield* fail(m.error, m.code)
  }
  const kids: number[] = []
  for (const [fd, s] of relays) {
    kids.push(yield* fork(function* () {
      for (;;) {
        const d = yield* read(fd)
        if (typeof d === 'number' || d === '') return 0
        if ((yield* send(conn, { t: 'out', s, d })) < 0) return 0
      }
    }))
    yield* close(fd)
  }
  let feeder = 0
  if (inW >= 0) {
    feeder = yield* fork(function* () {
      const rd = new MsgReader<InputFrame>(conn)
      for (;;) {
        const m = yield* rd.next()
        if (m === null || typeof m === 'number' || m.t === 'eof') break
        if (m.t === 'in') yield* writeAll(inW, m.d)
      }
      return 0
    })
    yield* close(inW)
  }
  const w = yield* wait4(runc)
  const code = typeof w === 'object' ? WEXITSTATUS(w.status) : 1
  for (const k of kids) if (k > 0) yield* wait4(k)
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
  yield* send(conn, { t: 'exit', code })
  return 0
}

/** runc exec: join the container's cgroup and namespaces, fork the command into its pid namespace, pass on its status. */
function* runcExec(t: ExecTarget, b: Bundle, stdio: number[], reportW: number, conn: number): Program {
  const fail = function* (e: string, code = 126): Sys<number> {
    yield* writeAll(reportW, JSON.stringify({ error: e, code }) + '\n')
    return code
  }
  // The cgroup's procs file is opened first (its host path vanishes in the container's mount namespace);
  // only the command joins it (it writes "0", itself): this process waits outside, as the shim does for runc exec.
  const cgProcs = yield* open(`${t.cgroup}/cgroup.procs`, O_WRONLY | O_CLOEXEC)
  if (cgProcs < 0) return yield* fail(`open ${t.cgroup}/cgroup.procs: ${strerror(-cgProcs).toLowerCase()}`)
  const fds: number[] = []
  for (const ns of NS_ORDER) {
    const fd = yield* open(`/proc/${t.pid}/ns/${ns}`, O_RDONLY | O_CLOEXEC)
    if (fd < 0) return yield* fail(`open /proc/${t.pid}/ns/${ns}: ${strerror(-fd).toLowerCase()}`)
    fds.push(fd)
  }
  // -t: the pid namespace is joined last, after the relay is forked (so the relay stays out of the container's ps).
  const late = b.spec.tty ? NS_ORDER.indexOf('pid') : -1
  for (let i = 0; i < fds.length; i++) {
    if (i === late) continue
    const r = yield* setns(fds[i]!, 0)
    if (r < 0) return yield* fail(`setns ${NS_ORDER[i]}: ${strerror(-r).toLowerCase()}`)
    yield* close(fds[i]!)
  }
  let pty = -1, relay = 0
  if (late >= 0) {
    const p = yield* openPtmx()
    if (typeof p === 'number') return yield* fail(`open /dev/ptmx: ${strerror(-p).toLowerCase()}`)
    pty = p.n
    relay = yield* fork(function* () {
      yield* close(reportW)
      return yield* relayPty(p.master, conn, { input: b.spec.interactive, attach: true, logFd: -1 })
    })
    yield* close(p.master)
    const r = yield* setns(fds[late]!, 0)
    if (r < 0) return yield* fail(`setns pid: ${strerror(-r).toLowerCase()}`)
    yield* close(fds[late]!)
  }
  const child = yield* fork(function* () {
    const j = yield* writeAll(cgProcs, '0\n')
    if (j < 0) {
      yield* writeAll(reportW, JSON.stringify({ error: `write ${t.cgroup}/cgroup.procs: ${strerror(-j).toLowerCase()}`, code: 126 }) + '\n')
      return 126
    }
    yield* close(cgProcs)
    const r = yield* prepare(b)
    if (r instanceof InitError) {
      yield* writeAll(reportW, JSON.stringify({ error: r.msg, code: r.code }) + '\n')
      return r.code
    }
    if (pty >= 0) yield* attachSlave(pty)
    else for (let fd = 0; fd < 3; fd++) yield* dup2(stdio[fd]!, fd)
    yield* closeExecFrom(3)
    const e = yield* execve(r, b.argv, b.env)
    yield* writeAll(reportW, JSON.stringify({ error: `exec: "${b.argv[0]}": ${strerror(-e).toLowerCase()}`, code: e === -E.EACCES ? 126 : 127 }) + '\n')
    return 127
  })
  yield* close(reportW)
  yield* close(cgProcs)
  for (const fd of new Set(stdio)) yield* close(fd)
  const w = yield* wait4(child)
  if (relay > 0) yield* wait4(relay)
  const status = typeof w === 'object' ? w.status : 0
  return statusToShell(status)
}

function* prepare(b: Bundle): Sys<string | InitError> {
  const sec = yield* security(b)
  if (sec) return sec
  const c = yield* chdir(b.spec.workdir)
  if (c < 0) return new InitError(`chdir to cwd ("${b.spec.workdir}") set in config.json failed: ${strerror(-c).toLowerCase()}`, 126)
  return yield* lookPath(b)
}

