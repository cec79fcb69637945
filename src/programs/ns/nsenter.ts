// nsenter(1) (util-linux): run a program in the namespaces of another process
// (-t PID) or of namespace files. Opens every /proc/PID/ns/X first, then
// setns(2) in util-linux's order (user first when entering it), -r/-w root and
// cwd, forks when entering a pid namespace so the program is in it.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { O_RDONLY, strerror } from '../../../kernel-sim/abi/index.ts'
import { chdir, chroot, clone, open, setns, wait4, statusToShell, getenv, type Sys } from '../../libc/index.ts'
import { has, lastArg, parseOpts, warn } from '../lib/cmd.ts'
import { execvp } from '../lib/exec.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { NAMESPACES, NS_LETTER, NS_LONG_OPTIONS, nsInode, type NsName } from './nslib.ts'

const LONG = [
  { name: 'target', hasArg: 'required', val: 't' }, { name: 'all', hasArg: 'no', val: 'a' },
  ...NS_LONG_OPTIONS,
  { name: 'root', hasArg: 'optional', val: 'r' }, { name: 'wd', hasArg: 'optional', val: 'w' },
  { name: 'no-fork', hasArg: 'no', val: 'F' },
] as const
/** setns order in nsenter.c: user first, then the rest; mnt last so paths still resolve. */
const ORDER: NsName[] = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'time', 'mnt']

const USAGE = `Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all              enter all namespaces
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -p, --pid[=<file>]     enter pid namespace
 -C, --cgroup[=<file>]  enter cgroup namespace
 -U, --user[=<file>]    enter user namespace
 -T, --time[=<file>]    enter time namespace
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -F, --no-fork          do not fork before exec'ing <program>

 -h, --help             display this help
 -V, --version          display version

For more details see nsenter(1).`

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+at:m::u::i::n::p::U::C::T::r::w::F', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = 'nsenter'
  const target = lastArg(p, 't')
  const all = has(p, 'a')
  const fds = new Map<NsName, number>()
  for (const name of ORDER) {
    const opt = p.opts.find((o) => o.opt === NS_LETTER[name])
    if (!opt && !all) continue
    const path = opt?.arg ?? (target !== undefined ? `/proc/${target}/ns/${name}` : undefined)
    if (path === undefined) {
      yield* warn(prog, 'neither filename nor target pid supplied for ns/' + name)
      return 1
    }
    // --all skips namespaces the caller is already in (nsenter(1)).
    if (all && !opt && (yield* nsInode(target!, name)) === (yield* nsInode('self', name))) continue
    const fd = yield* open(path, O_RDONLY)
    if (fd < 0) {
      yield* warn(prog, `cannot open ${path}: ${strerror(-fd)}`)
      return 1
    }
    fds.set(name, fd)
  }
  let rootFd = -1
  if (has(p, 'r')) rootFd = 1
  for (const name of ORDER) {
    const fd = fds.get(name)
    if (fd === undefined) continue
    const r = yield* setns(fd, NAMESPACES.find((n) => n.name === name)!.flag)
    if (r < 0) {
      yield* warn(prog, `reassociate to namespace 'ns/${name}' failed: ${strerror(-r)}`)
      return 1
    }
  }
  if (rootFd > 0) {
    const dir = lastArg(p, 'r') ?? `/proc/${target}/root`
    const r = yield* chroot(dir)
    if (r < 0) {
      yield* warn(prog, `cannot change root directory to '${dir}': ${strerror(-r)}`)
      return 1
    }
  }
  if (has(p, 'w') || rootFd > 0) yield* chdir(lastArg(p, 'w') ?? '/')
  const cmd = p.operands.length ? p.operands : [getenv(envp, 'SHELL') ?? '/bin/sh']
  const run = function* (): Sys<number> {
    const e = yield* execvp(cmd[0]!, cmd, envp)
    yield* warn(prog, `failed to execute ${cmd[0]}: ${strerror(-e)}`)
    return 127
  }
  if (!fds.has('pid') || has(p, 'F')) return yield* run()
  const pid = yield* clone(0, run)
  if (pid < 0) {
    yield* warn(prog, `fork failed: ${strerror(-pid)}`)
    return 1
  }
  const w = yield* wait4(pid, 0)
  if (typeof w === 'number') return 1
  return statusToShell(w.status)
}

export const nsenterProgram: ProgramInfo = {
  name: 'nsenter',
  path: '/usr/bin/nsenter',
  description: 'run a program with namespaces of other processes',
  main, stdoutAtExit: 'closestream', // util-linux's close_stdout_atexit(): "write error", status 1 (EPIPE excepted)
}
