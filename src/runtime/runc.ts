// runc(8), the OCI runtime: `runc --version` prints what its binary was built
// as (runc's main.go: version, spec). Which modelled runc bugs a machine has
// follows this version (kernel-sim/vulns/runc-cves.ts).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { cpu, err, out, type Sys } from '../libc/index.ts'
import { binaryVersion } from '../programs/lib/binary-version.ts'
import { GO_START_NS, runcExecMain } from './runc-exec.ts'

export const RUNC_PATH = '/usr/bin/runc'
/** The OCI runtime-spec version runc 1.1/1.2 report. */
const SPEC = '1.0.2-dev'

/** The runc version this host's /usr/bin/runc was built as (dockerd asks, as `docker info` shows it). */
export function* runcVersion(): Sys<string | undefined> {
  return yield* binaryVersion(RUNC_PATH)
}

/** Global options that take a value (runc's main.go): skipped to find the command. */
const GLOBAL_WITH_VALUE = new Set(['--root', '--log', '--log-format', '--criu', '--rootless'])

export function* runcMain(argv: readonly string[], envp: readonly string[]): Program {
  yield* cpu(GO_START_NS)
  let i = 1
  while (argv[i]?.startsWith('--') && argv[i] !== '--version') i += GLOBAL_WITH_VALUE.has(argv[i]!) ? 2 : 1
  const a = argv[i]
  if (a === 'exec') return yield* runcExecMain(argv, envp)
  if (a === '--version' || a === '-v' || a === 'version') {
    const v = (yield* binaryVersion('/proc/self/exe')) ?? 'unknown'
    // SIMPLIFICATION: no commit/go/libseccomp lines (isolab's binaries record only a version).
    yield* out(`runc version ${v}\nspec: ${SPEC}\n`)
    return 0
  }
  if (a === undefined) {
    yield* err('runc: the OCI runtime; isolab runs it for you through docker (try: runc --version)\n')
    return 0
  }
  // urfave/cli's answer to a command it does not know (what `docker exec` shows when /bin/sh is "#!/proc/self/exe").
  yield* err(`No help topic for '${a}'\n`)
  return 3
}
