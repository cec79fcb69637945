// ver and systeminfo: the windows-like guest's version commands. They ask the
// kernel itself (RtlGetVersion, the nt_version call), so on a Linux kernel
// they fail as a Windows tool would not even start; uname fails the other way
// round on the NT kernel (kernel/personality.ts).
import { strerror, type Program, type SyscallReq } from '../../kernel-sim/abi/index.ts'
import { ntVersion, out, sysinfo, uname } from '../libc/index.ts'
import { warn } from './lib/cmd.ts'

function* version(prog: string): Generator<SyscallReq, { major: number; minor: number; build: number; revision: number } | undefined, unknown> {
  const v = yield* ntVersion()
  if (typeof v === 'number') {
    yield* warn(prog, `RtlGetVersion: ${strerror(-v)} (this kernel is not Windows NT; uname -a names it)`)
    return undefined
  }
  return v
}

export function* verMain(): Program {
  const v = yield* version('ver')
  if (!v) return 1
  yield* out(`\nMicrosoft Windows [Version ${v.major}.${v.minor}.${v.build}.${v.revision}]\n`)
  return 0
}

export function* systeminfoMain(): Program {
  const v = yield* version('systeminfo')
  if (!v) return 1
  const host = (yield* uname()).nodename
  const si = yield* sysinfo()
  const mb = (n: number) => `${Math.floor(n / 2 ** 20).toLocaleString('en-US')} MB`
  const rows: [string, string][] = [
    ['Host Name', host.toUpperCase()],
    ['OS Name', 'Microsoft Windows Server 2022 Datacenter'],
    ['OS Version', `${v.major}.${v.minor}.${v.build} N/A Build ${v.build}`],
    ['System Type', 'x64-based PC'],
    ['Total Physical Memory', mb(si.totalram)],
    ['Available Physical Memory', mb(si.freeram)],
    ['Hyper-V Requirements', 'A hypervisor has been detected. Features required for Hyper-V will not be displayed.'],
  ]
  yield* out('\n' + rows.map(([k, x]) => `${(k + ':').padEnd(27)}${x}\n`).join(''))
  return 0
}

