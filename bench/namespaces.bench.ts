// Namespaces at scale (issue 3, Performance):
//  - 10,000 processes spread over 1,000 containers, each in new pid+net+uts+mnt
//    namespaces (one init + 9 children), created: target ≤ 1 s;
//  - lsns (the real program, reading /proc/PID/ns/* of every process) over them: target ≤ 100 ms;
//  - the cost of a pid-translating syscall (kill(pid, 0) from inside a container)
//    with 1 and with 1,000 namespace sets: it must not grow with the number of namespaces.
import { ELF_PREFIX, createKernel, installFile, runSlice, spawnTask, type Kernel } from '../kernel-sim/index.ts'
import { CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS, type Program, type ProgramMain } from '../kernel-sim/abi/index.ts'
import { clone, exit, kill, pause } from '../src/libc/index.ts'
import { PROGRAMS } from '../src/programs/index.ts'

export const name = 'namespaces'

const CONTAINERS = Number(process.env.CONTAINERS ?? 1000)
const PER = Number(process.env.PER ?? 10)
const CALLS = 200_000
const FLAGS = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWNS

function* sleeper(): Program {
  for (;;) yield* pause()
}

function* containerInit(): Program {
  for (let i = 1; i < PER; i++) yield* clone(0, sleeper)
  for (;;) yield* pause()
}

function* probe(): Program {
  // Inside its own container: pid 2 exists (a sibling), so kill(2, 0) translates and succeeds.
  yield* clone(0, sleeper)
  const t0 = performance.now()
  for (let i = 0; i < CALLS; i++) yield* kill(2, 0)
  probeNs = ((performance.now() - t0) * 1e6) / CALLS
  return yield* exit(0)
}

let probeNs = 0

function boot(): Kernel {
  const user: Record<string, ProgramMain> = Object.fromEntries(PROGRAMS.map((p) => [p.name, p.main]))
  const programs: Record<string, ProgramMain> = {
    ...user,
    init: function* () { for (;;) yield* pause() },
    build: function* () {
      for (let i = 0; i < CONTAINERS; i++) {
        const r = yield* clone(FLAGS, containerInit)
        if (r < 0) throw new Error(`clone failed ${r}`)
      }
      for (;;) yield* pause()
    },
    probe: function* () {
      const r = yield* clone(FLAGS, probe)
      if (r < 0) throw new Error(`clone failed ${r}`)
      for (;;) yield* pause()
    },
  }
  const k = createKernel({
    machine: { cpus: 4, memoryBytes: 64 * 2 ** 30, diskBytes: 2 ** 36 },
    seed: 1, hostname: 'bench', programs: (n) => programs[n], host: { output: (_ch, d) => { lsnsBytes += d.length; lsnsOut += lsnsOut.length < 4096 ? d : '' } },
  })
  for (const n of ['build', 'probe']) installFile(k, `/${n}`, `${ELF_PREFIX}${n}\n`, 0o755)
  installFile(k, '/usr/bin/lsns', `${ELF_PREFIX}lsns\n`, 0o755)
  installFile(k, '/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n', 0o644)
  installFile(k, '/etc/group', 'root:x:0:\n', 0o644)
  return k
}

let lsnsBytes = 0
let lsnsOut = ''

function runToRest(k: Kernel, path: string, argv: string[] = [path]): void {
  const pid = spawnTask(k, { path, argv, envp: [], stdio: { kind: 'host', stdin: '', stdout: 1, stderr: 1 } })
  if (pid < 0) throw new Error(`spawn failed: ${pid}`)
  while (runSlice(k, 1 << 20) === 'busy');
}

function probeCost(k: Kernel): number {
  probeNs = 0
  runToRest(k, '/probe')
  return probeNs
}

export function run() {
  const small = boot()
  const oneNs = probeCost(small)

  const k = boot()
  const t0 = performance.now()
  runToRest(k, '/build')
  const createMs = performance.now() - t0
  const procs = k.s.tasks.size
  const nsSets = k.s.namespaces.size / 4

  lsnsBytes = 0
  lsnsOut = ''
  const t1 = performance.now()
  const c1 = process.cpuUsage()
  runToRest(k, '/usr/bin/lsns', ['lsns'])
  const lsnsMs = performance.now() - t1
  const c2 = process.cpuUsage(c1) // CPU time: comparable on a loaded machine, where wall time is not
  const lines = lsnsOut.split('\n').length

  const manyNs = probeCost(k)
  if (procs < CONTAINERS * PER || lines < 3) throw new Error(`built ${procs} processes, lsns printed ${lines} lines`)
  return {
    'processes': procs,
    'namespace sets': nsSets,
    'create 10k procs in 1k ns sets, ms (≤ 1000)': createMs,
    'lsns over them, ms (≤ 100)': lsnsMs,
    'lsns over them, CPU ms': (c2.user + c2.system) / 1000,
    'lsns output KB': lsnsBytes / 1024,
    'kill(pid,0) ns/call, 1 ns set': oneNs,
    'kill(pid,0) ns/call, 1k ns sets': manyNs,
  }
}
