// The fd-limit table under load (issue "Foundation", Performance):
//  - a simulated open("/dev/null")+close() pair, compared with the real one
//    (bench/c/openclose.c);
//  - one process that raises RLIMIT_NOFILE to 1,048,576 and opens sockets
//    until EMFILE: wall time, heap growth, and a snapshot taken at the end.
import { ELF_PREFIX, createKernel, installFile, runSlice, spawnTask, type Kernel } from '../kernel-sim/index.ts'
import { AF_INET, O_RDONLY, RLIMIT_NOFILE, SOCK_STREAM, type ProgramMain } from '../kernel-sim/abi/index.ts'
import { close, exit, open, prlimit, socket } from '../src/libc/index.ts'

export const name = 'kernel-fd'
export const compare = { c: 'openclose', metric: 'open+close ns/pair', cMetric: 'ns/pair' }

const PAIRS = Number(process.env.PAIRS ?? 1_000_000)
const SOCKETS = Number(process.env.SOCKETS ?? 1_048_576)

function boot(programs: Record<string, ProgramMain>): Kernel {
  const k = createKernel({
    machine: { cpus: 2, memoryBytes: 16 * 2 ** 30, diskBytes: 2 ** 36 },
    seed: 1,
    hostname: 'bench',
    programs: (n) => programs[n],
    host: { output: () => {} },
  })
  return k
}

const init: ProgramMain = function* () {
  for (;;) yield { nr: 'pause', args: [] }
}

/** Runs a program until it exits or sleeps for good. */
function runToRest(k: Kernel, prog: string): void {
  const pid = spawnTask(k, { path: '/prog', argv: [prog], envp: [], stdio: { kind: 'host', stdin: '', stdout: 0, stderr: 0 } })
  if (pid < 0) throw new Error(`spawn failed: ${pid}`)
  while (runSlice(k, 1 << 20) === 'busy');
}

/** The bench program lives at /prog; its ELF stand-in names it. */
function installProg(k: Kernel, name: string): void {
  installFile(k, '/prog', `${ELF_PREFIX}${name}\n`, 0o755)
}

export function run() {
  let opened = 0
  let lastErr = 0
  const programs: Record<string, ProgramMain> = {
    init,
    openclose: function* () {
      for (let i = 0; i < PAIRS; i++) {
        const fd = yield* open('/dev/null', O_RDONLY)
        yield* close(fd)
      }
      return yield* exit(0)
    },
    flood: function* () {
      yield* prlimit(0, RLIMIT_NOFILE, [SOCKETS, SOCKETS])
      for (;;) {
        const fd = yield* socket(AF_INET, SOCK_STREAM)
        if (fd < 0) { lastErr = -fd; break }
        opened++
      }
      for (;;) yield { nr: 'pause', args: [] } // hold them, like fdflood --hold
    },
  }
  const k1 = boot(programs)
  installProg(k1, 'openclose')
  const t0 = performance.now()
  runToRest(k1, 'openclose')
  const pairNs = ((performance.now() - t0) * 1e6) / PAIRS

  globalThis.gc?.()
  const heap0 = process.memoryUsage().heapUsed
  const k2 = boot(programs)
  installProg(k2, 'flood')
  const t1 = performance.now()
  runToRest(k2, 'flood')
  const floodMs = performance.now() - t1
  const snap = k2.snapshot()
  globalThis.gc?.()
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20
  // Snapshots stay cheap at 1M fds: one more socket, one more snapshot, both kept. The new row is a copy
  // of the last socket, read before the clock starts: a socket without a peer is a compact entry, and
  // expanding it into an object is not what this row measures.
  const row = { ...k2.file(snap.files.size)!, id: k2.s.counters.nextFile }
  const t2 = performance.now()
  k2.put('files', row.id, row)
  const snap2 = k2.snapshot()
  const snapMs = performance.now() - t2
  if (snap.files.size !== snap2.files.size - 1) throw new Error('snapshot was mutated')
  if (opened !== SOCKETS - 3) throw new Error(`flood opened ${opened}, errno ${lastErr}`)
  return {
    'open+close ns/pair': pairNs,
    'sockets opened until EMFILE': opened,
    '1M-socket flood ms': floodMs,
    '1M-socket flood heap MB': heapMb,
    'file-nr in snapshot': snap.files.size,
    'one more file + snapshot at 1M fds, ms': snapMs,
  }
}
