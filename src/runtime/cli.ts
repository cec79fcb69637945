// The docker CLI: parses a subcommand, talks to dockerd over
// /var/run/docker.sock, prints what the real CLI prints. dockerd is started on
// first use (as systemd's docker.socket activates docker.service), so hosts
// that never run docker have no daemon in `ps` and boot no slower.
import { O_RDONLY, SIG, type Program } from '../../kernel-sim/abi/index.ts'
import {
  close, err, fork, kill, open, out, read, uname, wait4, type Sys,
} from '../libc/index.ts'
import { flagBool, flagStr, parseFlags, type FlagDef } from './flags.ts'
import { table } from './format.ts'
import { normalizeRef } from './images.ts'
import type { ContainerSpec } from './spec.ts'
import { formatTimeline } from './steps.ts'
import { execCommand } from './exec.ts'
import { makeRaw, restoreTerminal, sendSize } from './pty-relay.ts'
import type { Termios } from '../../kernel-sim/abi/termios.ts'
import { networkCommand } from './networks-cli.ts'
import { statsCommand } from './stats-cli.ts'
import { dispatchCommand } from './commands/index.ts'
import { daemonError, feedStdin, okReply, oneReply, pullImage, request } from './commands/client.ts'
import { containerSpecFor, pullMissing } from './commands/container-spec.ts'

const USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  pull        Download an image from a registry
  images      List images
  version     Show the Docker version information
  info        Display system-wide information

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  system      Manage Docker
  volume      Manage volumes

Commands:
  attach      Attach local standard input, output, and error streams to a running container
  cp          Copy files/folders between a container and the local filesystem
  create      Create a new container
  history     Show the history of an image
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Run 'docker COMMAND --help' for more information on a command.
`

export function* dockerMain(argv: readonly string[], envp: readonly string[]): Program {
  let i = 1
  let debug = false
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i]!
    if (a === '-D' || a === '--debug') debug = true
    else if (a === '--log-level' || a === '-l') debug = argv[++i] === 'debug'
    else if (a.startsWith('--log-level=')) debug = a.slice(12) === 'debug'
    else if (a === '--help' || a === '-h') {
      yield* out(USAGE)
      return 0
    } else if (a === '-v' || a === '--version') {
      yield* out('Docker version 27.3.1, build ce12230\n')
      return 0
    } else {
      yield* err(`unknown flag: ${a}\nSee 'docker --help'.\n${USAGE}`)
      return 125
    }
    i++
  }
  const cmd = argv[i]
  const rest = argv.slice(i + 1)
  const mine = yield* dispatchCommand(cmd, rest, envp) // commands/: ps, port, lifecycle, images, volumes, cp ...
  if (mine !== undefined) return mine
  switch (cmd) {
    case undefined:
      yield* out(USAGE)
      return 0
    case 'run': case 'container': return yield* (cmd === 'run' ? run(rest, envp, debug) : container(rest, envp, debug))
    case 'pull': return yield* pull(rest)
    case 'stop': case 'kill': case 'rm': return yield* lifecycle(cmd, rest)
    case 'stats': return yield* statsCommand(rest)
    case 'top': return yield* top(rest)
    case 'exec': return yield* execCommand(rest, envp)
    case 'network': return yield* networkCommand(rest)
    case 'version': return yield* version()
    case 'info': return yield* info()
    default:
      yield* err(`docker: '${cmd}' is not a docker command.\nSee 'docker --help'\n`)
      return 1
  }
}

function* container(rest: readonly string[], envp: readonly string[], debug: boolean): Sys<number> {
  const [sub, ...args] = rest
  if (sub === 'run') return yield* run(args, envp, debug)
  if (sub === 'top') return yield* dockerMain(['docker', sub, ...args], envp)
  if (sub === 'stop' || sub === 'kill' || sub === 'rm') return yield* lifecycle(sub, args)
  yield* err(`docker: 'container ${sub ?? ''}' is not a docker command.\nSee 'docker --help'\n`)
  return 1
}

function* run(argv: readonly string[], envp: readonly string[], debug: boolean): Sys<number> {
  const prepared = yield* containerSpecFor('run', argv, envp)
  if (typeof prepared === 'number') return prepared
  const spec: ContainerSpec = { ...prepared, timeline: prepared.timeline || debug }
  let r = yield* request({ op: 'container.run', spec, ttyPath: '' })
  if (!r) return 125
  let feeder = 0
  let status = 0
  let saved: Termios | undefined
  let pulled = false
  for (;;) {
    const m = yield* r.next()
    if (m === null || typeof m === 'number') {
      status = 125
      break
    }
    if (m.t === 'error' && !pulled && m.error === `No such image: ${spec.image}`) {
      // docker/cli: the create request first; a missing image is pulled and the request made once more.
      yield* close(r.fd)
      pulled = true
      if (!(yield* pullMissing(spec, 'run'))) return 125
      r = yield* request({ op: 'container.run', spec, ttyPath: '' })
      if (!r) return 125
      continue
    }
    if (m.t === 'error') {
      yield* daemonError(m.error)
      status = startErrorStatus(m.error)
      break
    }
    if (m.t === 'warning') yield* err(m.line + '\n')
    else if (m.t === 'started') {
      if (spec.timeline) yield* err(formatTimeline(m.steps))
      if (spec.detach) {
        yield* out(`${m.id}\n`)
        break
      }
      if (spec.interactive) {
        // -it: our terminal goes raw so every keystroke (^C, ^D too) reaches the container's pty (pty-relay.ts).
        if (m.tty) saved = yield* makeRaw(0)
        const fd = r.fd
        if (m.tty) yield* sendSize(fd)
        feeder = yield* fork(() => feedStdin(fd))
      }
    } else if (m.t === 'out') yield* (m.s === 2 ? err(m.d) : out(m.d))
    else if (m.t === 'exit') {
      status = m.code
      break
    }
  }
  yield* close(r.fd)
  if (feeder > 0) {
    yield* kill(feeder, SIG.SIGKILL)
    yield* wait4(feeder)
  }
  yield* restoreTerminal(0, saved)
  return status
}

/** docker/cli runStartContainerErr: the status comes from the error's text. */
export function startErrorStatus(e: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(e)) return 127
  if (/permission denied|is a directory/.test(e)) return 126
  return 125
}

/** docker pull [-q] NAME[:TAG] (docker/cli image/pull.go runPull: -q discards the progress, the reference is still printed). */
function* pull(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, [{ long: 'quiet', short: 'q', kind: 'bool' }, { long: 'all-tags', short: 'a', kind: 'bool' }, { long: 'platform', kind: 'string' }])
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker pull --help'.\n`)
    return 125
  }
  const ref = p.operands[0]
  if (!ref || p.operands.length > 1) {
    yield* err(`"docker pull" requires exactly 1 argument.\nSee 'docker pull --help'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry\n`)
    return 1
  }
  const quiet = flagBool(p, 'quiet')
  const key = normalizeRef(ref)
  if (!key) {
    yield* err('invalid reference format\n')
    return 1
  }
  if (!ref.includes(':') && !quiet) yield* out('Using default tag: latest\n')
  const have = yield* okReply({ op: 'image.inspect', ref })
  if (!have) return 1
  if (have.found) {
    const [repo, tag] = key.split(':')
    if (!quiet) yield* out(`${tag}: Pulling from library/${repo}\nDigest: ${have.digest}\nStatus: Image is up to date for ${key}\n`)
    yield* out(`docker.io/library/${key}\n`)
    return 0
  }
  if (!(yield* pullImage(ref, quiet ? -1 : 1, 'pull'))) return 1
  yield* out(`docker.io/library/${key}\n`)
  return 0
}

function* lifecycle(cmd: 'stop' | 'kill' | 'rm', argv: readonly string[]): Sys<number> {
  const defs: FlagDef[] = cmd === 'rm' ? [{ long: 'force', short: 'f', kind: 'bool' }] : cmd === 'stop' ? [{ long: 'time', short: 't', kind: 'string' }] : [{ long: 'signal', short: 's', kind: 'string' }]
  const p = parseFlags(argv, defs, true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker ${cmd} --help'.\n`)
    return 125
  }
  if (p.operands.length === 0) {
    yield* err(`"docker ${cmd}" requires at least 1 argument.\nSee 'docker ${cmd} --help'.\n`)
    return 1
  }
  let status = 0
  const sigName = flagStr(p, 'signal')
  const sig = sigName === undefined ? SIG.SIGKILL : /^\d+$/.test(sigName) ? Number(sigName) : (SIG as Record<string, number>)[sigName.startsWith('SIG') ? sigName : 'SIG' + sigName] ?? SIG.SIGKILL
  for (const ref of p.operands) {
    const m = yield* oneReply({ op: `container.${cmd}`, ref, force: flagBool(p, 'force'), time: flagStr(p, 'time'), sig })
    if (!m) return 1
    if (m.t === 'ok') yield* out(ref + '\n')
    else {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  return status
}

function* top(argv: readonly string[]): Sys<number> {
  const m = yield* oneReply({ op: 'container.top', ref: argv[0] ?? '' })
  if (!m) return 1
  if (m.t !== 'ok') {
    yield* err(`Error response from daemon: ${m.error}\n`)
    return 1
  }
  const rows: string[][] = [['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']]
  for (const pid of m.pids) {
    const st = yield* readText(`/proc/${pid}/status`)
    const cmdline = yield* readText(`/proc/${pid}/cmdline`)
    const ppid = /^PPid:\s+(\d+)/m.exec(st)?.[1] ?? '0'
    const uid = /^Uid:\s+(\d+)/m.exec(st)?.[1] ?? '0'
    rows.push([uid === '0' ? 'root' : uid, String(pid), ppid, '0', '00:00', '?', '00:00:00', cmdline.split('\0').filter(Boolean).join(' ')])
  }
  yield* out(table(rows))
  return 0
}

function* readText(path: string): Sys<string> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return ''
  let s = ''
  for (;;) {
    const d = yield* read(fd)
    if (typeof d === 'number' || d === '') break
    s += d
  }
  yield* close(fd)
  return s
}

function* version(): Sys<number> {
  const m = yield* okReply({ op: 'version' })
  yield* out(`Client:
 Version:           27.3.1
 API version:       1.47
 Go version:        go1.22.7
 Git commit:        ce12230
 OS/Arch:           linux/amd64
 Context:           default
`)
  if (!m) return 1
  yield* out(`
Server: Docker Engine - Community (isolab)
 Engine:
  Version:          27.3.1
  API version:      1.47 (minimum version 1.24)
  Go version:       go1.22.7
  OS/Arch:          linux/amd64
 containerd:
  Version:          1.7.22
 runc:
  Version:          ${m.runc}
`)
  return 0
}

function* info(): Sys<number> {
  const m = yield* okReply({ op: 'info' })
  if (!m) return 1
  const total = m.containers, running = m.running
  const sec = m.security.map((s) => `  ${s}\n`).join('')
  const u = yield* uname()
  yield* out(`Client:
 Version:    27.3.1
 Context:    default

Server:
 Containers: ${total}
  Running: ${running}
  Paused: 0
  Stopped: ${total - running}
 Images: ${m.images}
 Server Version: 27.3.1
 Storage Driver: overlay2
 Logging Driver: json-file
 Cgroup Driver: cgroupfs
 Cgroup Version: 2
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 runc version: v${m.runc}
 Security Options:
${sec} Kernel Version: ${u.release}
 Operating System: isolab
 OSType: linux
 Architecture: x86_64
 Total Memory: ${humanBinary(m.memTotal)}
 Docker Root Dir: /var/lib/docker
`)
  return 0
}

const humanBinary = (n: number) => `${Number((n / 2 ** 30).toFixed(2))}GiB`

