// A test harness that drives processes one syscall at a time: each test
// process runs a "remote" program that performs whatever call the test asks
// for, so tests read like strace: h.call(pid, 'open', ...) → fd or -errno.
// Test-only: not exported from kernel-sim/index.ts.
import type { Program, ProgramMain, RawSyscallReq, SysName, SyscallReq } from '../abi/index.ts'
import { AT_FDCWD, ELF_PREFIX_TEXT } from './consts.ts'
import { createKernel, installFile, runSlice, spawnTask, type Kernel } from '../index.ts'
import { RLIMIT_NOFILE, type Kpid } from '../abi/index.ts'
import { DEFAULT_VERSIONS } from '../vulns/index.ts'

interface Mailbox {
  req: RawSyscallReq | undefined
  result: unknown
  done: boolean
}

export const PENDING = Symbol('pending')

export interface Harness {
  k: Kernel
  /** Output written to host channels, by channel. */
  out: Map<number, string>
  /** Starts a root process (a child of init) and returns its pid. */
  spawn(opts?: { uid?: number }): Kpid
  /** Performs one syscall in process `pid`; PENDING if it blocked. */
  call(pid: Kpid, nr: SysName, ...args: unknown[]): unknown
  /** open(path, flags) with AT_FDCWD. */
  open(pid: Kpid, path: string, flags?: number, mode?: number): number
  /** Forks `pid`; the child is remote-controlled too. */
  /** The child's kpid, or -errno (typed as a Kpid for the tests' convenience). */
  fork(pid: Kpid, flags?: number): Kpid
  /** Result of a call that blocked, once it completed (PENDING until then). */
  result(pid: Kpid): unknown
  /** Runs the scheduler until nothing is runnable. */
  settle(): void
}

function* remote(box: Mailbox): Program {
  for (;;) {
    if (box.req) {
      const req = box.req
      box.req = undefined
      box.result = yield req as SyscallReq // unchecked: tests also probe the kernel with malformed arguments
      box.done = true
    } else yield { nr: 'pause', args: [] }
  }
}

export function harness(opts: { memoryBytes?: number; cpus?: number; seed?: number; kernel?: string } = {}): Harness {
  const boxes = new Map<Kpid, Mailbox>()
  const out = new Map<number, string>()
  let pendingBox: Mailbox | undefined
  const programs: Record<string, ProgramMain> = {
    // As /sbin/init does: reap whatever is a zombie, sleep until the next SIGCHLD.
    init: function* () {
      yield { nr: 'sigaction', args: [17, 'catch'] }
      for (;;) {
        const r = (yield { nr: 'wait4', args: [-1, 1] }) as { pid: number } | number
        if (typeof r === 'object' && r.pid > 0) continue
        yield { nr: 'sigtake', args: [] }
        yield { nr: 'pause', args: [] }
      }
    },
    remote: () => remote(pendingBox!),
  }
  const k = createKernel({
    machine: { cpus: opts.cpus ?? 2, memoryBytes: opts.memoryBytes ?? 8 * 2 ** 30, diskBytes: 2 ** 36, ...(opts.kernel ? { versions: { ...DEFAULT_VERSIONS, kernel: opts.kernel } } : {}) },
    seed: opts.seed ?? 1,
    hostname: 'test',
    programs: (n) => programs[n],
    host: { output: (ch, d) => out.set(ch, (out.get(ch) ?? '') + d) },
  })
  installFile(k, '/remote', `${ELF_PREFIX_TEXT}remote\n`, 0o755)
  installFile(k, '/etc/hostname', 'test\n', 0o644)
  k.commit()
  runSlice(k, 1000)

  const settle = () => {
    for (let i = 0; i < 1000 && runSlice(k, 100_000) === 'busy'; i++);
  }
  const h: Harness = {
    k,
    out,
    spawn(o = {}) {
      const box: Mailbox = { req: undefined, result: undefined, done: false }
      pendingBox = box
      const uid = o.uid ?? 0
      const pid = spawnTask(k, {
        path: '/remote', argv: ['remote'], envp: [],
        stdio: { kind: 'host', stdin: '', stdout: 1, stderr: 2 },
        ...(uid ? { cred: { ruid: uid, euid: uid, suid: uid, fsuid: uid, rgid: uid, egid: uid, sgid: uid, fsgid: uid, groups: [uid], capPrm: 0n, capEff: 0n, capInh: 0n, capAmb: 0n } } : {}),
      })
      if (pid < 0) throw new Error(`spawn failed ${pid}`)
      boxes.set(pid as Kpid, box) // > 0: the new task's kpid
      settle()
      return pid as Kpid
    },
    call(pid, nr, ...args) {
      const box = boxes.get(pid)
      if (!box) throw new Error(`no remote process ${pid}`)
      if (k.task(pid)?.state === 'Z' || !k.task(pid)) throw new Error(`process ${pid} is gone`)
      box.req = { nr, args }
      box.done = false
      k.sched.makeRunnable(pid, 0)
      settle()
      return box.done ? box.result : PENDING
    },
    open(pid, path, flags = 0, mode = 0o666) {
      return h.call(pid, 'open', AT_FDCWD, path, flags, mode) as number
    },
    fork(pid, flags = 0) {
      const box: Mailbox = { req: undefined, result: undefined, done: false }
      const ret = h.call(pid, 'clone', flags, () => remote(box)) as number
      // clone returns the child's pid in the caller's pid namespace; the harness keys processes by kpid.
      const child = ret > 0 ? k.taskOrOops(pid).children.at(-1)! : (ret as Kpid)
      if (child > 0) boxes.set(child, box)
      settle()
      return child
    },
    result(pid) {
      const box = boxes.get(pid)!
      return box.done ? box.result : PENDING
    },
    settle,
  }
  return h
}

/** Raise a process's RLIMIT_NOFILE (as root). */
export function setNofile(h: Harness, pid: Kpid, soft: number, hard = soft): unknown {
  return h.call(pid, 'prlimit', 0, RLIMIT_NOFILE, [soft, hard])
}
