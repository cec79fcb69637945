// Command-line parsing for the `isolab` bin. Global options come before the
// command; everything after the command belongs to it (like `bash -c ... $0 $1`).
import { parseArgs } from 'node:util'
import { parseSize } from './size.ts'
import { parseVersionOptions, type ComponentVersions, type VersionOption } from '../../kernel-sim/index.ts'

export interface GlobalOptions {
  seed: number
  memoryBytes?: number
  cpus?: number
  /** --kernel, --runc, --qemu, --cpu, --mitigations: the machine's component versions. */
  versions?: Partial<ComponentVersions>
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'interactive'; opts: GlobalOptions }
  | { kind: 'sh'; opts: GlobalOptions; sh: ShArgs }
  | { kind: 'lab' | 'scenario'; opts: GlobalOptions; args: string[] } // parsed by labs-cli.ts
  | { kind: 'compare'; opts: GlobalOptions; cve: string; json: boolean }

export type ShArgs =
  | { source: 'string'; script: string; name?: string; args: string[] } // sh -c 'LINES' [NAME [ARGS]]
  | { source: 'file'; path: string; args: string[] } // sh FILE [ARGS]  ("-" = stdin)
  | { source: 'stdin' } // sh < file, or interactive when stdin is a terminal

/** A usage error: message printed as `isolab: <message>`, then the --help hint, exit 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: isolab [OPTIONS] [COMMAND]

An educational isolation sandbox: a simulated Linux host in your terminal.

Commands:
  (none)                 interactive shell as root on a fresh simulated host
  sh -c 'LINES' [NAME [ARG...]]
                         run shell lines non-interactively; exit with their status
  sh FILE [ARG...]       run a script file from your disk
  sh < FILE              run a script read from standard input
  scenario list | show NAME | run NAME [--seed N] [--json] [--compare]
                         narrated attack scenarios (scenarios/**/*.yaml)
  lab list | start NAME | validate FILE... | report | grade REPORT...
                         self-checking labs: tasks, hints, reports and grading
  compare CVE-ID [--json]
                         the same exploit in every topology (containers, VMs, microVM):
                         outcome, what it reached (probed secrets), what stopped it
  vulns [--json] [CVE-ID...]
                         the modelled CVEs: component, vulnerable versions, whether
                         this machine (see --kernel, --runc, ...) has them, defences
  density | cost | advise [OPTIONS]
                         VMs vs containers packed on a host, money per month, and the
                         article's decision matrix as questions (--help of each)

Options:
  --seed N               seed for every random choice (default 1): same seed and
                         input give the same transcript
  --memory SIZE          simulated RAM, e.g. 512M, 8G (default 8G)
  --cpus N               simulated CPUs (default 2)
  --kernel VERSION       host kernel release, as uname -r prints it (default 6.8.0-isolab)
  --runc VERSION         runc version (default 1.2.5)
  --qemu VERSION         QEMU version of qemu-system-x86_64 (default 8.2.2)
  --cpu MODEL            CPU model, by QEMU -cpu name (default Icelake-Server)
  --mitigations auto|off the kernel's mitigations= for CPU bugs (default auto)
  --smt on|off           simultaneous multithreading; off boots with nosmt (default on)
  -h, --help             show this help and exit
  -V, --version          print the version and exit
`

const GLOBAL = {
  seed: { type: 'string' },
  memory: { type: 'string' },
  cpus: { type: 'string' },
  kernel: { type: 'string' },
  runc: { type: 'string' },
  qemu: { type: 'string' },
  cpu: { type: 'string' },
  mitigations: { type: 'string' },
  smt: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const

export function parseCommandLine(argv: string[]): Command {
  // Globals end at the first positional (the command): find it without failing on unknowns.
  const { tokens } = parseArgs({ args: argv, options: GLOBAL, strict: false, allowPositionals: true, tokens: true })
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator')
  const cut = first ? first.index : argv.length
  const rest = argv.slice(first?.kind === 'option-terminator' ? cut + 1 : cut)

  let values
  try {
    ;({ values } = parseArgs({ args: argv.slice(0, cut), options: GLOBAL, strict: true, allowPositionals: false }))
  } catch (e) {
    throw toUsageError(e)
  }
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }

  const opts: GlobalOptions = { seed: 1 }
  if (values.seed !== undefined) opts.seed = parseInteger('--seed', values.seed, 0)
  if (values.cpus !== undefined) opts.cpus = parseInteger('--cpus', values.cpus, 1)
  if (values.memory !== undefined) {
    const bytes = parseSize(values.memory)
    if (bytes === undefined || bytes <= 0) throw new UsageError(`invalid memory size '${values.memory}' (expected e.g. 512M, 8G)`)
    opts.memoryBytes = bytes
  }

  const versions = parseVersions(values)
  if (versions) opts.versions = versions

  const [cmd, ...args] = rest
  if (cmd === undefined) return { kind: 'interactive', opts }
  if (cmd === 'sh' || cmd === 'bash') return { kind: 'sh', opts, sh: parseSh(args) }
  if (cmd === 'lab' || cmd === 'scenario') return { kind: cmd, opts, args }
  if (cmd === 'compare') return parseCompare(opts, args)
  // Tools that run one program on a fresh machine built with these options.
  if (MACHINE_TOOLS.includes(cmd)) return { kind: 'sh', opts, sh: { source: 'string', script: [cmd, ...args].map(shellQuote).join(' '), args: [] } }
  throw new UsageError(`unknown command '${cmd}'`)
}

/** `isolab vulns ...` runs `vulns ...` on the machine (the program sees the versions as any program does). */
const MACHINE_TOOLS = ['vulns', 'density', 'cost', 'advise']

const shellQuote = (s: string) => (/^[A-Za-z0-9_./=:,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

function parseCompare(opts: GlobalOptions, args: string[]): Command {
  const json = args.includes('--json')
  const rest = args.filter((a) => a !== '--json')
  const bad = rest.find((a) => a.startsWith('-'))
  if (bad) throw new UsageError(`compare: unrecognized option '${bad}'`)
  if (rest.length !== 1) throw new UsageError(`compare: expected one CVE id (e.g. isolab compare CVE-2022-0185), got ${rest.length}`)
  return { kind: 'compare', opts, cve: rest[0]!, json }
}

function parseSh(args: string[]): ShArgs {
  const [a, ...rest] = args
  if (a === undefined) return { source: 'stdin' }
  if (a === '-c') {
    if (rest.length === 0) throw new UsageError(`sh: -c: option requires an argument`)
    const [script, name, ...params] = rest
    return name === undefined ? { source: 'string', script: script!, args: [] } : { source: 'string', script: script!, name, args: params }
  }
  if (a === '-s' && rest.length === 0) return { source: 'stdin' }
  if (a === '--') return rest.length ? { source: 'file', path: rest[0]!, args: rest.slice(1) } : { source: 'stdin' }
  if (a.startsWith('-') && a !== '-') throw new UsageError(`sh: unrecognized option '${a}'`)
  return { source: 'file', path: a, args: rest }
}

/** The same check as the web app's settings dialog (parseVersionOptions), worded as a usage error. */
function parseVersions(values: Partial<Record<VersionOption, string>>): Partial<ComponentVersions> | undefined {
  const r = parseVersionOptions(values)
  if (!r.ok) throw new UsageError(`${r.what} '${r.value}' for --${r.name} (expected ${r.expected})`)
  return Object.keys(r.versions).length ? r.versions : undefined
}

function parseInteger(name: string, s: string, min: number): number {
  if (!/^\d+$/.test(s) || Number(s) < min || !Number.isSafeInteger(Number(s))) {
    throw new UsageError(`invalid value '${s}' for ${name} (expected an integer >= ${min})`)
  }
  return Number(s)
}

// node:util errors are verbose; reword them like GNU getopt does.
function toUsageError(e: unknown): UsageError {
  const err = e as { code?: string; message?: string }
  const opt = /'(-[^']*)'/.exec(err.message ?? '')?.[1] ?? '?'
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unrecognized option '${opt}'`)
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`option '${opt.split(/[ =]/)[0]}' requires an argument`)
    default:
      return new UsageError(err.message ?? String(e))
  }
}
