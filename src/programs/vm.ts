// vm: manage the host's virtual machines through /dev/kvm (the hypervisor in
// kernel-sim/hypervisor). `virsh` accepts libvirt's verbs for the same things.
import { type SyscallReq } from '../../kernel-sim/abi/index.ts'
import type { Program, VmImage, VmProfile } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import { parseOpts, tryHelp, warn, lastArg, type Parsed } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'
import { openKvm } from './vm/kvm.ts'
import { create, fail, GiB, MiB, simple, start, type CreateOpts } from './vm/lifecycle.ts'
import { info, list, plan, stats } from './vm/report.ts'
import { console, exec } from './vm/session.ts'

const USAGE = `Usage: vm COMMAND [ARGS]
Manage virtual machines: each boots its own guest kernel behind the hypervisor.
  create NAME [--vcpus N] [--memory SIZE] [--image ubuntu|alpine|windows-like]
              [--profile full|microvm]   define a VM (default 1 vCPU, 2G, ubuntu, full)
              [--firmware seabios|none] [--kernel-cmdline ARGS] [--kernel-size SIZE]
              [--units N] [--disk-speed SIZE]   boot settings: what the boot's time is made of
                        (vm exec NAME -- systemd-analyze shows where it went)
              [--kernel VERSION]         the guest kernel's release (uname -r inside)
              [--confine svirt,seccomp,user|jailer]  confine the VMM process on the host
  start NAME [-q]       boot it (shows the console; -q only the boot time)
  stop NAME             power it off
  pause NAME            freeze its vCPUs      resume NAME   thaw them
  destroy NAME          delete a stopped VM
  list                  state, vCPUs, memory, uptime of every VM
  info NAME             one VM: image, kernel, VMM, confinement, host-physical RAM
  stats                 memory: VMM RSS and overhead per VM, host totals
  plan NAME             the boot's steps: what each costs and the work behind it
  exec NAME -- CMD...   run CMD in the guest as root (like ssh); its output comes back
  console NAME          attach to the serial console; Ctrl-] (or end of input) detaches
SIZE: a number with K, M, G or T (a bare number is MiB, as qemu -m takes it).`

const LONG = [
  { name: 'vcpus', hasArg: 'required', val: 'c' },
  { name: 'memory', hasArg: 'required', val: 'm' },
  { name: 'image', hasArg: 'required', val: 'i' },
  { name: 'profile', hasArg: 'required', val: 'p' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
  { name: 'firmware', hasArg: 'required', val: 'F' },
  { name: 'kernel-cmdline', hasArg: 'required', val: 'C' },
  { name: 'kernel-size', hasArg: 'required', val: 'K' },
  { name: 'units', hasArg: 'required', val: 'U' },
  { name: 'disk-speed', hasArg: 'required', val: 'D' },
  { name: 'kernel', hasArg: 'required', val: 'k' },
  { name: 'confine', hasArg: 'required', val: 'Z' },
] as const

/** qemu -m / virsh --memory sizes: K, M, G, T suffixes; a bare number is MiB. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)(?:i?[bB])?$/.exec(text)
  if (!m) return undefined
  const unit = { '': MiB, k: 1024, m: MiB, g: GiB, t: 2 ** 40 }[m[2]!.toLowerCase()]!
  const n = Math.round(Number(m[1]) * unit)
  return n > 0 ? n : undefined
}

export function* vmCommand(argv: readonly string[], envp: readonly string[], prog = 'vm'): Generator<SyscallReq, number, unknown> {
  const sep = argv.indexOf('--')
  const head = sep < 0 ? argv : argv.slice(0, sep)
  const p = yield* parseOpts(head, envp, { short: 'c:m:i:p:qF:C:K:U:D:k:Z:', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const [cmd, name, ...rest] = p.operands
  if (!cmd) {
    yield* warn(prog, 'missing command')
    yield* tryHelp(prog)
    return 1
  }
  const needsName = cmd !== 'list' && cmd !== 'stats'
  if (needsName && !name) {
    yield* warn(prog, `${cmd}: missing VM name`)
    yield* tryHelp(prog)
    return 1
  }
  if (rest.length > 0 && cmd !== 'exec') return yield* fail(`${cmd}: unexpected argument '${rest[0]}'`)
  const fd = yield* openKvm()
  if (fd < 0) return yield* fail(`cannot open /dev/kvm: ${fd === -2 ? 'No such file or directory (no hypervisor here: nested virtualization is not available)' : 'Permission denied'}`)
  switch (cmd) {
    case 'create': {
      const image = (lastArg(p, 'i') ?? 'ubuntu') as VmImage
      const profile = (lastArg(p, 'p') ?? 'full') as VmProfile
      const memText = lastArg(p, 'm')
      const memoryBytes = memText === undefined ? (profile === 'microvm' ? 128 * MiB : image === 'windows-like' ? 4 * GiB : 2 * GiB) : parseSize(memText)
      if (memoryBytes === undefined) return yield* fail(`invalid memory size '${memText}' (e.g. 512M, 2G)`)
      const vcpuText = lastArg(p, 'c') ?? '1'
      if (!/^\d+$/.test(vcpuText)) return yield* fail(`invalid vCPU count '${vcpuText}'`)
      const boot = yield* bootOptions(p)
      if (typeof boot === 'number') return boot
      const kernel = lastArg(p, 'k')
      const confine = lastArg(p, 'Z')?.split(',').filter((c) => c && c !== 'none')
      return yield* create(fd, name!, { vcpus: Number(vcpuText), memoryBytes, image, profile, ...boot, ...(kernel ? { kernel } : {}), ...(confine ? { confine } : {}) })
    }
    case 'start':
      return yield* start(fd, name!, envp, p.opts.some((o) => o.opt === 'q'))
    case 'stop':
    case 'pause':
    case 'resume':
    case 'destroy':
      return yield* simple(fd, cmd, name!)
    case 'list':
      return yield* list(fd)
    case 'info':
      return yield* info(fd, name!)
    case 'stats':
      return yield* stats(fd)
    case 'plan':
      return yield* plan(fd, name!)
    case 'exec': {
      const words = sep < 0 ? rest : argv.slice(sep + 1)
      if (words.length === 0) return yield* fail('exec: missing command (vm exec NAME -- CMD)')
      return yield* exec(fd, name!, words.join(' '))
    }
    case 'console':
      return yield* console(fd, name!)
    default:
      yield* warn(prog, `unknown command '${cmd}'`)
      yield* tryHelp(prog)
      return 1
  }
}

/** --firmware, --kernel-cmdline, --kernel-size, --units, --disk-speed: checked here, costed by the hypervisor. */
function* bootOptions(p: Parsed): Generator<SyscallReq, number | Partial<CreateOpts>, unknown> {
  const o: Partial<CreateOpts> = {}
  const fw = lastArg(p, 'F')
  if (fw !== undefined) {
    if (fw !== 'seabios' && fw !== 'none') return yield* fail(`invalid firmware '${fw}' (expected seabios or none)`)
    o.firmware = fw
  }
  const cmd = lastArg(p, 'C')
  if (cmd !== undefined) o.cmdline = cmd
  const ks = lastArg(p, 'K')
  if (ks !== undefined) {
    const n = parseSize(ks)
    if (n === undefined) return yield* fail(`invalid kernel size '${ks}' (e.g. 14M)`)
    o.kernelBytes = n
  }
  const units = lastArg(p, 'U')
  if (units !== undefined) {
    if (!/^\d+$/.test(units) || Number(units) > 1000) return yield* fail(`invalid unit count '${units}' (0-1000)`)
    o.units = Number(units)
  }
  const disk = lastArg(p, 'D')
  if (disk !== undefined) {
    const n = parseSize(disk)
    if (n === undefined) return yield* fail(`invalid disk speed '${disk}' (bytes per second, e.g. 200M)`)
    o.diskBps = n
  }
  return o
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  return yield* vmCommand(argv, envp)
}

/** virsh's verbs mapped onto vm's (virsh destroy = power off; virsh undefine = delete). */
const VIRSH: Record<string, string> = {
  list: 'list', start: 'start', destroy: 'stop', shutdown: 'stop', suspend: 'pause', resume: 'resume',
  undefine: 'destroy', console: 'console', domstats: 'stats', dominfo: 'info',
}

function* virshMain(argv: readonly string[], envp: readonly string[]): Program {
  const verb = argv[1]
  if (!verb || !(verb in VIRSH)) {
    yield* out(`virsh (isolab): supported commands: ${Object.keys(VIRSH).join(', ')} (see 'vm --help')\n`)
    return verb ? 1 : 0
  }
  const args = argv.slice(2).filter((a) => a !== '--all')
  return yield* vmCommand(['virsh', VIRSH[verb]!, ...args], envp, 'virsh')
}

export const vm: ProgramInfo = {
  name: 'vm', path: '/usr/local/bin/vm', description: 'virtual machines: create, start, exec, console, stats (hypervisor)', main,
}
export const virsh: ProgramInfo = {
  name: 'virsh', path: '/usr/bin/virsh', description: 'libvirt-style aliases for vm (list, start, destroy, suspend, ...)', main: virshMain,
}
