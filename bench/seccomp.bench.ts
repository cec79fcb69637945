// The seccomp check in the syscall dispatch path (issue "Containers",
// security primitives): ns per getpid() round trip with no filter, with
// Docker's default profile (one compiled filter: one Map lookup), and with
// the default profile stacked 8 times (as nested runtimes can do). The
// differences are the gate's cost per call.
import { ELF_PREFIX, createKernel, installFile, runSlice, spawnTask } from '../kernel-sim/index.ts'
import { resolveDockerProfile } from '../src/runtime/seccomp-profile.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../src/runtime/seccomp-default.ts'
import { SECCOMP_SET_MODE_FILTER, type ProgramMain, type SeccompFilterSpec } from '../kernel-sim/abi/index.ts'

export const name = 'seccomp'

const CALLS = Number(process.env.CALLS ?? 1_000_000)
const DOCKER_CAPS = 0xa80425fbn

function nsPerCall(filters: number): number {
  const filter = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, DOCKER_CAPS) as SeccompFilterSpec
  const programs: Record<string, ProgramMain> = {
    init: function* () { for (;;) yield { nr: 'pause', args: [] } },
    loop: function* () {
      for (let i = 0; i < filters; i++) yield { nr: 'seccomp', args: [SECCOMP_SET_MODE_FILTER, 0, filter] }
      for (let i = 0; i < CALLS; i++) yield { nr: 'getpid', args: [] }
      yield { nr: 'exit', args: [0] }
      return 0
    },
  }
  const k = createKernel({
    machine: { cpus: 2, memoryBytes: 8 * 2 ** 30, diskBytes: 2 ** 36 }, seed: 1, hostname: 'bench',
    programs: (n) => programs[n], host: { output: () => {} },
  })
  installFile(k, '/prog', `${ELF_PREFIX}loop\n`, 0o755)
  const t0 = performance.now()
  spawnTask(k, { path: '/prog', argv: ['loop'], envp: [], stdio: { kind: 'host', stdin: '', stdout: 0, stderr: 0 } })
  while (runSlice(k, 1 << 20) === 'busy');
  return ((performance.now() - t0) * 1e6) / CALLS
}

export function run() {
  const none = nsPerCall(0)
  const one = nsPerCall(1)
  const eight = nsPerCall(8)
  return {
    'getpid ns/call, no filter': Number(none.toFixed(1)),
    'getpid ns/call, Docker default': Number(one.toFixed(1)),
    'getpid ns/call, 8 filters': Number(eight.toFixed(1)),
    'gate ns/call, 1 filter': Number((one - none).toFixed(1)),
  }
}
