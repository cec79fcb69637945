// unshare(1) (util-linux): run a program in new namespaces. Order as
// util-linux: unshare(2); time offsets; uid/gid maps (-r, --map-user/group);
// fork (-f); in the child: root propagation (default private), --mount-proc;
// then exec the program (default $SHELL, then /bin/sh).
// --TYPE=FILE makes the namespace persistent (unshare(1) EXAMPLES): after
// unshare(2), /proc/PID/ns/TYPE is bind-mounted on FILE, which keeps the
// namespace alive with no process in it (nsenter --TYPE=FILE enters it, umount
// FILE releases it). A mount namespace is bound by a child forked before the
// unshare, still in the old mount namespace (util-linux bind_ns_files_from_child()).
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { CLONE_NEWNS, CLONE_NEWTIME, CLONE_NEWUSER, SIG, strerror, MS_BIND, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE, MS_SLAVE, MS_SHARED } from '../../../kernel-sim/abi/index.ts'
import {
  clone, close, getenv, getpid, getresgid, getresuid, mount, pipe2, read, sigaction, unshare, wait4, statusToShell, write,
  type Sys,
} from '../../libc/index.ts'
import { has, lastArg, parseOpts, warn } from '../lib/cmd.ts'
import { execvp } from '../lib/exec.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { NAMESPACES, NS_LETTER, NS_LONG_OPTIONS, writeFile } from './nslib.ts'

const LONG = [
  ...NS_LONG_OPTIONS,
  { name: 'fork', hasArg: 'no', val: 'f' }, { name: 'kill-child', hasArg: 'optional', val: 'K' },
  { name: 'mount-proc', hasArg: 'optional', val: 'P' }, { name: 'map-root-user', hasArg: 'no', val: 'r' },
  { name: 'map-current-user', hasArg: 'no', val: 'c' }, { name: 'map-user', hasArg: 'required', val: 'X' },
  { name: 'map-group', hasArg: 'required', val: 'Y' }, { name: 'propagation', hasArg: 'required', val: 'Q' },
  { name: 'setgroups', hasArg: 'required', val: 'S' }, { name: 'monotonic', hasArg: 'required', val: 'M' },
  { name: 'boottime', hasArg: 'required', val: 'B' }, { name: 'root', hasArg: 'required', val: 'R' },
  { name: 'wd', hasArg: 'required', val: 'w' },
] as const

const USAGE = `
Usage:
 unshare [options] [<program> [<argument>...]]

Run a program with some namespaces unshared from the parent.

Options:
 -m, --mount[=<file>]      unshare mounts namespace
 -u, --uts[=<file>]        unshare UTS namespace (hostname etc)
 -i, --ipc[=<file>]        unshare System V IPC namespace
 -n, --net[=<file>]        unshare network namespace
 -p, --pid[=<file>]        unshare pid namespace
 -U, --user[=<file>]       unshare user namespace
 -C, --cgroup[=<file>]     unshare cgroup namespace
 -T, --time[=<file>]       unshare time namespace

 -f, --fork                fork before launching <program>
 --map-user=<uid>|<name>   map current user to uid (implies --user)
 --map-group=<gid>|<name>  map current group to gid (implies --user)
 -r, --map-root-user       map current user to root (implies --user)
 -c, --map-current-user    map current user to itself (implies --user)

 --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)
                             defaults to SIGKILL
 --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)
 --propagation slave|shared|private|unchanged
                           modify mount propagation in mount namespace
 --setgroups allow|deny    control the setgroups syscall in user namespaces
 --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces
 --boottime <offset>       set clock boottime offset (seconds) in time namespaces
 -R, --root=<dir>          run the command with root directory set to <dir>
 -w, --wd=<dir>            change working directory to <dir>

 -h, --help                display this help
 -V, --version             display version

For more details see unshare(1).`

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+muinpUCTfrcR:w:', long: LONG, usage: USAGE.slice(1) })
  if (typeof p === 'number') return p
  const prog = 'unshare'
  const fail = function* (msg: string, errno: number) {
    yield* warn(prog, `${msg}: ${strerror(errno)}`)
    return 1
  }
  let flags = 0
  for (const { name, flag } of NAMESPACES) {
    if (has(p, NS_LETTER[name])) flags |= flag
  }
  const mountProc = p.opts.find((o) => o.opt === 'P')
  if (mountProc) flags |= CLONE_NEWNS
  const mapUser = has(p, 'r') ? '0' : has(p, 'c') ? 'self' : lastArg(p, 'X')
  const mapGroup = has(p, 'r') ? '0' : has(p, 'c') ? 'self' : lastArg(p, 'Y')
  if (mapUser !== undefined || mapGroup !== undefined) flags |= CLONE_NEWUSER
  const monotonic = lastArg(p, 'M')
  const boottime = lastArg(p, 'B')
  if (monotonic !== undefined || boottime !== undefined) flags |= CLONE_NEWTIME
  // SIMPLIFICATION: --kill-child implies --fork but the signal on unshare's death is not sent (no PR_SET_PDEATHSIG).
  const forking = has(p, 'f') || has(p, 'K')
  const propagation = lastArg(p, 'Q') ?? 'private'
  const propFlag = { private: MS_PRIVATE, shared: MS_SHARED, slave: MS_SLAVE, unchanged: 0 }[propagation]
  if (propFlag === undefined) {
    yield* warn(prog, `unsupported propagation mode: ${propagation}`)
    return 1
  }
  const setgroups = lastArg(p, 'S') ?? (has(p, 'r') ? 'deny' : undefined)
  if (setgroups !== undefined && setgroups !== 'allow' && setgroups !== 'deny') {
    yield* warn(prog, `unsupported --setgroups argument '${setgroups}'`)
    return 1
  }

  // --TYPE=FILE: [the /proc/PID/ns entry, FILE]; pid and time bind the namespace their children will be in.
  const persist = NAMESPACES.flatMap(({ name }) => {
    const file = p.opts.find((o) => o.opt === NS_LETTER[name] && o.arg !== undefined)?.arg
    return file === undefined ? [] : [[name === 'pid' || name === 'time' ? `${name}_for_children` : name, file] as const]
  })
  const bindNs = function* (pid: number, only: (ns: string) => boolean): Sys<number> {
    for (const [ns, file] of persist) {
      if (!only(ns)) continue
      const src = `/proc/${pid}/ns/${ns}`
      const m = yield* mount(src, file, '', MS_BIND)
      if (m < 0) return yield* fail(`mount ${src} on ${file} failed`, m)
    }
    return 0
  }
  // The mount namespace's file lives in the old mount namespace: a child still there binds it.
  let binder = 0
  let go: [number, number] | number = -1
  if (persist.some(([ns]) => ns === 'mnt')) {
    go = yield* pipe2(0)
    if (typeof go === 'number') return yield* fail('pipe failed', go)
    const [rd, wr] = go
    const parent = yield* getpid()
    binder = yield* clone(0, function* () {
      yield* close(wr)
      const ok = yield* read(rd, 1)
      if (ok !== '1') return 0 // the unshare failed
      return yield* bindNs(parent, (ns) => ns === 'mnt')
    })
    if (binder < 0) return yield* fail('fork failed', binder)
    yield* close(rd)
  }

  const [, euid] = yield* getresuid()
  const [, egid] = yield* getresgid()
  const r = yield* unshare(flags)
  if (typeof go !== 'number') {
    yield* write(go[1], r < 0 ? '0' : '1')
    yield* close(go[1])
    const w = yield* wait4(binder, 0)
    if (typeof w === 'object' && statusToShell(w.status) !== 0) return 1
  }
  if (r < 0) return yield* fail('unshare failed', r)
  if ((yield* bindNs(yield* getpid(), (ns) => ns !== 'mnt')) !== 0) return 1

  if (flags & CLONE_NEWTIME) {
    const data = `monotonic ${monotonic ?? 0} 0\nboottime ${boottime ?? 0} 0\n`
    const w = yield* writeFile('/proc/self/timens_offsets', data)
    if (w < 0) return yield* fail('failed to write to /proc/self/timens_offsets', w)
  }
  if (flags & CLONE_NEWUSER) {
    if (setgroups !== undefined) {
      const w = yield* writeFile('/proc/self/setgroups', setgroups)
      if (w < 0) return yield* fail('setgroups failed', w)
    }
    if (mapUser !== undefined) {
      const w = yield* writeFile('/proc/self/uid_map', `${mapUser === 'self' ? euid : mapUser} ${euid} 1`)
      if (w < 0) return yield* fail('write failed /proc/self/uid_map', w)
    }
    if (mapGroup !== undefined) {
      const w = yield* writeFile('/proc/self/gid_map', `${mapGroup === 'self' ? egid : mapGroup} ${egid} 1`)
      if (w < 0) return yield* fail('write failed /proc/self/gid_map', w)
    }
  }
  const child = function* (): Sys<number> {
    if (flags & CLONE_NEWNS && propFlag) {
      const m = yield* mount('none', '/', '', MS_REC | propFlag)
      if (m < 0) return yield* fail('cannot change root filesystem propagation', m)
    }
    if (mountProc) {
      const dir = mountProc.arg ?? '/proc'
      const m1 = yield* mount('none', dir, '', MS_PRIVATE | MS_REC)
      if (m1 < 0) return yield* fail(`cannot change ${dir} filesystem propagation`, m1)
      const m2 = yield* mount('proc', dir, 'proc', MS_NOSUID | MS_NOEXEC | MS_NODEV)
      if (m2 < 0) return yield* fail(`mount ${dir} failed`, m2)
    }
    const cmd = p.operands.length ? p.operands : [getenv(envp, 'SHELL') ?? '/bin/sh']
    const e = yield* execvp(cmd[0]!, cmd, envp)
    yield* warn(prog, `failed to execute ${cmd[0]}: ${strerror(-e)}`)
    return 127
  }
  // Without --fork the program itself stays outside a new pid namespace; its first child is the namespace's init.
  if (!forking) return yield* child()
  // "unshare waits for the child and ignores SIGINT/SIGTERM" (unshare(1) --fork).
  yield* sigaction(SIG.SIGINT, 'ignore')
  yield* sigaction(SIG.SIGTERM, 'ignore')
  const pid = yield* clone(0, function* () {
    return yield* child()
  })
  if (pid < 0) return yield* fail('fork failed', pid)
  for (;;) {
    const w = yield* wait4(pid, 0)
    if (typeof w === 'number') {
      if (w === -4) continue // EINTR
      return yield* fail('waitpid failed', w)
    }
    // util-linux re-raises a killing signal on itself: the shell sees 128 + signal.
    return statusToShell(w.status)
  }
}

export const unshareProgram: ProgramInfo = {
  name: 'unshare',
  path: '/usr/bin/unshare',
  description: 'run a program with some namespaces unshared from the parent',
  main, stdoutAtExit: 'closestream', // util-linux's close_stdout_atexit(): "write error", status 1 (EPIPE excepted)
}
