// docker exec: dockerd hands the client's connection to a helper (the shim's
// exec side) that starts `runc exec`, the host's /usr/bin/runc (runc-exec.ts):
// it joins the container's cgroup and namespaces and forks the command into
// them; output and the exit code go back as frames.
import { E, F_DUPFD, O_CLOEXEC, O_RDWR, SIG, strerror, type Program } from '../../kernel-sim/abi/index.ts'
import {
  close, dup2, err, execve, fcntl, getpid, kill, fork, open, out, pipe2, read, wait4, WEXITSTATUS, writeAll, type Sys,
} from '../libc/index.ts'
import { containerDir, toJson, type Bundle } from './bundle.ts'
import { closeExecFrom } from './init.ts'
import { writeFile } from './fsutil.ts'
import { RUNC_PATH } from './runc.ts'
import { CONN_FD, REPORT_FD, type ExecProcess, type ExecTarget } from './runc-exec.ts'

import type { Reply, Request } from './api.ts'
import { dial, dialError, MsgReader, send } from './protocol.ts'
import { flagBool, flagList, flagStr, parseFlags, type FlagDef } from './flags.ts'
import type { ContainerSpec } from './spec.ts'
import { feedStdin } from './commands/client.ts'
import { isatty, makeRaw, restoreTerminal, sendSize } from './pty-relay.ts'
import { relay, type RelayIo } from './relay.ts'

export type { ExecTarget }

const EXEC_FLAGS: FlagDef[] = [
  { long: 'interactive', short: 'i', kind: 'bool' }, { long: 'tty', short: 't', kind: 'bool' },
  { long: 'env', short: 'e', kind: 'list' }, { long: 'user', short: 'u', kind: 'string' },
  { long: 'workdir', short: 'w', kind: 'string' }, { long: 'detach', short: 'd', kind: 'bool' },
  { long: 'privileged', kind: 'bool' },
]

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
  const detach = flagBool(p, 'detach')
  yield* send(fd, {
    op: 'container.exec', ref, cmd, env: flagList(p, 'env'), user: flagStr(p, 'user') ?? '',
    workdir: flagStr(p, 'workdir') ?? '', tty, interactive, detach,
  })
  // -i: our stdin → input frames; with -t our terminal goes raw (pty-relay.ts). -d: neither (the reply comes once it started).
  const attached = interactive && !detach
  const saved = tty && attached ? yield* makeRaw(0) : undefined
  if (tty && attached) yield* sendSize(fd)
  const feeder = attached ? yield* fork(() => feedStdin(fd)) : 0
  const status = yield* execFrames(fd)
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
  yield* restoreTerminal(0, saved)
  return status
}

function* execFrames(fd: number): Sys<number> {
  const rd = new MsgReader<Reply<'container.exec'>>(fd)
  for (;;) {
    const m = yield* rd.next()
    if (m === null || typeof m === 'number') return 126
    if (m.t === 'ok') return 0 // -d: started
    if (m.t === 'error') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      return m.code ?? 1
    }
    if (m.t === 'out') yield* (m.s === 2 ? err(m.d) : out(m.d))
    if (m.t === 'exit') return m.code
  }
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
  const detach = req.detach === true
  let stdio: number[]
  const outputs: RelayIo['outputs'] = []
  let inW = -1
  // -d: nobody reads the process's output (containerd gives a detached exec no stdio); /dev/null stands for it and for the connection.
  const devnull = detach ? yield* open('/dev/null', O_RDWR | O_CLOEXEC) : -1
  if (tty) {
    // -t: runc exec opens a pty in the container's devpts and relays its master (runcExec, relay.ts).
    stdio = [-1, -1, -1]
  } else if (detach) {
    stdio = [devnull, devnull, devnull]
  } else {
    const o = yield* pipe2(O_CLOEXEC), e = yield* pipe2(O_CLOEXEC), i = yield* pipe2(O_CLOEXEC)
    if (typeof o === 'number' || typeof e === 'number' || typeof i === 'number') return yield* fail('pipe: too many open files', 126)
    stdio = [i[0], o[1], e[1]]
    outputs.push({ fd: o[0], stream: 1 }, { fd: e[0], stream: 2 })
    if (req.interactive) inW = i[1]
    else yield* close(i[1])
  }
  const report = yield* pipe2(O_CLOEXEC)
  if (typeof report === 'number') return yield* fail('pipe: too many open files', 126)
  const spec: ContainerSpec = { ...t.spec, tty, interactive: req.interactive && !detach, workdir: req.workdir || t.spec.workdir || '/', user: req.user || t.spec.user, ulimits: [] }
  const bundle: Bundle = {
    id: t.id, name: '', rootfs: '/', cgroup: t.cgroup, hostname: '', argv: cmd, env: [...t.env, ...req.env],
    caps: t.caps, logPath: '', spec, steps: [], ttyPath: '', seccomp: t.seccomp, ip: '', hostNetFd: -1,
  }
  const runc = yield* fork(() => startRunc({ target: t, bundle }, stdio, report[1], detach ? devnull : conn))
  yield* close(report[1])
  for (const fd of new Set(stdio)) if (fd >= 0) yield* close(fd)
  if (devnull >= 0 && tty) yield* close(devnull)
  // The report pipe: errors before the exec, as JSON lines; end of file once the command runs (O_CLOEXEC).
  let rep = ''
  for (;;) {
    const d = yield* read(report[0])
    if (d === -E.EINTR) continue
    if (typeof d === 'number' || d === '') break
    rep += d
  }
  yield* close(report[0])
  if (rep) {
    const m = JSON.parse(rep.split('\n')[0]!) as { error: string; code: number }
    yield* wait4(runc)
    return yield* fail(m.error, m.code)
  }
  if (detach) {
    // docker exec -d returns once the process has started (moby's ContainerExecStart with Detach); runc, now init's, reaps it.
    yield* send(conn, { t: 'ok' })
    return 0
  }
  const status = outputs.length ? yield* relay({ outputs, conn, input: inW, pty: false, logFd: -1 }, runc) : yield* waitChild(runc)
  yield* send(conn, { t: 'exit', code: WEXITSTATUS(status) })
  return 0
}

/** wait4 for one child, through the EINTR a SIGCHLD handler inherited from dockerd may cause; its wait status. */
function* waitChild(pid: number): Sys<number> {
  for (;;) {
    const w = yield* wait4(pid)
    if (typeof w === 'object') return w.status
    if (w !== -E.EINTR) return 1 << 8
  }
}

/**
 * containerd-shim's `runc exec`: the process goes in a file (`--process`), stdio on fds 0-2, the
 * report pipe on 3 and the client's connection on 4; then the host's /usr/bin/runc is executed,
 * whatever that file now holds.
 */
function* startRunc(p: ExecProcess, stdio: number[], reportW: number, conn: number): Program {
  const fail = function* (e: string): Sys<number> {
    yield* writeAll(reportW, JSON.stringify({ error: e, code: 126 }) + '\n')
    return 126
  }
  const file = `${containerDir(p.target.id)}/exec-${yield* getpid()}.json`
  const w = yield* writeFile(file, toJson(p), 0o600)
  if (w < 0) return yield* fail(`write ${file}: ${strerror(-w).toLowerCase()}`)
  // Out of the way first (above every target), then into place: no source is clobbered by another's dup2.
  const from = [...(p.bundle.spec.tty ? [] : stdio.slice(0, 3)), reportW, conn]
  const to = [...(p.bundle.spec.tty ? [] : [0, 1, 2]), REPORT_FD, CONN_FD]
  const high: number[] = []
  for (const fd of from) high.push(yield* fcntl(fd, F_DUPFD, 64))
  for (let i = 0; i < to.length; i++) yield* dup2(high[i]!, to[i]!)
  yield* closeExecFrom(CONN_FD + 1)
  const e = yield* execve(RUNC_PATH, ['runc', '--root', '/var/run/docker/runtime-runc/moby', 'exec', '--process', file, p.target.id], [])
  return yield* fail(`exec: "runc": ${strerror(-e).toLowerCase()}`)
}

