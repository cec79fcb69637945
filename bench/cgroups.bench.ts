// cgroups v2 under load (issue 4, Performance):
//  - a fork bomb against pids.max=10000 settles (every bomb process refused, waiting) — wall ms;
//  - 1,000 cgroups with all four controllers enabled and 10 processes each: creating
//    them (mkdir, limits, moving the processes in) — wall ms;
//  - reading every pids.current and memory.current of those 1,000 cgroups — wall ms;
//  - scheduling 1,000 runnable CPU-bound tasks (in those cgroups, half of them under
//    cpu.max) for one virtual second — wall ms.
import { ELF_PREFIX, createKernel, installFile, runSlice, spawnTask, type Kernel } from '../kernel-sim/index.ts'
import { O_RDONLY, O_WRONLY, type Program, type ProgramMain } from '../kernel-sim/abi/index.ts'
import { close, cpu, fork, getpid, mkdir, nanosleep, open, read, write } from '../src/libc/index.ts'

export const name = 'cgroups'
/** Each run builds 10,000 processes; three runs give a median. */
export const runs = 3

const CG = '/sys/fs/cgroup'
const GROUPS = Number(process.env.GROUPS ?? 1000)
const PER_GROUP = 10

function boot(programs: Record<string, ProgramMain>): Kernel {
  const k = createKernel({
    machine: { cpus: 4, memoryBytes: 64 * 2 ** 30, diskBytes: 2 ** 36 },
    seed: 1, hostname: 'bench', programs: (n) => programs[n], host: { output: () => {} },
  })
  installFile(k, '/prog', `${ELF_PREFIX}main\n`, 0o755)
  return k
}

const init: ProgramMain = function* () {
  for (;;) yield { nr: 'pause', args: [] }
}

function* put(path: string, data: string): Program {
  const fd = yield* open(path, O_WRONLY)
  if (fd < 0) throw new Error(`open ${path}: ${fd}`)
  const r = yield* write(fd, data)
  if (r < 0) throw new Error(`write ${path} ${data}: ${r}`)
  yield* close(fd)
  return 0
}

function* get(path: string): Program {
  const fd = yield* open(path, O_RDONLY)
  yield* read(fd, 4096)
  yield* close(fd)
  return 0
}

/** Runs until nothing is runnable (sleepers stay asleep). */
function settle(k: Kernel): void {
  while (runSlice(k, 1 << 20) === 'busy');
}

function start(k: Kernel): void {
  if (spawnTask(k, { path: '/prog', argv: ['main'], envp: [], stdio: { kind: 'host', stdin: '', stdout: 0, stderr: 0 } }) < 0) throw new Error('spawn')
}

function forkBomb(): number {
  let refused = 0
  const bomb = function* (): Program {
    for (;;) {
      const pid = yield* fork(bomb)
      if (pid < 0) { refused++; break }
    }
    yield* nanosleep(3600e9)
    return 0
  }
  const k = boot({
    init,
    main: function* () {
      yield* mkdir(`${CG}/bomb`)
      yield* put(`${CG}/bomb/pids.max`, '10000')
      yield* put(`${CG}/bomb/cgroup.procs`, '0')
      return yield* bomb()
    },
  })
  const t0 = performance.now()
  start(k)
  settle(k)
  const ms = performance.now() - t0
  const cur = k.s.cgroups.rows.get(1)!.pidsCurrent
  if (cur !== 10000 || refused !== 10000) throw new Error(`bomb: pids.current ${cur}, refused ${refused}`)
  return ms
}

export function run() {
  const bombMs = forkBomb()

  // 1,000 cgroups x 10 processes, all four controllers.
  let phase = 'create'
  const worker = function* (): Program {
    for (;;) {
      if (phase === 'burn') yield* cpu(1_000_000)
      else yield { nr: 'pause', args: [] }
    }
  }
  const k = boot({
    init,
    main: function* () {
      for (let g = 0; g < GROUPS; g++) {
        const dir = `${CG}/g${g}`
        yield* mkdir(dir)
        yield* put(`${dir}/pids.max`, '100')
        yield* put(`${dir}/memory.max`, '256M')
        yield* put(`${dir}/io.max`, '254:0 wbps=10485760')
        if (g % 2) yield* put(`${dir}/cpu.max`, '50000 100000')
        for (let i = 0; i < PER_GROUP; i++) {
          const pid = yield* fork(worker)
          yield* put(`${dir}/cgroup.procs`, String(pid))
        }
      }
      yield* getpid()
      for (;;) yield { nr: 'pause', args: [] }
    },
    reader: function* () {
      for (let g = 0; g < GROUPS; g++) {
        yield* get(`${CG}/g${g}/pids.current`)
        yield* get(`${CG}/g${g}/memory.current`)
      }
      return 0
    },
  })
  installFile(k, '/reader', `${ELF_PREFIX}reader\n`, 0o755)
  const t0 = performance.now()
  start(k)
  settle(k)
  const createMs = performance.now() - t0
  if (k.s.cgroups.rows.size !== GROUPS + 1) throw new Error(`groups: ${k.s.cgroups.rows.size}`)

  const t1 = performance.now()
  const r = spawnTask(k, { path: '/reader', argv: ['reader'], envp: [], stdio: { kind: 'host', stdin: '', stdout: 0, stderr: 0 } })
  if (r < 0) throw new Error('spawn reader')
  settle(k)
  const readMs = performance.now() - t1

  // Wake every worker: 10,000 tasks would be 10x the target; the first 1,000 burn.
  phase = 'burn'
  let woken = 0
  for (const t of k.s.tasks.values()) {
    if (t.cgroup > 0 && t.state === 'S' && woken < 1000) {
      k.sched.makeRunnable(t.kpid, 0)
      woken++
    }
  }
  const t2 = performance.now()
  const end = k.s.nowNs + 1e9
  while (k.s.nowNs < end) if (runSlice(k, 100_000) !== 'busy') throw new Error('nothing ran')
  const schedMs = performance.now() - t2
  return {
    'fork bomb vs pids.max=10000, ms': bombMs,
    '1000 cgroups x 10 procs, create ms': createMs,
    'read 2000 *.current files, ms': readMs,
    '1000 runnable tasks for 1 virtual s, ms': schedMs,
  }
}
