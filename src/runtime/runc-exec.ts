// runc exec (as containerd-shim runs it for `docker exec`): a host process,
// the host's /usr/bin/runc, root in every initial namespace. It reads the
// process to start from the file `--process` names, joins the container's
// cgroup and namespaces (setns on /proc/<pid>/ns/*), and forks `runc init`
// into the container's pid namespace, which applies the container's
// capabilities, AppArmor and seccomp and execs the command. Until that exec
// the process in the container runs runc's binary (CVE-2019-5736): a fixed runc
// (>= 1.0.0-rc7) runs from a sealed memfd copy of itself, so the binary the
// container can reach through /proc/<pid>/exe is the copy, never the host's file.
// stdio arrive on fds 0-2, the report pipe (errors before the exec, as JSON lines)
// on 3 and the client's connection (for -t) on 4.
import {
  E, F_ADD_SEALS, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_WRITE, MFD_ALLOW_SEALING, MFD_CLOEXEC, O_CLOEXEC, O_RDONLY, O_WRONLY, strerror, type Program,
} from '../../kernel-sim/abi/index.ts'
import { DEFAULT_VERSIONS, armed } from '../../kernel-sim/index.ts'
import {
  chdir, close, cpu, dup2, err, execve, fcntl, fork, memfdCreate, open, readlink, setns, statusToShell, unlink, wait4, write, writeAll, type Sys,
} from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'
import { binaryVersion } from '../programs/lib/binary-version.ts'
import { fromJson, type Bundle } from './bundle.ts'
import { becomeNsRoot, closeExecFrom, InitError, lookPath, security } from './init.ts'
import type { ContainerSpec } from './spec.ts'
import { attachSlave, openPtmx } from './pty-relay.ts'
import { relay } from './relay.ts'

/** A Go binary's start (the runtime's initialisation, runc's command line): a few milliseconds of CPU before any work. */
export const GO_START_NS = 4_000_000
/** The fds containerd-shim hands `runc exec` besides stdio. */
export const REPORT_FD = 3
export const CONN_FD = 4
/** The order runc's nsenter joins namespaces in (mnt after pid, so /proc stays reachable until then). */
const NS_ORDER = ['ipc', 'uts', 'net', 'pid', 'cgroup', 'mnt']
/** The memfd runc clones itself into (libcontainer/nsenter/cloned_binary.c, RUNC_MEMFD_COMMENT). */
const MEMFD_NAME = 'runc_cloned:/proc/self/exe'
/** Set in the re-executed copy's environment, so it does not clone itself again (cloned_binary.c: _LIBCONTAINER_CLONED_BINARY). */
const CLONED_ENV = '_LIBCONTAINER_CLONED_BINARY=1'

/** What the shim writes for `runc exec --process FILE`: the container and the process to start in it. */
export interface ExecProcess {
  target: ExecTarget
  bundle: Bundle
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
  // A --userns-remap container's user namespace is joined first: the others belong to it (nsexec's order).
  const remapped = (yield* readlink(`/proc/${t.pid}/ns/user`)) !== (yield* readlink('/proc/self/ns/user'))
  const order = remapped ? ['user', ...NS_ORDER] : NS_ORDER
  const fds: number[] = []
  for (const ns of order) {
    const fd = yield* open(`/proc/${t.pid}/ns/${ns}`, O_RDONLY | O_CLOEXEC)
    if (fd < 0) return yield* fail(`open /proc/${t.pid}/ns/${ns}: ${strerror(-fd).toLowerCase()}`)
    fds.push(fd)
  }
  for (let i = 0; i < fds.length; i++) {
    const r = yield* setns(fds[i]!, 0)
    if (r < 0) return yield* fail(`setns ${order[i]}: ${strerror(-r).toLowerCase()}`)
    yield* close(fds[i]!)
  }
  // -t: the pty is opened in the container's devpts (mnt is joined); runc relays its master itself (relay.ts).
  // The joined pid namespace is only its children's (pid_for_children), so runc stays out of the container's ps.
  let pty: { master: number; n: number } | undefined
  if (b.spec.tty) {
    const p = yield* openPtmx()
    if (typeof p === 'number') return yield* fail(`open /dev/ptmx: ${strerror(-p).toLowerCase()}`)
    pty = p
  }
  const child = yield* fork(function* () {
    // runc init: runc re-executes itself for it, so a Go runtime starts again before any of its work.
    yield* cpu(GO_START_NS)
    const j = yield* writeAll(cgProcs, '0\n')
    if (j < 0) {
      yield* writeAll(reportW, JSON.stringify({ error: `write ${t.cgroup}/cgroup.procs: ${strerror(-j).toLowerCase()}`, code: 126 }) + '\n')
      return 126
    }
    yield* close(cgProcs)
    if (remapped) {
      const u = yield* becomeNsRoot()
      if (u < 0) {
        yield* writeAll(reportW, JSON.stringify({ error: `setresuid to the user namespace's root: ${strerror(-u).toLowerCase()}`, code: 126 }) + '\n')
        return 126
      }
    }
    const r = yield* prepare(b)
    if (r instanceof InitError) {
      yield* writeAll(reportW, JSON.stringify({ error: r.msg, code: r.code }) + '\n')
      return r.code
    }
    if (pty) yield* attachSlave(pty.n)
    else for (let fd = 0; fd < 3; fd++) yield* dup2(stdio[fd]!, fd)
    yield* closeExecFrom(3)
    const e = yield* execve(r, b.argv, b.env)
    yield* writeAll(reportW, JSON.stringify({ error: `exec: "${b.argv[0]}": ${strerror(-e).toLowerCase()}`, code: e === -E.EACCES ? 126 : 127 }) + '\n')
    return 127
  })
  yield* close(reportW)
  yield* close(cgProcs)
  for (const fd of new Set(stdio)) if (fd >= 0) yield* close(fd)
  if (pty) return statusToShell(yield* relay({ outputs: [{ fd: pty.master, stream: 1 }], conn, input: b.spec.interactive ? pty.master : -1, pty: true, logFd: -1 }, child))
  const w = yield* wait4(child)
  return statusToShell(typeof w === 'object' ? w.status : 0)
}

function* prepare(b: Bundle): Sys<string | InitError> {
  const sec = yield* security(b)
  if (sec) return sec
  const c = yield* chdir(b.spec.workdir)
  if (c < 0) return new InitError(`chdir to cwd ("${b.spec.workdir}") set in config.json failed: ${strerror(-c).toLowerCase()}`, 126)
  return yield* lookPath(b)
}

/** `runc [global options] exec --process FILE ID`. */
export function* runcExecMain(argv: readonly string[], envp: readonly string[]): Program {
  const i = argv.indexOf('--process')
  const file = i < 0 ? undefined : argv[i + 1]
  if (file === undefined) {
    yield* err('runc exec: --process FILE is the only form isolab models\n')
    return 1
  }
  const cloned = yield* ensureClonedBinary(argv, envp)
  if (cloned < 0) {
    yield* writeAll(REPORT_FD, JSON.stringify({ error: `could not clone runc to a memfd: ${strerror(-cloned).toLowerCase()}`, code: 126 }) + '\n')
    return 126
  }
  const text = yield* readFile(file)
  // SIMPLIFICATION: runc removes the process file (containerd does, once runc has read it).
  yield* unlink(file)
  if (typeof text === 'number') {
    yield* writeAll(REPORT_FD, JSON.stringify({ error: `open ${file}: ${strerror(-text).toLowerCase()}`, code: 126 }) + '\n')
    return 126
  }
  const p = fromJson<ExecProcess>(text)
  const stdio = p.bundle.spec.tty ? [-1, -1, -1] : [0, 1, 2]
  return yield* runcExec(p.target, p.bundle, stdio, REPORT_FD, CONN_FD)
}

/**
 * CVE-2019-5736's fix (runc 0a8e4117e7f7 "nsenter: clone /proc/self/exe to avoid exposing host
 * binary to container", v1.0.0-rc7): copy /proc/self/exe into a memfd, seal it against every change
 * and re-execute from it, so what runs (and what /proc/<pid>/exe reaches) is the copy. A runc
 * without the fix runs the host's file as it is. Returns 0, or the error of a step that failed.
 * SIMPLIFICATION: the clone happens when `runc exec` starts; runc does it at `runc init`'s start
 * (nsexec). What the container can reach is the same: runc init here is a fork of the copy.
 */
function* ensureClonedBinary(argv: readonly string[], envp: readonly string[]): Sys<number> {
  if (envp.includes(CLONED_ENV)) return 0
  const v = yield* binaryVersion('/proc/self/exe')
  if (v === undefined || armed({ ...DEFAULT_VERSIONS, runc: v }, 'CVE-2019-5736')) return 0
  const self = yield* readFile('/proc/self/exe')
  if (typeof self === 'number') return self
  const fd = yield* memfdCreate(MEMFD_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING)
  if (fd < 0) return fd
  const w = yield* write(fd, self)
  if (w < 0) return w
  const s = yield* fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
  if (s < 0) return s
  const e = yield* execve(`/proc/self/fd/${fd}`, argv, [...envp, CLONED_ENV])
  yield* close(fd)
  return e
}
