// The seed's example at full scale (issue 5, Performance): "Container A
// allocates 1 million connections". A 32 GiB host (fs.file-max 3,355,443);
// two processes each raise RLIMIT_NOFILE and make 524,288 socket()+connect()
// pairs to remote web servers (203.0.113.1-38:80: 28,232 ephemeral ports per
// destination, so 19 destinations each), 1,048,576 connections in all, and
// hold them. Target: ≤ 2 s wall, ≤ 512 MB heap.
//   npm run bench -- connections        (CONNS=... to change the total)
import { ELF_PREFIX, createKernel, installFile, runSlice, spawnTask, type Kernel } from '../kernel-sim/index.ts'
import { AF_INET, RLIMIT_NOFILE, SOCK_STREAM, type ProgramMain, type SockAddr } from '../kernel-sim/abi/index.ts'
import { connect, prlimit, socket } from '../src/libc/index.ts'

export const name = 'connections'
export const runs = 3

const CONNS = Number(process.env.CONNS ?? 1_048_576)
const PROCS = 2
const PER_DEST = 28_232

function boot(programs: Record<string, ProgramMain>): Kernel {
  return createKernel({
    machine: { cpus: 2, memoryBytes: 32 * 2 ** 30, diskBytes: 2 ** 36 },
    seed: 1,
    hostname: 'bench',
    programs: (n) => programs[n],
    host: { output: () => {} },
  })
}

export function run() {
  const per = CONNS / PROCS
  const made: number[] = []
  const errors: number[] = []
  const dests = (first: number): SockAddr[] =>
    Array.from({ length: Math.ceil(per / PER_DEST) }, (_, i) => ({ family: 'inet', addr: `203.0.113.${first + i}`, port: 80 }))
  const flood = (idx: number): ProgramMain => function* () {
    yield* prlimit(0, RLIMIT_NOFILE, [per + 3, per + 3])
    const to = dests(1 + idx * Math.ceil(per / PER_DEST))
    let n = 0
    while (n < per) {
      const fd = yield* socket(AF_INET, SOCK_STREAM)
      if (fd < 0) { errors.push(-fd); break }
      const r = yield* connect(fd, to[Math.floor(n / PER_DEST)]!)
      if (r < 0) { errors.push(-r); break }
      n++
    }
    made[idx] = n
    for (;;) yield { nr: 'pause', args: [] } // hold them, like fdflood --hold
  }
  const programs: Record<string, ProgramMain> = {
    init: function* () { for (;;) yield { nr: 'pause', args: [] } },
    flood0: flood(0),
    flood1: flood(1),
  }
  globalThis.gc?.()
  const heap0 = process.memoryUsage().heapUsed
  const k = boot(programs)
  for (let i = 0; i < PROCS; i++) installFile(k, `/flood${i}`, `${ELF_PREFIX}flood${i}\n`, 0o755)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < PROCS; i++) {
    const pid = spawnTask(k, { path: `/flood${i}`, argv: [`flood${i}`], envp: [], stdio: { kind: 'host', stdin: '', stdout: 0, stderr: 0 } })
    if (pid < 0) throw new Error(`spawn failed: ${pid}`)
  }
  while (runSlice(k, 1 << 20) === 'busy');
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const snap = k.snapshot()
  globalThis.gc?.()
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20
  const total = made.reduce((a, b) => a + b, 0)
  if (total !== CONNS) throw new Error(`made ${total} connections, errno ${errors.join(',')}`)
  return {
    connections: total,
    'file-nr': snap.files.size,
    'fs.file-max': snap.coarse.sysctl.fileMax,
    '1M-connection flood ms': ms,
    '1M-connection flood heap MB': heapMb,
    // CPU time of this process (GC helper threads included): steadier than wall time on a shared machine.
    '1M-connection flood CPU ms': (cpu.user + cpu.system) / 1000,
    'virtual s': snap.nowNs / 1e9,
  }
}
