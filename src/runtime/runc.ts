// runc(8), the OCI runtime: `runc --version` prints what its binary was built
// as (runc's main.go: version, spec). Which modelled runc bugs a machine has
// follows this version (kernel-sim/vulns/runc-cves.ts).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { err, out, type Sys } from '../libc/index.ts'
import { binaryVersion } from '../programs/lib/binary-version.ts'

export const RUNC_PATH = '/usr/bin/runc'
/** The OCI runtime-spec version runc 1.1/1.2 report. */
const SPEC = '1.0.2-dev'

/** The runc version this host's /usr/bin/runc was built as (dockerd asks, as `docker info` shows it). */
export function* runcVersion(): Sys<string | undefined> {
  return yield* binaryVersion(RUNC_PATH)
}

export function* runcMain(argv: readonly string[]): Program {
  const a = argv[1]
  if (a === '--version' || a === '-v' || a === 'version') {
    const v = (yield* binaryVersion('/proc/self/exe')) ?? 'unknown'
    // SIMPLIFICATION: no commit/go/libseccomp lines (isolab's binaries record only a version).
    yield* out(`runc version ${v}\nspec: ${SPEC}\n`)
    return 0
  }
  yield* err(a === undefined
    ? 'runc: the OCI runtime; isolab runs it for you through docker (try: runc --version)\n'
    : `runc: '${a}' is not a runc command isolab models (try: runc --version)\n`)
  return a === undefined ? 0 : 1
}
